using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ContactCenter.Server.Tests.Desk;

/// <summary>
/// A loopback Asterisk for the server's bridge: it speaks AMI (banner, Login, FullyBooted, empty QueueStatus and
/// CoreShowChannels lists, "Success" for any other action, which it records) and plays a recorded listener
/// transcript from <c>../shared/fixtures/asterisk-22</c> in steps the test controls. The events' Timestamps are
/// moved to the present, keeping their spacing, so "today" and "time in state" mean what they say.
/// </summary>
public sealed partial class AmiStage : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly List<string> _events;
    private readonly List<string> _actions = [];
    private readonly Dictionary<(string Interface, string Queue), string> _members = [];
    private readonly TaskCompletionSource<NetworkStream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serve;
    private readonly double _shift;
    private int _next;

    public AmiStage(string listenerRx)
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(FixtureRoot.Value, listenerRx)));
        var bannerEnd = text.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        _events = [.. text[bannerEnd..].Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(m => m.StartsWith("Event: ", StringComparison.Ordinal) && !m.StartsWith("Event: FullyBooted", StringComparison.Ordinal))
            .Select(m => m + "\r\n\r\n")];
        var first = Timestamp().Match(_events[0]);
        _shift = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - double.Parse(first.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
        _listener.Start();
        _serve = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The actions the bridge sent, Login and the resync lists included, without their ActionIDs.</summary>
    public IReadOnlyList<string> Actions
    {
        get
        {
            lock (_actions)
            {
                return [.. _actions];
            }
        }
    }

    public static readonly Lazy<string> FixtureRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "asterisk-22");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/fixtures/asterisk-22 was not found above " + AppContext.BaseDirectory);
    });

    /// <summary>Plays the next events up to (not including) the first one that contains <paramref name="marker"/>.</summary>
    public async Task PlayUntilAsync(string marker)
    {
        var stop = _events.FindIndex(_next, e => e.Contains(marker, StringComparison.Ordinal));
        if (stop < 0)
        {
            throw new InvalidOperationException($"'{marker}' is not in the rest of the transcript");
        }

        await PlayAsync(stop);
    }

    public Task PlayToEndAsync() => PlayAsync(_events.Count);

    private async Task PlayAsync(int stop)
    {
        var stream = await _connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var builder = new StringBuilder();
        for (; _next < stop; _next++)
        {
            builder.Append(Timestamp().Replace(_events[_next], m => "Timestamp: " +
                (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + _shift).ToString("0.000000", CultureInfo.InvariantCulture)));
        }

        await WriteAsync(stream, builder.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serve.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _write.Dispose();
    }

    private async Task WriteAsync(NetworkStream stream, string text)
    {
        await _write.WaitAsync(_stop.Token);
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        client.NoDelay = true;
        var stream = client.GetStream();
        await WriteAsync(stream, "Asterisk Call Manager/11.0.0\r\n");
        var buffer = new byte[16384];
        var pending = new StringBuilder();
        while (!_stop.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
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
                var lines = action.Split("\r\n");
                var id = lines.FirstOrDefault(l => l.StartsWith("ActionID: ", StringComparison.Ordinal))?[10..] ?? string.Empty;
                var name = lines[0].StartsWith("Action: ", StringComparison.Ordinal) ? lines[0][8..] : string.Empty;
                lock (_actions)
                {
                    _actions.Add(string.Join("|", lines.Where(l => !l.StartsWith("ActionID: ", StringComparison.Ordinal))));
                }

                await WriteAsync(stream, Respond(name, id) + MemberEvents(name, lines));
                if (name == "CoreShowChannels")
                {
                    _connected.TrySetResult(stream);
                }
            }

            pending.Clear().Append(text);
        }
    }

    private static string Respond(string name, string id) =>
        name switch
                {
                    "Login" => $"Response: Success\r\nActionID: {id}\r\nMessage: Authentication accepted\r\n\r\nEvent: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n",
                    "QueueStatus" => $"Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\nEvent: QueueStatusComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n",
                    "CoreShowChannels" => $"Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\nEvent: CoreShowChannelsComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n",
                    "Ping" => $"Response: Success\r\nActionID: {id}\r\nPing: Pong\r\nTimestamp: 1795458500.000000\r\n\r\n",
                    _ => $"Response: Success\r\nActionID: {id}\r\nMessage: {name} accepted\r\n\r\n",
                };

    /// <summary>What Asterisk reports after the seat-control actions: member added, paused or unpaused, removed.</summary>
    private string MemberEvents(string name, string[] lines)
    {
        string? Header(string key) => lines.FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..];
        var iface = Header("Interface");
        if (iface is null)
        {
            return string.Empty;
        }

        var now = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", CultureInfo.InvariantCulture);
        string Member(string @event, string queue, string member, bool paused, string reason) =>
            $"Event: {@event}\r\nPrivilege: agent,all\r\nTimestamp: {now}\r\nQueue: {queue}\r\nMemberName: {member}\r\nInterface: {iface}\r\n" +
            $"StateInterface: {iface}\r\nPenalty: 0\r\nStatus: 1\r\nPaused: {(paused ? 1 : 0)}\r\nPausedReason: {reason}\r\n\r\n";
        lock (_members)
        {
            switch (name)
            {
                case "QueueAdd" when Header("Queue") is { } queue:
                    _members[(iface, queue)] = Header("MemberName") ?? iface;
                    return Member("QueueMemberAdded", queue, _members[(iface, queue)], Header("Paused") == "true", string.Empty);
                case "QueueRemove" when Header("Queue") is { } queue && _members.Remove((iface, queue), out var removed):
                    return Member("QueueMemberRemoved", queue, removed, false, string.Empty);
                case "QueuePause":
                    var paused = Header("Paused") == "true";
                    return string.Concat(_members.Where(m => m.Key.Interface == iface)
                        .Select(m => Member("QueueMemberPause", m.Key.Queue, m.Value, paused, paused ? Header("Reason") ?? string.Empty : string.Empty)));
                default:
                    return string.Empty;
            }
        }
    }

    [GeneratedRegex(@"Timestamp: (\d+\.\d+)")]
    private static partial Regex Timestamp();
}
