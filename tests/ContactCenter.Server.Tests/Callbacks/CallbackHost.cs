using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using ContactCenter.Server.Hosting;
using ContactCenter.Server.Tests.Desk;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Callbacks;

/// <summary>
/// The real server (SQLite, demo seed, scheduler on) with its bridge linked to an <see cref="AmiStage"/> as site gz, on a
/// clock moved forward to the next China working day inside calling hours when today is not one (callbacks are only
/// made on working days), so the tests mean the same on a Sunday. Seeds callback campaigns on request.
/// </summary>
public sealed class CallbackHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private CallbackHost(WebApplication app, AmiStage stage, string directory, Uri address, TimeProvider time)
    {
        App = app;
        Stage = stage;
        Directory = directory;
        Address = address;
        Time = time;
    }

    public WebApplication App { get; }

    public AmiStage Stage { get; }

    public string Directory { get; }

    public Uri Address { get; }

    public TimeProvider Time { get; }

    public IServiceProvider Services => App.Services;

    public TelephonyBridge Bridge => Services.GetRequiredService<TelephonyBridge>();

    public static async Task<CallbackHost> StartAsync()
    {
        var stage = new AmiStage("s1-answered-survey/ami-site-a-listener.rx");
        var directory = System.IO.Directory.CreateTempSubdirectory("cc-callbacks-").FullName;
        var time = new ShiftedTime(ShiftToCallingHours(TimeProvider.System.GetUtcNow()));
        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "contactcenter.db")}",
                ["Logging:LogLevel:Default"] = "Warning",
                ["FastAgi:Port"] = "0",
                // These tests make their own campaigns; the demo's would take their tasks.
                ["Demo:Campaigns"] = "false",
                ["Telephony:Sites:0:Code"] = "gz",
                ["Telephony:Sites:0:AmiHost"] = "127.0.0.1",
                ["Telephony:Sites:0:AmiPort"] = stage.Port.ToString(CultureInfo.InvariantCulture),
                ["Telephony:Sites:0:AmiUsername"] = "bridge",
                ["Telephony:Sites:0:AmiSecret"] = "bridge-secret",
                ["Telephony:Sites:0:AmiAuthType"] = "Plain",
                ["Telephony:Sites:0:AmiPingInterval"] = "00:00:00",
                ["Scheduling:Dialer:TickInterval"] = "00:00:00.5",
            });
            builder.Services.AddSingleton<TimeProvider>(time);
        });
        await ServerHost.StartAsync(app, CancellationToken.None).WaitAsync(Timeout);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var host = new CallbackHost(app, stage, directory, address, time);
        await LiveHarness.Until(() => host.Bridge.IsSiteUp("gz"), "the bridge's link to the stage");
        return host;
    }

    /// <summary>A campaign of gz assigned to <paramref name="seats"/>, calling 08:00-21:00.</summary>
    public async Task<Campaign> CampaignAsync(CampaignKind kind, DialingMode mode, params string[] seats)
    {
        var campaigns = Services.GetRequiredService<CampaignQueries>();
        var id = await campaigns.InsertAsync(new Campaign(0, $"{kind} {mode}", kind, "gz", new CallingWindow(new TimeOnly(8, 0), new TimeOnly(21, 0)), 3, mode: mode),
            CancellationToken.None).WaitAsync(Timeout);
        await campaigns.AssignSeatsAsync(id, seats, CancellationToken.None).WaitAsync(Timeout);
        return (await campaigns.GetAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
    }

    /// <summary>A client signed in over HTTP with a demo login (keeps the cookie).</summary>
    public async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(string login)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = Timeout };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password = DemoLogins.Password }).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"sign-in as {login}");
        return (client, cookies);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Stage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A late writer; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Zero when it is a working day between 09:00 and 19:00 in China now, else the way to the next working day 10:00.</summary>
    private static TimeSpan ShiftToCallingHours(DateTimeOffset now)
    {
        var calendar = BusinessCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, BusinessCalendar.ShippedFileName)));
        var local = now.ToOffset(BusinessCalendar.ChinaOffset);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (CallingSchedule.IsCallingDay(today, calendar) && local.Hour is >= 9 and < 19)
        {
            return TimeSpan.Zero;
        }

        var day = today.AddDays(1);
        while (!CallingSchedule.IsCallingDay(day, calendar))
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), BusinessCalendar.ChinaOffset) - now;
    }

    /// <summary>The system clock moved by a fixed amount; timers run in real time.</summary>
    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
