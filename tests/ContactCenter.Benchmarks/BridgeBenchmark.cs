using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
        await using var a = new FakeAsterisk("gz", 1001);
        await using var b = new FakeAsterisk("sh", 2001);
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
        await using var a = new FakeAsterisk("gz", 1001);
        await using var b = new FakeAsterisk("sh", 2001);
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

        // 50 new calls a second over both sites; each: join, ring after 0.5 s, answer after 1.5 s, end after 19.2 s.
        var schedule = new PriorityQueue<(FakeAsterisk Site, int Call, int Seat, int Step), long>();
        var clock = Stopwatch.StartNew();
        var next = 0;
        var maxConcurrent = 0;
        var live = 0;
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
                if (step == 0)
                {
                    live++;
                    maxConcurrent = Math.Max(maxConcurrent, live);
                    schedule.Enqueue((site, call, seat, 1), due + 500);
                }
                else if (step == 1)
                {
                    schedule.Enqueue((site, call, seat, 2), due + 1000);
                }
                else if (step == 2)
                {
                    schedule.Enqueue((site, call, seat, 3), due + 17_700);
                }
                else
                {
                    live--;
                }
            }

            await Task.Delay(2, cancellationToken);
        }

        await WaitAsync(() => sink.Closed >= next, cancellationToken);
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

    /// <summary>A loopback AMI peer: answers Login and the resync lists, adds 500 members, then writes the events it is given.</summary>
    private sealed class FakeAsterisk : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _firstSeat;
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _write = new(1, 1);
        private readonly CancellationTokenSource _stop = new();
        private NetworkStream? _stream;
        private readonly Task _serve;
        private long _events;

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

        public long EventsWritten => Interlocked.Read(ref _events);

        public async Task WriteAsync(string text, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            var stamp = string.Create(CultureInfo.InvariantCulture, $"{now / 1_000_000}.{now % 1_000_000:000000}");
            var bytes = Encoding.UTF8.GetBytes(text.Replace("{ts}", stamp, StringComparison.Ordinal));
            Interlocked.Add(ref _events, CountEvents(text));
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

        private static int CountEvents(string text)
        {
            var count = 0;
            for (var i = text.IndexOf("Event: ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("Event: ", i + 7, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        public string WholeCall(int call, int seat) => Step(call, seat, 0) + Step(call, seat, 1) + Step(call, seat, 2) + Step(call, seat, 3);

        /// <summary>Step 0 enters and queues, 1 rings a seat, 2 connects, 3 completes and hangs up.</summary>
        public string Step(int call, int seat, int step)
        {
            var id = $"{Code}-1795458000.{call}";
            var agentId = $"{Code}-1795458000.a{call}";
            var ext = (_firstSeat + seat).ToString(CultureInfo.InvariantCulture);
            var caller = $"Channel: PJSIP/caller-{call:x8}\r\nChannelState: 6\r\nCallerIDNum: 13800000000\r\nContext: inbound\r\nExten: 95518\r\nUniqueid: {id}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID={id}\r\nChanVariable: CC_INTENT=complaint\r\n";
            var dest = $"DestChannel: PJSIP/{ext}-{call:x8}\r\nDestUniqueid: {agentId}\r\nDestLinkedid: {id}\r\nDestChanVariable: CC_CALLID={id}\r\n";
            var member = $"Queue: complaints\r\nInterface: PJSIP/{ext}\r\nMemberName: agent-{ext}\r\n";
            return step switch
            {
                0 => $"Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: {{ts}}\r\nChannel: PJSIP/caller-{call:x8}\r\nCallerIDNum: 13800000000\r\nContext: inbound\r\nExten: 95518\r\nUniqueid: {id}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID=\r\nChanVariable: CC_INTENT=\r\n\r\n"
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
