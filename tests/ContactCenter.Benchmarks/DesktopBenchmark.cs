using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
    private const int Wallboards = 50;

    public string Name => "desktop";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var seconds = args.Length > 1 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var directory = Directory.CreateTempSubdirectory("cc-desktop-bench-").FullName;
        await using var gz = new FakeAsterisk("gz", 1001);
        await using var sh = new FakeAsterisk("sh", 2001);
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
            var calls = await DriveAsync(gz, sh, seconds, cancellationToken);
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

    private static async Task<int> DriveAsync(FakeAsterisk a, FakeAsterisk b, int seconds, CancellationToken cancellationToken)
    {
        var schedule = new PriorityQueue<(FakeAsterisk Site, int Call, int Seat, int Step), long>();
        var clock = Stopwatch.StartNew();
        var next = 0;
        while (clock.Elapsed.TotalSeconds < seconds || schedule.Count > 0)
        {
            var now = clock.ElapsedMilliseconds;
            while (clock.Elapsed.TotalSeconds < seconds && next * 20L <= now)
            {
                var site = next % 2 == 0 ? a : b;
                var call = next / 2;
                schedule.Enqueue((site, call, call % SeatsPerSite, 0), next * 20L);
                next++;
            }

            while (schedule.TryPeek(out var item, out var due) && due <= now)
            {
                schedule.Dequeue();
                var (site, call, seat, step) = item;
                await site.WriteAsync(site.Step(call, seat, step), cancellationToken);
                if (step < 3)
                {
                    schedule.Enqueue((site, call, seat, step + 1), due + step switch { 0 => 500, 1 => 1000, _ => 17_700 });
                }
            }

            await Task.Delay(2, cancellationToken);
        }

        return next;
    }

    /// <summary>A loopback AMI peer: answers Login, the resync lists and any action, adds 500 members, then writes the calls it is given.</summary>
    private sealed class FakeAsterisk : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _firstSeat;
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _write = new(1, 1);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serve;
        private NetworkStream? _stream;

        public FakeAsterisk(string code, int firstSeat)
        {
            Code = code;
            _firstSeat = firstSeat;
            _listener.Start();
            _serve = ServeAsync();
        }

        public string Code { get; }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task Ready => _ready.Task;

        public async Task WriteAsync(string text, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            var stamp = string.Create(CultureInfo.InvariantCulture, $"{now / 1_000_000}.{now % 1_000_000:000000}");
            var bytes = Encoding.UTF8.GetBytes(text.Replace("{ts}", stamp, StringComparison.Ordinal));
            await _write.WaitAsync(cancellationToken);
            try
            {
                await _stream!.WriteAsync(bytes, cancellationToken);
            }
            finally
            {
                _write.Release();
            }
        }

        /// <summary>Step 0 enters and queues (the caller is demo customer #1's number, policy 300125), 1 rings a seat, 2 connects, 3 completes and hangs up.</summary>
        public string Step(int call, int seat, int step)
        {
            var id = $"{Code}-1795458000.{call}";
            var agentId = $"{Code}-1795458000.a{call}";
            var ext = (_firstSeat + seat).ToString(CultureInfo.InvariantCulture);
            var caller = $"Channel: PJSIP/caller-{call:x8}\r\nChannelState: 6\r\nCallerIDNum: 13812345678\r\nContext: inbound\r\nExten: 95518\r\nUniqueid: {id}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID={id}\r\nChanVariable: CC_INTENT=complaint\r\n";
            var dest = $"DestChannel: PJSIP/{ext}-{call:x8}\r\nDestUniqueid: {agentId}\r\nDestLinkedid: {id}\r\nDestChanVariable: CC_CALLID={id}\r\n";
            var member = $"Queue: complaints\r\nInterface: PJSIP/{ext}\r\nMemberName: agent-{ext}\r\n";
            return step switch
            {
                0 => $"Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: {{ts}}\r\nChannel: PJSIP/caller-{call:x8}\r\nCallerIDNum: 13812345678\r\nContext: inbound\r\nExten: 95518\r\nUniqueid: {id}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID=\r\nChanVariable: CC_INTENT=\r\n\r\n"
                    + $"Event: VarSet\r\nPrivilege: dialplan,all\r\nTimestamp: {{ts}}\r\n{caller}Variable: __CC_CALLID\r\nValue: {id}\r\n\r\n"
                    + $"Event: VarSet\r\nPrivilege: dialplan,all\r\nTimestamp: {{ts}}\r\n{caller}Variable: CC_POLICY\r\nValue: 300125\r\n\r\n"
                    + $"Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}Queue: complaints\r\nPosition: 1\r\nCount: 1\r\n\r\n",
                1 => $"Event: AgentCalled\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}{dest}{member}\r\n",
                2 => $"Event: QueueCallerLeave\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}Queue: complaints\r\nPosition: 1\r\nCount: 0\r\n\r\n"
                    + $"Event: AgentConnect\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}{dest}{member}HoldTime: 1\r\nRingTime: 1\r\n\r\n",
                _ => $"Event: AgentComplete\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}{dest}{member}HoldTime: 1\r\nTalkTime: 18\r\nReason: agent\r\n\r\n"
                    + $"Event: Hangup\r\nPrivilege: call,all\r\nTimestamp: {{ts}}\r\nChannel: PJSIP/{ext}-{call:x8}\r\nContext: agents\r\nUniqueid: {agentId}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID={id}\r\nCause: 16\r\n\r\n"
                    + $"Event: Hangup\r\nPrivilege: call,all\r\nTimestamp: {{ts}}\r\n{caller}Cause: 16\r\n\r\n",
            };
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _stream?.Dispose();
            await _serve.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
            _write.Dispose();
        }

        private async Task ServeAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.NoDelay = true;
            _stream = client.GetStream();
            await _stream.WriteAsync(Encoding.ASCII.GetBytes("Asterisk Call Manager/11.0.0\r\n"), _stop.Token);
            var buffer = new byte[65536];
            var pending = new StringBuilder();
            while (!_stop.IsCancellationRequested)
            {
                var read = await _stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                var text = pending.ToString();
                int end;
                while ((end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    var action = text[..end];
                    text = text[(end + 4)..];
                    var id = action.Split("\r\n").FirstOrDefault(l => l.StartsWith("ActionID: ", StringComparison.Ordinal))?[10..] ?? string.Empty;
                    var name = action.Split("\r\n")[0][8..];
                    var reply = name switch
                    {
                        "Login" => $"Response: Success\r\nActionID: {id}\r\nMessage: Authentication accepted\r\n\r\nEvent: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n",
                        "QueueStatus" => $"Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\nEvent: QueueStatusComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n",
                        "CoreShowChannels" => $"Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\nEvent: CoreShowChannelsComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n"
                            + Members(),
                        _ => $"Response: Success\r\nActionID: {id}\r\nMessage: ok\r\n\r\n",
                    };
                    await _write.WaitAsync(_stop.Token);
                    try
                    {
                        await _stream.WriteAsync(Encoding.UTF8.GetBytes(reply), _stop.Token);
                    }
                    finally
                    {
                        _write.Release();
                    }

                    if (name == "CoreShowChannels")
                    {
                        _ready.TrySetResult();
                    }
                }

                pending.Clear().Append(text);
            }
        }

        private string Members()
        {
            var builder = new StringBuilder();
            for (var i = 0; i < SeatsPerSite; i++)
            {
                var ext = (_firstSeat + i).ToString(CultureInfo.InvariantCulture);
                builder.Append(CultureInfo.InvariantCulture, $"Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: complaints\r\nMemberName: agent-{ext}\r\nInterface: PJSIP/{ext}\r\nStateInterface: PJSIP/{ext}\r\nPenalty: 0\r\nStatus: 1\r\nPaused: 0\r\nPausedReason: \r\n\r\n");
            }

            return builder.ToString();
        }
    }
}
