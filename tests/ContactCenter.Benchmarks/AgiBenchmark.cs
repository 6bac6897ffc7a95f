using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ContactCenter.Telephony.Agi;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// FastAGI server load: (1) sessions/s — short sessions (environment, 3 commands, close) with 200 peers
/// at a time; (2) round trip — 1000 sessions open at once, each sending 40 commands with 100 ms between
/// them (sessions start at random points of that cycle) (a prompt playing), measuring every command from write to parsed reply on the server side.
/// Peers reply at once, in this process, on loopback.
/// </summary>
internal sealed class AgiBenchmark : IBenchmark
{
    private const string Environment = "agi_network: yes\nagi_network_script: bench\nagi_channel: PJSIP/caller-00000000\nagi_uniqueid: site-a-1.0\nagi_callerid: 0\n\n";

    public string Name => "agi";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
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
        var endpoint = server.LocalEndPoint;

        // Phase 1: sessions per second.
        const int Sessions = 20_000;
        var started = Stopwatch.GetTimestamp();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Sessions)
            {
                await PeerAsync(endpoint, cancellationToken);
            }
        }));
        var sessionsPerSecond = Sessions / Stopwatch.GetElapsedTime(started).TotalSeconds;
        log.WriteLine($"phase 1: {Sessions:N0} sessions of {commandsPerSession} commands in {Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s");

        // Phase 2: 1000 concurrent sessions, paced commands.
        roundTrips.Clear();
        commandsPerSession = 40;
        pause = TimeSpan.FromMilliseconds(100);
        started = Stopwatch.GetTimestamp();
        var peers = Enumerable.Range(0, 1000).Select(_ => PeerAsync(endpoint, cancellationToken)).ToArray();
        var peak = 0;
        while (!Task.WhenAll(peers).IsCompleted)
        {
            peak = Math.Max(peak, server.ActiveSessions);
            await Task.Delay(10, cancellationToken);
        }
        await Task.WhenAll(peers);
        var all = roundTrips.SelectMany(t => t).Order().ToArray();
        var p99 = TimeSpan.FromTicks((long)(all[(int)(all.Length * 0.99)] * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        var p50 = TimeSpan.FromTicks((long)(all[all.Length / 2] * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        log.WriteLine($"phase 2: {all.Length:N0} commands, peak {peak} concurrent sessions, p50 {p50.TotalMilliseconds:F3} ms, p99 {p99.TotalMilliseconds:F3} ms, in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return $"{sessionsPerSecond:N0} sessions/s, p99 command round trip {p99.TotalMilliseconds:F3} ms at {peak} concurrent sessions";
    }

    private static async Task PeerAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint, cancellationToken);
        using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Environment), cancellationToken);
        var reply = "200 result=1 (site-a-1.0)\n"u8.ToArray();
        var buffer = new byte[256];
        var pending = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(pending), cancellationToken);
            if (read == 0)
            {
                return;
            }
            pending += read;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', 0, pending)) >= 0)
            {
                await stream.WriteAsync(reply, cancellationToken);
                Array.Copy(buffer, newline + 1, buffer, 0, pending - newline - 1);
                pending -= newline + 1;
            }
        }
    }
}
