using System.Net;
using System.Net.Http.Json;
using ContactCenter.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ContactCenter.Server.Tests.Support;

/// <summary>
/// The real server host (Kestrel on a loopback port, a real SQLite file in a temp folder, the shipped
/// migrations and demo seed), started the way <c>dotnet run</c> starts it.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string directory, Uri address)
    {
        _app = app;
        Directory = directory;
        Address = address;
    }

    /// <summary>The folder holding this server's database file; deleted on dispose.</summary>
    public string Directory { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningServer> StartAsync(IDictionary<string, string?>? settings = null, string? directory = null, Action<WebApplicationBuilder>? configure = null)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("cc-server-").FullName;
        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "contactcenter.db")}",
                ["Logging:LogLevel:Default"] = "Warning",
                // The IVR's FastAGI server on a free port, never the real 4573 (tests run beside each other and a dev server).
                ["FastAgi:Port"] = "0",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            configure?.Invoke(builder);
        });
        await ServerHost.StartAsync(app, CancellationToken.None).WaitAsync(Timeout);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningServer(app, directory, new Uri(address));
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (so tests can see them).</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = Timeout };

    /// <summary>A client signed in with a demo login.</summary>
    public async Task<HttpClient> SignInAsync(string login, string password = DemoLogins.Password)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password }).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"sign-in as {login}");
        return client;
    }

    public async Task StopAsync() => await _app.StopAsync().WaitAsync(Timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left for the temp cleaner; the test result does not depend on it.
        }
    }
}

/// <summary>The demo logins the seed creates (printed by the server at start).</summary>
public static class DemoLogins
{
    public const string Password = "demo1234";
    public const string SeatGuangzhou = "1001";
    public const string SeatShanghai = "2001";
    public const string SupervisorGuangzhou = "super-gz";
    public const string SupervisorShanghai = "super-sh";
    public const string Admin = "admin";
}
