using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ContactCenter.Telephony.Agi;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// FastAGI server load, on loopback:
/// (1) sessions/s — 20,000 short sessions (environment, 3 commands, close), 200 peers at a time;
/// (2) round trip — 1,000 sessions open at once, each sending 40 <c>GET VARIABLE</c> commands 100 ms apart
/// (a prompt playing; sessions start at random points of that cycle).
/// What is measured: the command round trip as the script sees it, on the server's clock — from the call to
/// <see cref="AgiSession.GetVariableAsync"/> (encode, write) to the script resuming with the parsed reply.
/// The peers stand in for Asterisk: a raw socket loop each that answers every command line at once with
/// <c>200 result=1 (…)</c>. By default they run in a second process (this program, mode <c>agi-peers</c>) so
/// the server and the peers do not share one thread pool; <c>--in-process</c> runs them in this process.
/// Phase 3 runs the same peers and pacing against a bare socket loop (no AGI code): the floor this machine
/// allows at that moment, to tell our overhead from the scheduler's.
/// Options: [--in-process].
/// </summary>
internal sealed class AgiBenchmark : IBenchmark
{
    private const string Environment = "agi_network: yes\nagi_network_script: bench\nagi_channel: PJSIP/caller-00000000\nagi_uniqueid: site-a-1.0\nagi_callerid: 0\n\n";
    private static readonly byte[] Reply = "200 result=1 (site-a-1.0)\n"u8.ToArray();

