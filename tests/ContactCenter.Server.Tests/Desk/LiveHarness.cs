using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Desk;

/// <summary>
/// The real server on SQLite with its telephony bridge pointed at an <see cref="AmiStage"/> replaying a fixture
/// as site <c>gz</c> (the fixture's agent-1001 is the demo seat agent-1001 at gz), and helpers to sign in over
/// HTTP and open hub connections with the sign-in cookie.
/// </summary>
public sealed class LiveHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly List<HubConnection> _connections = [];

    private LiveHarness(AmiStage stage, RunningServer server)
    {
        Stage = stage;
        Server = server;
    }

    public AmiStage Stage { get; }

    public RunningServer Server { get; }

    public TelephonyBridge Bridge => Server.Services.GetRequiredService<TelephonyBridge>();

    public static async Task<LiveHarness> StartAsync(string listenerRx = "s1-answered-survey/ami-site-a-listener.rx", int wrapUpSeconds = 30)
    {
        var stage = new AmiStage(listenerRx);
        var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Telephony:Sites:0:Code"] = "gz",
            ["Telephony:Sites:0:AmiHost"] = "127.0.0.1",
            ["Telephony:Sites:0:AmiPort"] = stage.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Telephony:Sites:0:AmiUsername"] = "bridge",
            ["Telephony:Sites:0:AmiSecret"] = "bridge-secret",
            ["Telephony:Sites:0:AmiAuthType"] = "Plain",
            ["Telephony:Sites:0:AmiPingInterval"] = "00:00:00",
            ["Telephony:Sites:0:WrapUpSeconds"] = wrapUpSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Wallboard:RefreshInterval"] = "00:00:00.2",
        });
        var harness = new LiveHarness(stage, server);
        await Until(() => harness.Bridge.IsSiteUp("gz"), "the bridge's link to the stage");
        return harness;
    }

    /// <summary>Signs in over HTTP; the client keeps the cookie, which hub connections reuse.</summary>
    public async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(string login)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Server.Address, Timeout = Timeout };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password = DemoLogins.Password }).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"sign-in as {login}");
        return (client, cookies);
    }

    /// <summary>A started hub connection that records every message it receives, by method name.</summary>
    public async Task<HubRecorder> ConnectAsync(string path, CookieContainer cookies, params string[] methods)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.Address, path), options => options.Cookies = cookies)
            .AddJsonProtocol(json =>
            {
                json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
            })
            .Build();
        var recorder = new HubRecorder(connection, Timeout);
        foreach (var method in methods)
        {
            connection.On<JsonElement>(method, message => recorder.Add(method, message));
        }

        _connections.Add(connection);
        await connection.StartAsync().WaitAsync(Timeout);
        return recorder;
    }

    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await Server.DisposeAsync();
        await Stage.DisposeAsync();
    }
}
