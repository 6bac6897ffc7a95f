using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ContactCenter.Telephony.Ami;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// AMI parse + dispatch throughput: a loopback server streams the recorded S1 listener events, repeated,
/// to a real <see cref="AmiClient"/> whose only handler is a no-op. Reports events/s and bytes allocated
/// per event (whole process, GC.GetTotalAllocatedBytes) over the measured window after a warm-up.
/// Options: [events to measure, default 3,000,000].
/// </summary>
internal sealed partial class AmiBenchmark : IBenchmark
{
    public string Name => "ami";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var measured = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3_000_000;
        const long WarmUp = 300_000;
        var rx = Encoding.UTF8.GetString(File.ReadAllBytes(FixturePath("s1-answered-survey/ami-site-a-listener.rx")));
        var blocks = rx[(rx.IndexOf('\n', StringComparison.Ordinal) + 1)..].Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        var events = blocks.Where(b => b.StartsWith("Event:", StringComparison.Ordinal)).ToList();
        var chunk = Encoding.UTF8.GetBytes(string.Concat(events.Select(e => e + "\r\n\r\n")));
        log.WriteLine($"S1 listener: {events.Count} events, {chunk.Length} bytes per repetition ({chunk.Length / events.Count} bytes/event)");

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var server = Task.Run(() => ServeAsync(listener, chunk, stop.Token), CancellationToken.None);

        var options = new AmiOptions
        {
            Port = ((IPEndPoint)listener.LocalEndpoint).Port,
            Username = "bench",
            Secret = "bench",
            AuthType = AmiAuthType.Plain,
            PingInterval = TimeSpan.Zero,
        };
        await using var client = new AmiClient(Options.Create(options), TimeProvider.System, NullLogger<AmiClient>.Instance);
        long count = 0;
        long startTicks = 0;
        long startBytes = 0;
        var done = new TaskCompletionSource<(long Ticks, long Bytes)>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnEvent((message, _) =>
        {
            var n = ++count;
            if (n == WarmUp)
            {
                startBytes = GC.GetTotalAllocatedBytes(precise: false);
                startTicks = Stopwatch.GetTimestamp();
            }
            else if (n == WarmUp + measured)
            {
                done.TrySetResult((Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: false)));
            }
            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(cancellationToken);
        var (endTicks, endBytes) = await done.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        await stop.CancelAsync();
        var seconds = Stopwatch.GetElapsedTime(startTicks, endTicks).TotalSeconds;
        var perSecond = measured / seconds;
        var perEvent = (double)(endBytes - startBytes) / measured;
        log.WriteLine($"measured {measured:N0} events in {seconds:F2} s; max queued {client.Statistics.MaxEventsQueued:N0}; gen0 collections {GC.CollectionCount(0)}");
        await server.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return $"{perSecond:N0} events/s, {perEvent:F0} bytes allocated/event";
    }

    private static async Task ServeAsync(TcpListener listener, byte[] chunk, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptSocketAsync(cancellationToken);
        using var stream = new NetworkStream(socket);
        await stream.WriteAsync("Asterisk Call Manager/11.0.0\r\n"u8.ToArray(), cancellationToken);
        var login = new StringBuilder();
        var one = new byte[1];
        while (!login.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            login.Append((char)one[0]);
        }
        var id = ActionId().Match(login.ToString()).Groups[1].Value;
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"Response: Success\r\nActionID: {id}\r\nMessage: Authentication accepted\r\n\r\n"), cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await stream.WriteAsync(chunk, cancellationToken);
        }
    }

    internal static string FixturePath(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "asterisk-22", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"shared/fixtures/asterisk-22/{relative} not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("ActionID: ([^\r\n]*)")]
    private static partial Regex ActionId();
}