    public string Name => "agi";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        if (args.Length > 0 && args[0] == "agi-peers")
        {
            // Child mode: agi-peers <port> <sessions> <at once>.
            var endpoint = new IPEndPoint(IPAddress.Loopback, int.Parse(args[1], CultureInfo.InvariantCulture));
            await RunPeersAsync(endpoint, int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), cancellationToken);
            return "peers done";
        }
        var inProcess = args.Contains("--in-process");

        var roundTrips = new System.Collections.Concurrent.ConcurrentBag<long[]>();
        var commandsPerSession = 3;
        var pause = TimeSpan.Zero;
        var router = new AgiScriptRouter().Map("bench", async (session, token) =>
        {
            var times = new long[commandsPerSession];
            if (pause > TimeSpan.Zero)
            {
                // Calls do not arrive in lock-step: each session starts at its own point of the prompt cycle.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * pause.TotalMilliseconds), token);
            }
            for (var i = 0; i < times.Length; i++)
            {
                if (pause > TimeSpan.Zero && i > 0)
                {
                    await Task.Delay(pause, token);
                }
                var start = Stopwatch.GetTimestamp();
                await session.GetVariableAsync("CC_CALLID", token);
                times[i] = Stopwatch.GetTimestamp() - start;
            }
            roundTrips.Add(times);
        });
        await using var server = new FastAgiServer(Options.Create(new FastAgiOptions { Port = 0, DrainTimeout = TimeSpan.FromMilliseconds(200) }),
            router, TimeProvider.System, NullLogger<FastAgiServer>.Instance);
        await server.StartAsync(cancellationToken);
        var port = server.LocalEndPoint.Port;
        log.WriteLine($"peers: {(inProcess ? "in this process" : "in a second process")}; {System.Environment.ProcessorCount} cores");

        // Phase 1: sessions per second.
        const int Sessions = 20_000;
        var started = Stopwatch.GetTimestamp();
        await PeersAsync(port, Sessions, 200, inProcess, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var sessionsPerSecond = Sessions / elapsed.TotalSeconds;
        log.WriteLine($"phase 1: {Sessions:N0} sessions of {commandsPerSession} commands in {elapsed.TotalSeconds:F2} s");
        await WaitForIdleAsync(server, cancellationToken);

        // Phase 2: 1000 concurrent sessions, paced commands.
        roundTrips.Clear();
        commandsPerSession = 40;
        pause = TimeSpan.FromMilliseconds(100);
        started = Stopwatch.GetTimestamp();
        var peers = PeersAsync(port, 1000, 1000, inProcess, cancellationToken);
        var peak = 0;
        while (!peers.IsCompleted)
        {
            peak = Math.Max(peak, server.ActiveSessions);
            await Task.WhenAny(peers, Task.Delay(10, cancellationToken));
        }
        await peers;
        await WaitForIdleAsync(server, cancellationToken);
        var all = roundTrips.SelectMany(t => t).Order().ToArray();
        double Ms(double fraction) => all[Math.Min(all.Length - 1, (int)(all.Length * fraction))] * 1000.0 / Stopwatch.Frequency;
        log.WriteLine($"phase 2: {all.Length:N0} commands, peak {peak} concurrent sessions, p50 {Ms(0.50):F3} ms, p90 {Ms(0.90):F3} ms, p99 {Ms(0.99):F3} ms, p99.9 {Ms(0.999):F3} ms, max {Ms(1):F3} ms, in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

        // Phase 3: the floor — the same peers and pacing against a raw socket loop instead of FastAgiServer, so
        // what the machine (timers, thread pool, loopback, other processes) costs shows apart from our code.
        var floor = await FloorAsync(inProcess, cancellationToken);
        double FloorMs(double fraction) => floor[Math.Min(floor.Length - 1, (int)(floor.Length * fraction))] * 1000.0 / Stopwatch.Frequency;
        log.WriteLine($"phase 3 (floor, raw sockets, no AGI code): {floor.Length:N0} commands, p50 {FloorMs(0.50):F3} ms, p90 {FloorMs(0.90):F3} ms, p99 {FloorMs(0.99):F3} ms, p99.9 {FloorMs(0.999):F3} ms");
        return $"{sessionsPerSecond:N0} sessions/s, p99 command round trip {Ms(0.99):F3} ms at {peak} concurrent sessions";
    }

    private static async Task<long[]> FloorAsync(bool inProcess, CancellationToken cancellationToken)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1024);
        var times = new System.Collections.Concurrent.ConcurrentBag<long[]>();
        var command = "GET VARIABLE CC_CALLID\n"u8.ToArray();
        var serving = Task.Run(async () =>
        {
            var sessions = new List<Task>();
            for (var n = 0; n < 1000; n++)
            {
                var socket = await listener.AcceptAsync(cancellationToken);
                socket.NoDelay = true;
                sessions.Add(Task.Run(async () =>
                {
                    using var _ = socket;
                    var buffer = new byte[512];
                    var received = 0;
                    while (buffer.AsSpan(0, received).IndexOf("\n\n"u8) < 0)
                    {
                        received += await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
                    }
                    var own = new long[40];
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * 100), cancellationToken);
                    for (var i = 0; i < own.Length; i++)
                    {
                        if (i > 0)
                        {
                            await Task.Delay(100, cancellationToken);
                        }
                        var start = Stopwatch.GetTimestamp();
                        await socket.SendAsync(command, SocketFlags.None, cancellationToken);
                        received = 0;
                        do
                        {
                            received += await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
                        }
                        while (buffer.AsSpan(0, received).IndexOf((byte)'\n') < 0);
                        own[i] = Stopwatch.GetTimestamp() - start;
                    }
                    times.Add(own);
                    socket.Shutdown(SocketShutdown.Send);
                }, cancellationToken));
            }
            await Task.WhenAll(sessions);
        }, cancellationToken);
        await PeersAsync(((IPEndPoint)listener.LocalEndPoint!).Port, 1000, 1000, inProcess, cancellationToken);
        await serving;
        return [.. times.SelectMany(t => t).Order()];
    }

    private static async Task WaitForIdleAsync(FastAgiServer server, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 1000 && server.ActiveSessions > 0; i++)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private static async Task PeersAsync(int port, int sessions, int atOnce, bool inProcess, CancellationToken cancellationToken)
    {
        if (inProcess)
        {
            await RunPeersAsync(new IPEndPoint(IPAddress.Loopback, port), sessions, atOnce, cancellationToken);
            return;
        }
        var self = System.Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AgiBenchmark).Assembly.Location);
        }
        foreach (var arg in new[] { "agi", "agi-peers", port.ToString(CultureInfo.InvariantCulture), sessions.ToString(CultureInfo.InvariantCulture), atOnce.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The peer process did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The peer process failed ({process.ExitCode}): {await output}");
        }
    }

    /// <summary>Runs <paramref name="sessions"/> peer sessions, <paramref name="atOnce"/> at a time.</summary>
    private static Task RunPeersAsync(IPEndPoint endpoint, int sessions, int atOnce, CancellationToken cancellationToken)
    {
        var next = 0;
        return Task.WhenAll(Enumerable.Range(0, atOnce).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[512];
            var replies = new byte[Reply.Length * 16];
            while (Interlocked.Increment(ref next) <= sessions)
            {
                await PeerAsync(endpoint, buffer, replies, cancellationToken);
            }
        }, cancellationToken)));
    }

    /// <summary>One Asterisk stand-in: sends the environment, then answers each command line it reads, until the server closes.</summary>
    private static async Task PeerAsync(IPEndPoint endpoint, byte[] buffer, byte[] replies, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(Environment), SocketFlags.None, cancellationToken);
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return;
            }
            // Count line ends, not bytes: a command split across two reads is answered when its '\n' arrives.
            var lines = buffer.AsSpan(0, read).Count((byte)'\n');
            if (lines * Reply.Length > replies.Length)
            {
                replies = new byte[lines * Reply.Length];
            }
            for (var i = 0; i < lines; i++)
            {
                Reply.CopyTo(replies, i * Reply.Length);
            }
            if (lines > 0)
            {
                await socket.SendAsync(replies.AsMemory(0, lines * Reply.Length), SocketFlags.None, cancellationToken);
            }
        }
    }
}
