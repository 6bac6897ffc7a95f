using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Seats;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Ivr;
using ContactCenter.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// A whole contact center on this machine: two real Asterisk 22.5 sites (gz, sh) loaded from the shipped
/// <c>telephony-config/</c> through <see cref="TelephonyOverlay"/>, the real server host (the same
/// <c>ServerHost</c> as <c>dotnet run</c>, on a SQLite file) with its bridge and FastAGI IVR pointed at them, the
/// prompts rendered by <c>ivr prompts</c>, and sipp phones for seats. Everything (ports, folders, processes) belongs
/// to the fixture and is removed on dispose, whatever the tests did.
/// </summary>
public sealed class CenterFixture : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly SemaphoreSlim PromptLock = new(1, 1);
    private static string? _prompts;

    private readonly Dictionary<string, Sipp> _phones = [];
    private readonly List<HubConnection> _connections = [];
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<string, TcpRelay> _relays = [];

    private CenterFixture(string root, PortBlock ports)
    {
        Root = root;
        Ports = ports;
        Gz = new SitePlan(ports, 0, "gz", "sh", "1", "9001");
        Sh = new SitePlan(ports, 1, "sh", "gz", "2", "9002");
    }

    public string Root { get; }

    public PortBlock Ports { get; }

    public SitePlan Gz { get; }

    public SitePlan Sh { get; }

    public AsteriskSite SiteGz { get; private set; } = null!;

    public AsteriskSite SiteSh { get; private set; } = null!;

    public RunningServer Server { get; private set; } = null!;

    public TelephonyBridge Bridge => Server.Services.GetRequiredService<TelephonyBridge>();

    public string PromptDirectory { get; private set; } = string.Empty;

    public AsteriskSite Site(SitePlan plan) => plan == Gz ? SiteGz : SiteSh;

    /// <summary>The relay the bridge's AMI link to the site runs through, when the fixture was started with one.</summary>
    public TcpRelay AmiRelay(SitePlan plan) => _relays.TryGetValue(plan.Code, out var relay)
        ? relay
        : throw new InvalidOperationException("This fixture was started without AMI relays (CenterTests.RelayAmi).");

    /// <summary>
    /// Starts everything; a missing Asterisk, sipp, espeak-ng or sox skips (or, under CI, fails) the test. With
    /// <paramref name="relayAmi"/> the bridge reaches each site's AMI through a <see cref="TcpRelay"/> a test can cut.
    /// </summary>
    public static async Task<CenterFixture> StartAsync(IDictionary<string, string?>? settings = null, bool relayAmi = false)
    {
        await RequireToolsAsync();
        var prompts = await RenderPromptsAsync();
        // Every port the two sites bind, as offsets in a block (a plan over the block that starts at 0).
        var ports = PortBlock.Reserve([.. new[] { 0, 1 }.SelectMany(i => new SitePlan(PortBlock.Relative, i, "x", "y", "1", "9001").BoundPorts)]);
        var root = Directory.CreateTempSubdirectory("cc-e2e-").FullName;
        var center = new CenterFixture(root, ports);
        try
        {
            center.SiteGz = new AsteriskSite(center.Gz, center.Sh, root, prompts);
            center.SiteSh = new AsteriskSite(center.Sh, center.Gz, root, prompts);
            center.PromptDirectory = prompts;
            await Task.WhenAll(center.SiteGz.StartAsync(CancellationToken.None), center.SiteSh.StartAsync(CancellationToken.None));
            if (relayAmi)
            {
                center._relays[center.Gz.Code] = new TcpRelay(center.Gz.AmiPort);
                center._relays[center.Sh.Code] = new TcpRelay(center.Sh.AmiPort);
            }

            center.Server = await RunningServer.StartAsync(center.ServerSettings(settings), Path.Combine(root, "server"), builder =>
            {
                builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(root, "server.log")));
                builder.Services.AddSingleton(EveryDayWorking(DateTime.UtcNow.Year));
            });
            await UntilAsync(() => center.Bridge.IsSiteUp("gz") && center.Bridge.IsSiteUp("sh"), "the bridge's AMI links to both sites");
            return center;
        }
        catch
        {
            await center.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A business calendar for this year and the next in which every day is a working day: the telephony scenarios (callback
    /// dialling windows above all) do not depend on the day CI runs, nor on the shipped calendar running out at a year's end.
    /// </summary>
    private static BusinessCalendar EveryDayWorking(int year)
    {
        var years = new[] { year, year + 1 }.Select(y => new
        {
            year = y,
            source = "end-to-end fixture",
            holidays = Array.Empty<object>(),
            workingDays = Enumerable.Range(0, DateTime.IsLeapYear(y) ? 366 : 365)
                .Select(d => new DateOnly(y, 1, 1).AddDays(d))
                .Where(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                .Select(d => new { date = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), @for = "end-to-end" }),
        });
        return BusinessCalendar.Parse(JsonSerializer.Serialize(new { years }));
    }

    /// <summary>The server's settings for this fixture: both sites, their IVR listeners, the rendered prompts, 24×7 hours.</summary>
    public Dictionary<string, string?> ServerSettings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ivr:PromptDirectory"] = PromptDirectory,
            ["Ivr:Schedules:hotline"] = "24x7",
            ["Wallboard:RefreshInterval"] = "00:00:00.5",
            ["Logging:LogLevel:ContactCenter"] = "Information",
        };
        foreach (var (site, i) in new[] { (Gz, 0), (Sh, 1) })
        {
            var key = $"Telephony:Sites:{i}:";
            settings[key + "Code"] = site.Code;
            settings[key + "AmiHost"] = "127.0.0.1";
            settings[key + "AmiPort"] = (_relays.TryGetValue(site.Code, out var relay) ? relay.Port : site.AmiPort).ToString(CultureInfo.InvariantCulture);
            settings[key + "AmiUsername"] = "cc-bridge";
            settings[key + "AmiSecret"] = site.AmiSecret;
            settings[key + "AgiListenAddress"] = $"127.0.0.1:{site.AgiPort}";
            settings[key + "WrapUpSeconds"] = TelephonyOverlay.WrapUpSeconds.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Puts a sipp phone with <paramref name="scenario"/> at the seat's (or supervisor's) static contact, replacing the one there.</summary>
    public async Task PhoneAsync(SitePlan site, string extension, SippScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (_phones.Remove(extension, out var old))
        {
            await old.DisposeAsync();
        }

        _phones[extension] = Sipp.Phone(this, site.PhonePort(extension), scenario);
        // sipp binds its port at once; give it a moment before Asterisk sends the first INVITE.
        await Task.Delay(150);
    }

    /// <summary>Starts a caller at <paramref name="site"/> from its <paramref name="slot"/>-th caller port.</summary>
    public Sipp Call(SitePlan site, SippScenario scenario, int slot = 0, int calls = 1, double rate = 1, int limit = 1)
    {
        ArgumentNullException.ThrowIfNull(site);
        var sipp = Sipp.Call(this, site, site.CallerPortRange.ElementAt(slot), scenario, calls: calls, rate: rate, limit: limit);
        _owned.Add(sipp);
        return sipp;
    }

    /// <summary>A seat or supervisor signed in over HTTP (the client keeps the cookie).</summary>
    public async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(string login)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Server.Address, Timeout = Timeout };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password = DemoLogins.Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"sign-in as {login}");
        return (client, cookies);
    }

    /// <summary>A started hub connection that records every message of <paramref name="methods"/>.</summary>
    public async Task<HubRecorder> ConnectAsync(string path, CookieContainer cookies, params string[] methods)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.Address, path), options => options.Cookies = cookies)
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)))
            .Build();
        var recorder = new HubRecorder(connection, TimeSpan.FromSeconds(60));
        foreach (var method in methods)
        {
            connection.On<JsonElement>(method, message => recorder.Add(method, message));
        }

        _connections.Add(connection);
        await connection.StartAsync();
        return recorder;
    }

    /// <summary>Signs a seat in on the desk (agent hub) and logs it in ready; its phone must already be listening.</summary>
    public async Task<Seat> SeatAsync(SitePlan site, string extension, SippScenario phone)
    {
        await PhoneAsync(site, extension, phone);
        var (client, cookies) = await SignInAsync(extension);
        var desk = await ConnectAsync("/hubs/agent", cookies, "Snapshot", "StateChanged", "CallOffered", "CallAnswered", "CallEnded", "CallCleared");
        await desk.Connection.InvokeAsync("LogIn", true);
        var seat = new Seat(site, extension, client, desk);
        await UntilAsync(() => seat.State == "ready", $"seat {extension} ready");
        return seat;
    }

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Ends the phones and callers of one test, and logs every seat out, so the next test starts clean.</summary>
    public async Task ResetAsync()
    {
        foreach (var relay in _relays.Values)
        {
            relay.Restore();
        }

        // Calls first: a seat on a call or in wrap-up cannot log out, and the next test's seat must start logged out.
        foreach (var site in new[] { SiteGz, SiteSh })
        {
            await site.CliAsync("channel request hangup all", CancellationToken.None);
        }

        foreach (var connection in _connections)
        {
            await LogOutAsync(connection);
            await connection.DisposeAsync();
        }

        _connections.Clear();
        // Cleared first: what one test left behind is never disposed again by the next.
        var owned = _owned.Concat(_phones.Values).ToList();
        _owned.Clear();
        _phones.Clear();
        foreach (var item in owned)
        {
            await item.DisposeAsync();
        }

        // Again after the phones and callers are gone: a killed sipp leaves its channels, and a campaign may have dialled meanwhile.
        foreach (var site in new[] { SiteGz, SiteSh })
        {
            await site.CliAsync("channel request hangup all", CancellationToken.None);
        }
    }

    /// <summary>Logs a desk connection's seat out, waiting out the end of its call and its wrap-up (at most 20 s).</summary>
    private async Task LogOutAsync(HubConnection connection)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await connection.InvokeAsync("LogOut").WaitAsync(TimeSpan.FromSeconds(5));
                return;
            }
            catch (HubException error) when (error.Message.Contains("desk.error.state", StringComparison.Ordinal) && DateTime.UtcNow < until && AnySeatBusy())
            {
                // Still talking or in wrap-up: the seat cannot log out yet.
                await Task.Delay(250);
            }
            catch (Exception error) when (error is HubException or InvalidOperationException or TimeoutException)
            {
                // Not a desk connection, already logged out, or gone.
                return;
            }
        }
    }

    private bool AnySeatBusy() => Bridge.SiteCodes.SelectMany(Bridge.SeatsOf)
        .Any(s => s.State is AgentState.Ringing or AgentState.OnCall or AgentState.WrapUp);

    /// <summary>What a failed test needs to be understood: the tails of both Asterisk logs.</summary>
    public string Diagnostics() =>
        string.Join("\n", new[] { SiteGz, SiteSh }.Where(s => s is not null).Select(s => $"=== Asterisk {s.Plan.Code}\n{Tail(s.ConsoleLog(), 6000)}")
            .Append($"=== server\n{Tail(ServerLog(), 6000)}"));

    /// <summary>What the server logged so far.</summary>
    public string ServerLog() => File.Exists(Path.Combine(Root, "server.log")) ? ReadShared(Path.Combine(Root, "server.log")) : string.Empty;

    private static string ReadShared(string path)
    {
        using var reader = new StreamReader(File.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ResetAsync();
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException or NullReferenceException)
        {
            // Tear down the rest anyway.
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        foreach (var relay in _relays.Values)
        {
            await relay.DisposeAsync();
        }

        foreach (var site in new[] { SiteGz, SiteSh })
        {
            if (site is not null)
            {
                await site.DisposeAsync();
            }
        }

        // CC_E2E_KEEP=1 keeps the folder (configs, Asterisk logs, sipp scenarios and errors) to look into a failure.
        if (Environment.GetEnvironmentVariable("CC_E2E_KEEP") == "1")
        {
            await TestContext.Progress.WriteLineAsync($"end-to-end fixture kept in {Root}");
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open is left for the temp cleaner.
        }
    }

    private static async Task RequireToolsAsync()
    {
        if (!File.Exists(Locations.AsteriskBinary))
        {
            // Install the shipped build as CI does; needs root (apt-get for its few libraries, /opt).
            var (code, output) = await Tool.RunAsync("/bin/bash", [Locations.AsteriskInstaller], TimeSpan.FromMinutes(5), CancellationToken.None);
            if (code != 0 || !File.Exists(Locations.AsteriskBinary))
            {
                MissingDependency.Report($"Asterisk 22.5 is not installed and {Locations.AsteriskInstaller} failed ({code}): {output}");
            }
        }

        if (Locations.Sipp is null)
        {
            MissingDependency.Report("sipp is not installed (Debian: apt-get install sip-tester)");
        }

        if (!IvrPromptGenerator.ToolsAvailable())
        {
            MissingDependency.Report("espeak-ng and sox are needed to render the IVR prompts (Debian: apt-get install espeak-ng sox)");
        }
    }

    /// <summary>Renders the shipped flows' prompts once per test run with the product's own <c>ivr prompts</c>.</summary>
    private static async Task<string> RenderPromptsAsync()
    {
        await PromptLock.WaitAsync();
        try
        {
            if (_prompts is not null)
            {
                return _prompts;
            }

            var output = Path.Combine(Path.GetTempPath(), $"cc-e2e-prompts-{Environment.ProcessId}");
            using var log = new StringWriter();
            var code = await IvrCommandLine.RunAsync(["prompts", Locations.IvrFlows, output], log, CancellationToken.None);
            Assert.That(code, Is.Zero, $"ivr prompts failed:\n{log}");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(output);
            return _prompts = output;
        }
        finally
        {
            PromptLock.Release();
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    private static string Tail(string text, int length) => text.Length > length ? text[^length..] : text;
}

/// <summary>A seat signed in on the desk: its HTTP client, its agent-hub messages and its state as the desk shows it.</summary>
public sealed record Seat(SitePlan Site, string Extension, HttpClient Client, HubRecorder Desk)
{
    /// <summary>The seat's state from the latest Snapshot or StateChanged message (kebab-case, e.g. <c>ready</c>).</summary>
    public string? State => LastState() is { } state ? state.GetProperty("state").GetString() : null;

    /// <summary>The reason of the seat's latest state (示忙 reasons, <c>未接</c> after a ring-no-answer), or null.</summary>
    public string? Reason => LastState() is { } state && state.TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    private JsonElement? LastState()
    {
        var last = Desk.Messages.LastOrDefault(m => m.Method is "StateChanged" or "Snapshot");
        return last.Method is "StateChanged" or "Snapshot" ? last.Message.GetProperty("state") : null;
    }
}
