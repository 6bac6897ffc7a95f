using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ContactCenter.Testing;

namespace ContactCenter.Server.Tests.Desk;

/// <summary>
/// A loopback Asterisk for the server's bridge: over an <see cref="AmiLoopbackServer"/> it speaks AMI (banner, Login,
/// FullyBooted, empty QueueStatus and CoreShowChannels lists, "Success" for any other action, which it records) and
/// answers the seat-control actions with the member events Asterisk sends; it plays a recorded listener
/// transcript from <c>../shared/fixtures/asterisk-22</c> in steps the test controls. The events' Timestamps are
/// moved to the present, keeping their spacing, so "today" and "time in state" mean what they say.
/// </summary>
public sealed partial class AmiStage : IAsyncDisposable
{
    private readonly AmiLoopbackServer _server;
    private readonly List<string> _events;
    private readonly List<string> _actions = [];
    private readonly Dictionary<(string Interface, string Queue), string> _members = [];
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
        _server = new AmiLoopbackServer(Respond);
    }

    public int Port => _server.Port;

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
        await _server.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        var builder = new StringBuilder();
        for (; _next < stop; _next++)
        {
            builder.Append(Timestamp().Replace(_events[_next], m => "Timestamp: " +
                (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + _shift).ToString("0.000000", CultureInfo.InvariantCulture)));
        }

        await _server.WriteAsync(builder.ToString(), CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>Records the action (without its ActionID) and answers it as Asterisk would.</summary>
    private string Respond(AmiAction action)
    {
        lock (_actions)
        {
            _actions.Add(string.Join("|", action.Lines.Where(l => !l.StartsWith("ActionID: ", StringComparison.Ordinal))));
        }

        var id = action.ActionId;
        var reply = action.Name switch
        {
            "Login" => AmiLoopbackServer.LoginAccepted(id),
            "QueueStatus" => AmiLoopbackServer.EmptyQueueStatus(id),
            "CoreShowChannels" => AmiLoopbackServer.EmptyChannelList(id),
            "Ping" => $"Response: Success\r\nActionID: {id}\r\nPing: Pong\r\nTimestamp: 1795458500.000000\r\n\r\n",
            _ => AmiLoopbackServer.Success(id, $"{action.Name} accepted"),
        };
        return reply + MemberEvents(action);
    }

    /// <summary>What Asterisk reports after the seat-control actions: member added, paused or unpaused, removed.</summary>
    private string MemberEvents(AmiAction action)
    {
        var iface = action.Header("Interface");
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
            switch (action.Name)
            {
                case "QueueAdd" when action.Header("Queue") is { } queue:
                    _members[(iface, queue)] = action.Header("MemberName") ?? iface;
                    return Member("QueueMemberAdded", queue, _members[(iface, queue)], action.Header("Paused") == "true", string.Empty);
                case "QueueRemove" when action.Header("Queue") is { } queue && _members.Remove((iface, queue), out var removed):
                    return Member("QueueMemberRemoved", queue, removed, false, string.Empty);
                case "QueuePause":
                    var paused = action.Header("Paused") == "true";
                    return string.Concat(_members.Where(m => m.Key.Interface == iface)
                        .Select(m => Member("QueueMemberPause", m.Key.Queue, m.Value, paused, paused ? action.Header("Reason") ?? string.Empty : string.Empty)));
                default:
                    return string.Empty;
            }
        }
    }

    [GeneratedRegex(@"Timestamp: (\d+\.\d+)")]
    private static partial Regex Timestamp();
}
