using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Users;
using ContactCenter.Data.Sites;
using ContactCenter.Data.Users;
using ContactCenter.Server.Auth;
using ContactCenter.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// The whole live path: the real server (SQLite, demo seed plus 1,000 seats, 500 a site) with its bridge on two
/// loopback fake Asterisks; 1,000 seat desktops and 50 wallboards connected with the SignalR client; 50 new calls
/// a second (join, ring after 0.5 s, answer after 1.5 s, end after 19.2 s). Pop latency is from the Timestamp the
/// fake Asterisk writes on AgentCalled to the moment the seat's client has the CallOffered message. CPU and memory
/// are of this process, which also runs the clients and the fake Asterisks (an upper bound for the server).
/// Options: --seconds N (default 30).
/// </summary>
internal sealed class DesktopBenchmark : IBenchmark
{
    private const int SeatsPerSite = 500;

    /// <summary>Demo customer #1's number, so every pop finds a customer (policy 300125).</summary>
    private const string CallerNumber = "13812345678";
    private const int Wallboards = 50;

    public string Name => "desktop";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var seconds = args.Length > 1 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var directory = Directory.CreateTempSubdirectory("cc-desktop-bench-").FullName;
        await using var gz = new FakeAsterisk("gz", 1001, SeatsPerSite, CallerNumber);
        await using var sh = new FakeAsterisk("sh", 2001, SeatsPerSite, CallerNumber);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "bench.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Scheduling:Enabled"] = "false",
        };
        foreach (var (site, i) in new[] { gz, sh }.Select((s, i) => (s, i)))
        {
            settings[$"Telephony:Sites:{i}:Code"] = site.Code;
            settings[$"Telephony:Sites:{i}:AmiHost"] = "127.0.0.1";
            settings[$"Telephony:Sites:{i}:AmiPort"] = site.Port.ToString(CultureInfo.InvariantCulture);
            settings[$"Telephony:Sites:{i}:AmiUsername"] = "bench";
            settings[$"Telephony:Sites:{i}:AmiSecret"] = "bench-secret";
            settings[$"Telephony:Sites:{i}:AmiAuthType"] = "Plain";
            settings[$"Telephony:Sites:{i}:AmiPingInterval"] = "00:00:00";
            settings[$"Telephony:Sites:{i}:WrapUpSeconds"] = "0";
        }

        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0", "--environment", "Benchmark"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await using (app)
        {
            await ServerHost.StartAsync(app, cancellationToken);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            log.WriteLine($"server at {address}; seeding {2 * SeatsPerSite} seats");
            var cookies = await SeedAsync(app, cancellationToken);
            await Task.WhenAll(gz.Ready, sh.Ready).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);

            var latencies = new List<double>(200_000);
            var popped = 0;
            var clients = new List<HubConnection>();
            log.WriteLine($"connecting {cookies.Seats.Count} seat desktops and {Wallboards} wallboards");
            foreach (var batch in cookies.Seats.Chunk(50))
            {
                var connections = batch.Select(cookie => Connect(address, "/hubs/agent", cookie, connection =>
                    connection.On<JsonElement>("CallOffered", delta =>
                    {
                        var arrived = DateTimeOffset.UtcNow;
                        var rang = delta.GetProperty("call").GetProperty("ringingAt").GetDateTimeOffset();
                        lock (latencies)
                        {
                            latencies.Add((arrived - rang).TotalMilliseconds);
                            popped++;
                        }
                    }))).ToList();
                await Task.WhenAll(connections.Select(c => c.StartAsync(cancellationToken)));
                clients.AddRange(connections);
            }

            var wallboardMessages = 0L;
            foreach (var i in Enumerable.Range(0, Wallboards))
            {
                var connection = Connect(address, "/hubs/wallboard", cookies.Supervisors[i % cookies.Supervisors.Count],
                    c => c.On<JsonElement>("Delta", _ => Interlocked.Increment(ref wallboardMessages)));
                await connection.StartAsync(cancellationToken);
                clients.Add(connection);
            }

            log.WriteLine($"driving 50 calls/s for {seconds} s");
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var (calls, _) = await FakeAsterisk.DriveAsync(gz, sh, seconds, cancellationToken);
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / clock.Elapsed.TotalMilliseconds * 100;
            await Task.Delay(500, cancellationToken);
            process.Refresh();
            var memory = process.WorkingSet64 / (1024.0 * 1024.0);

            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await app.StopAsync(cancellationToken);
            List<double> sorted;
            lock (latencies)
            {
                sorted = [.. latencies.Order()];
            }

            double P(double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
            log.WriteLine($"  {calls} calls rang seats, {popped} pops arrived, {Interlocked.Read(ref wallboardMessages)} wallboard deltas; pop latency max {(sorted.Count == 0 ? double.NaN : sorted[^1]):0.0} ms");
            log.WriteLine($"  CPU {cpu:0}% of one core for the whole process (server, {clients.Count} clients, fake Asterisks); {Environment.ProcessorCount} cores");
            try
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp cleaner.
            }

            return string.Create(CultureInfo.InvariantCulture, $"pop latency p50 {P(0.5):0.0} ms p99 {P(0.99):0.0} ms, server CPU {cpu:0}%, memory {memory:0} MB");
        }
    }

    private static HubConnection Connect(Uri address, string path, Cookie cookie, Action<HubConnection> register)
    {
        var container = new CookieContainer();
        container.Add(address, cookie);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, path), options =>
            {
                options.Cookies = container;
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)))
            .Build();
        register(connection);
        return connection;
    }

    /// <summary>500 seats a site in queue complaints, a seat user each, and sign-in cookies minted with the server's own cookie protector.</summary>
    private static async Task<(List<Cookie> Seats, List<Cookie> Supervisors)> SeedAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var sites = app.Services.GetRequiredService<SiteQueries>();
        var users = app.Services.GetRequiredService<UserQueries>();
        var cookieOptions = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        Cookie Mint(User user)
        {
            var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(2), IssuedUtc = DateTimeOffset.UtcNow };
            var ticket = new AuthenticationTicket(CurrentUser.PrincipalFor(user), properties, CookieAuthenticationDefaults.AuthenticationScheme);
            return new Cookie("cc-auth", cookieOptions.TicketDataFormat.Protect(ticket));
        }

        var existing = (await users.ListAsync(null, cancellationToken)).ToDictionary(u => u.Login, StringComparer.Ordinal);
        var seats = new List<Cookie>();
        foreach (var (code, first) in new[] { ("gz", 1001), ("sh", 2001) })
        {
            for (var i = 0; i < SeatsPerSite; i++)
            {
                var extension = (first + i).ToString(CultureInfo.InvariantCulture);
                var seat = new Seat($"agent-{extension}", code, extension, $"{code}-{extension}");
                seat.JoinQueue($"{code}/complaints");
                await sites.UpsertSeatAsync(seat, cancellationToken);
                if (!existing.TryGetValue(extension, out var user))
                {
                    var id = await users.InsertAsync(new User(0, extension, seat.DisplayName, "pbkdf2-sha256$1$AAAA$AAAA", Role.Seat, code, seat.Id), cancellationToken);
                    user = new User(id, extension, seat.DisplayName, "x", Role.Seat, code, seat.Id);
                }

                seats.Add(Mint(user));
            }
        }

        return (seats, [Mint(existing["super-gz"]), Mint(existing["super-sh"])]);
    }
}
