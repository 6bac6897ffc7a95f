using System.Text;
using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>A response to splice into a recorded listener stream; <c>{id}</c> becomes the ActionID of the bridge's matching action.</summary>
internal sealed record Splice(string Marker, string Text, bool Before = false);

/// <summary>Builds replay scripts for the bridge: a recorded listener stream plus the responses to the actions the bridge sends.</summary>
internal static class BridgeReplay
{
    public const string EmptyQueueStatus =
        "Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\n" +
        "Event: QueueStatusComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n";

    public const string EmptyChannels =
        "Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n" +
        "Event: CoreShowChannelsComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n";

    public static string Ok(string message) => $"Response: Success\r\nActionID: {{id}}\r\nMessage: {message}\r\n\r\n";

    public const string Pong = "Response: Success\r\nActionID: {id}\r\nPing: Pong\r\nTimestamp: 1795458500.000000\r\n\r\n";

    /// <summary>The resync answers right after FullyBooted: an empty QueueStatus and CoreShowChannels.</summary>
    public static Splice[] Resync(string afterMarker = "Event: FullyBooted") =>
        [new Splice(afterMarker, EmptyQueueStatus), new Splice(afterMarker, EmptyChannels)];

    /// <summary>
    /// The listener transcript's messages (Goodbye dropped; cut before <paramref name="cutBefore"/> when given),
    /// with each splice put after (or before) the first message containing its marker, one chunk per message.
    /// </summary>
    public static AmiReplayScript Listener(string rxRelative, IEnumerable<Splice> splices, string? cutBefore = null, string? append = null, bool closeAtEnd = false)
    {
        var text = Encoding.UTF8.GetString(Fixtures.Bytes(rxRelative));
        var bannerEnd = text.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        var messages = text[bannerEnd..].Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(m => !m.StartsWith("Response: Goodbye", StringComparison.Ordinal))
            .Select(m => m + "\r\n\r\n")
            .ToList();
        if (cutBefore is not null)
        {
            messages = messages.TakeWhile(m => !m.Contains(cutBefore, StringComparison.Ordinal)).ToList();
        }

        var loginId = System.Text.RegularExpressions.Regex.Match(messages[0], "ActionID: ([^\r\n]*)").Groups[1].Value;
        var ids = new List<string> { loginId };
        var inserted = new Dictionary<int, List<string>>();
        var before = new Dictionary<int, List<string>>();
        foreach (var splice in splices)
        {
            var index = messages.FindIndex(m => m.Contains(splice.Marker, StringComparison.Ordinal));
            if (index < 0)
            {
                throw new InvalidOperationException($"marker '{splice.Marker}' is not in {rxRelative}");
            }

            var id = $"r-{ids.Count:000}";
            ids.Add(id);
            var target = splice.Before ? before : inserted;
            if (!target.TryGetValue(index, out var list))
            {
                target[index] = list = [];
            }

            list.Add(splice.Text.Replace("{id}", id, StringComparison.Ordinal));
        }

        var pieces = new List<string> { text[..bannerEnd] };
        for (var i = 0; i < messages.Count; i++)
        {
            pieces.AddRange(before.GetValueOrDefault(i) ?? []);
            pieces.Add(messages[i]);
            pieces.AddRange(inserted.GetValueOrDefault(i) ?? []);
        }

        if (append is not null)
        {
            pieces.Add(append);
        }

        var chunks = new List<(int, int)>();
        var offset = 0;
        var bytes = new List<byte>();
        foreach (var piece in pieces)
        {
            var b = Encoding.UTF8.GetBytes(piece);
            chunks.Add((offset, b.Length));
            offset += b.Length;
            bytes.AddRange(b);
        }

        return new AmiReplayScript([.. bytes], chunks, closeAtEnd, ids);
    }

    public static SiteOptions Site(string code, int port, TimeSpan? ping = null, int wrapUpSeconds = 0, int shortAbandonSeconds = 5)
    {
        var site = new SiteOptions
        {
            Code = code,
            AmiHost = "127.0.0.1",
            AmiPort = port,
            AmiUsername = "bridge",
            AmiSecret = "bridge-secret",
            AmiAuthType = ContactCenter.Telephony.Ami.AmiAuthType.Plain,
            AmiPingInterval = ping ?? TimeSpan.Zero,
            AmiActionTimeout = TimeSpan.FromMinutes(5),
            WrapUpSeconds = wrapUpSeconds,
            ShortAbandonSeconds = shortAbandonSeconds,
        };
        return site;
    }

    public static TelephonyBridge Create(FakeTimeProvider time, RecordingSink sink, params SiteOptions[] sites)
    {
        var options = new BridgeOptions();
        foreach (var site in sites)
        {
            options.Sites.Add(site);
        }

        return new TelephonyBridge(Options.Create(options), sink, new BridgeEventHub(), time, NullLoggerFactory.Instance);
    }

    public static async Task Until(Func<bool> condition, string what, int seconds = 10)
    {
        var deadline = Environment.TickCount64 + (seconds * 1000);
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    public static DateTimeOffset Epoch(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
}

/// <summary>A sink that keeps what the bridge wrote.</summary>
internal sealed class RecordingSink : IContactRecordSink
{
    private readonly List<(Contact Contact, bool Closed)> _writes = [];

    public IReadOnlyList<(Contact Contact, bool Closed)> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyList<Contact> Closed => Writes.Where(w => w.Closed).Select(w => w.Contact).ToList();

    public Task ContactUpdatedAsync(Contact contact, CancellationToken cancellationToken)
    {
        lock (_writes)
        {
            _writes.Add((contact, false));
        }

        return Task.CompletedTask;
    }

    public Task ContactClosedAsync(Contact contact, CancellationToken cancellationToken)
    {
        lock (_writes)
        {
            _writes.Add((contact, true));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Collects bridge events in the background.</summary>
internal sealed class EventLog : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<BridgeEvent> _events = [];
    private readonly Task _loop;

    public EventLog(IBridgeEvents events)
    {
        var reader = events.Subscribe(_stop.Token);
        _loop = Task.Run(async () =>
        {
            await foreach (var e in reader.ReadAllAsync())
            {
                lock (_events)
                {
                    _events.Add(e);
                }
            }
        });
    }

    public IReadOnlyList<T> Of<T>()
        where T : BridgeEvent
    {
        lock (_events)
        {
            return _events.OfType<T>().ToList();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
