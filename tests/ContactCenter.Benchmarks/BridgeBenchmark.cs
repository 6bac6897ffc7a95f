using System.Diagnostics;
using System.Globalization;
using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// The telephony bridge under a synthetic two-site load over loopback AMI: 1,000 seats (500 a site), 50 new calls
/// a second building up to 960 concurrent calls. Latency is from the moment the fake Asterisk writes an event
/// (its Timestamp) to the moment the changed live model reaches a subscriber of the bridge's event stream.
/// Throughput is a second run that writes calls as fast as the bridge takes them, until every contact is closed.
/// Options: --seconds N (paced run, default 30), --calls N (throughput run per site, default 10000).
/// </summary>
internal sealed class BridgeBenchmark : IBenchmark
{
    private const int SeatsPerSite = 500;
    private const string CallerNumber = "13800000000";

    public string Name => "bridge";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var seconds = Option(args, "--seconds", 30);
        var calls = Option(args, "--calls", 10_000);

        log.WriteLine($"throughput: {calls} calls per site, 2 sites, {SeatsPerSite} seats per site, written as fast as possible");
        var (events, elapsed) = await ThroughputAsync(calls, cancellationToken);
        var perSecond = events / elapsed.TotalSeconds;
        log.WriteLine($"  {events} AMI events into {2 * calls} closed contact records in {elapsed.TotalSeconds:0.00} s");

        log.WriteLine($"latency: 50 new calls/s for {seconds} s (calls last 19.2 s, so 960 concurrent), 1,000 seats");
        var (latencies, maxConcurrent) = await PacedAsync(seconds, cancellationToken);
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        log.WriteLine($"  {latencies.Count} model updates, concurrent calls up to {maxConcurrent}; p50 {P(0.5):0.000} ms, p99 {P(0.99):0.000} ms, max {latencies[^1]:0.000} ms");
        return string.Create(CultureInfo.InvariantCulture, $"{perSecond:0} events/s into contact records, p99 decision latency {P(0.99):0.000} ms");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static async Task<(long Events, TimeSpan Elapsed)> ThroughputAsync(int calls, CancellationToken cancellationToken)
    {
        var sink = new CountingSink();
        await using var a = new FakeAsterisk("gz", 1001, SeatsPerSite, CallerNumber);
        await using var b = new FakeAsterisk("sh", 2001, SeatsPerSite, CallerNumber);
        await using var bridge = NewBridge(sink, a, b);
        await bridge.StartAsync(cancellationToken);
        await Task.WhenAll(a.Ready, b.Ready).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await WaitAsync(() => bridge.SeatsOf("gz").Count == SeatsPerSite && bridge.SeatsOf("sh").Count == SeatsPerSite, cancellationToken);

        var clock = Stopwatch.StartNew();
        var writers = new[] { a, b }.Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < calls; i++)
            {
                await s.WriteAsync(s.WholeCall(i, i % SeatsPerSite), cancellationToken);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(writers);
        await WaitAsync(() => sink.Closed >= 2 * calls, cancellationToken);
        return (a.EventsWritten + b.EventsWritten, clock.Elapsed);
    }

    private static async Task<(List<double> Latencies, int MaxConcurrent)> PacedAsync(int seconds, CancellationToken cancellationToken)
    {
        var sink = new CountingSink();
        await using var a = new FakeAsterisk("gz", 1001, SeatsPerSite, CallerNumber);
        await using var b = new FakeAsterisk("sh", 2001, SeatsPerSite, CallerNumber);
        await using var bridge = NewBridge(sink, a, b);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var latencies = new List<double>(1_000_000);
        var reader = bridge.Events.Subscribe(stop.Token);
        var measuring = false;
        var collector = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in reader.ReadAllAsync(stop.Token))
                {
                    if (Volatile.Read(ref measuring) && e is not QueueFiguresChanged)
                    {
                        latencies.Add((DateTimeOffset.UtcNow - e.At).TotalMilliseconds);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        await bridge.StartAsync(cancellationToken);
        await Task.WhenAll(a.Ready, b.Ready).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await WaitAsync(() => bridge.SeatsOf("gz").Count == SeatsPerSite && bridge.SeatsOf("sh").Count == SeatsPerSite, cancellationToken);
        Volatile.Write(ref measuring, true);

        var (calls, maxConcurrent) = await FakeAsterisk.DriveAsync(a, b, seconds, cancellationToken);
        await WaitAsync(() => sink.Closed >= calls, cancellationToken);
        await Task.Delay(200, cancellationToken);
        Volatile.Write(ref measuring, false);
        await stop.CancelAsync();
        await collector;
        return (latencies, maxConcurrent);
    }

    private static TelephonyBridge NewBridge(IContactRecordSink sink, params FakeAsterisk[] sites)
    {
        var options = new BridgeOptions();
        foreach (var site in sites)
        {
            options.Sites.Add(new SiteOptions
            {
                Code = site.Code,
                AmiHost = "127.0.0.1",
                AmiPort = site.Port,
                AmiUsername = "bench",
                AmiSecret = "bench-secret",
                AmiAuthType = AmiAuthType.Plain,
                AmiPingInterval = TimeSpan.Zero,
                AmiActionTimeout = TimeSpan.FromSeconds(30),
                WrapUpSeconds = 0,
            });
        }

        return new TelephonyBridge(Options.Create(options), sink, new BridgeEventHub(), TimeProvider.System, NullLoggerFactory.Instance);
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("the bridge did not catch up within 5 minutes");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    private sealed class CountingSink : IContactRecordSink
    {
        private long _closed;

        public long Closed => Interlocked.Read(ref _closed);

        public Task ContactUpdatedAsync(Contact contact, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ContactClosedAsync(Contact contact, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _closed);
            return Task.CompletedTask;
        }
    }
}
