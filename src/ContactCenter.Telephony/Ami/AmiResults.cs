namespace ContactCenter.Telephony.Ami;

/// <summary>
/// The outcome of a list action (<c>QueueStatus</c>, <c>CoreShowChannels</c>, <c>Status</c>, …): the first
/// response, every item in order and the closing <c>…Complete</c> event. A plain <c>Response: Error</c>
/// gives a failed result with no items.
/// </summary>
/// <param name="Response">The first response (<c>EventList: start</c> on success).</param>
/// <param name="Items">The list items, in arrival order.</param>
/// <param name="Complete">The <c>…Complete</c> event with <c>EventList: Complete</c>, or null when the action failed.</param>
public sealed record AmiListResult(AmiMessage Response, IReadOnlyList<AmiMessage> Items, AmiMessage? Complete)
{
    /// <summary>True when Asterisk accepted the action.</summary>
    public bool IsSuccess => Response.IsSuccess;

    /// <summary>The <c>ListItems</c> count Asterisk reported in the closing event, if any.</summary>
    public int? ReportedItemCount => Complete?.GetInt32("ListItems");
}

/// <summary>The outcome of the <c>Command</c> action (a CLI command).</summary>
/// <param name="Response">The response message.</param>
/// <param name="Output">The CLI output, one entry per line: <c>Output:</c> headers (Asterisk 14+) or the raw lines of a legacy <c>Response: Follows</c>.</param>
public sealed record AmiCommandResult(AmiMessage Response, IReadOnlyList<string> Output)
{
    /// <summary>True when the CLI command ran (an unknown command is <c>Response: Error</c> yet still has output).</summary>
    public bool IsSuccess => Response.IsSuccess;
}

/// <summary>State of the AMI link, as raised to connection handlers in order with the events.</summary>
public enum AmiConnectionStatus
{
    /// <summary>Not connected, or the connection was lost; pending actions have failed.</summary>
    Disconnected,

    /// <summary>Logged in and (with events on) <c>FullyBooted</c> seen. AMI replays nothing: rebuild state from list actions now.</summary>
    Ready,

    /// <summary>
    /// The link is up but events were lost: the event queue was full (<see cref="AmiOptions.MaxQueuedEvents"/>, a handler
    /// too slow for the event rate) and events were dropped (<see cref="AmiClientStatistics.EventsDropped"/>). Raised once per
    /// episode, in order after the events queued before the first drop; rebuild state from list actions now, exactly as for
    /// <see cref="Ready"/>. A drop after this signal reached the handlers raises it again.
    /// </summary>
    EventsDropped,
}

/// <summary>A change of the AMI link, delivered through the same ordered dispatcher as events.</summary>
/// <param name="Status">The new status.</param>
/// <param name="Connection">Number of the TCP connection (1 for the first, then one more per reconnect).</param>
/// <param name="Error">Why the link was lost, for <see cref="AmiConnectionStatus.Disconnected"/>.</param>
public sealed record AmiConnectionChanged(AmiConnectionStatus Status, int Connection, Exception? Error)
{
    /// <summary>True for <see cref="AmiConnectionStatus.Ready"/> and <see cref="AmiConnectionStatus.EventsDropped"/>: the handler must rebuild its state (queues, members, channels, bridges).</summary>
    public bool ResyncRequired => Status is AmiConnectionStatus.Ready or AmiConnectionStatus.EventsDropped;

    /// <summary>True when this Ready follows a lost connection.</summary>
    public bool IsReconnect => Connection > 1;
}

/// <summary>Counters of one client since it was created.</summary>
public readonly record struct AmiClientStatistics
{
    /// <summary>Events read from the socket.</summary>
    public long EventsReceived { get; init; }

    /// <summary>Events whose handlers have all completed.</summary>
    public long EventsDispatched { get; init; }

    /// <summary>Events waiting for handlers right now (a slow handler shows here, not as a blocked socket).</summary>
    public long EventsQueued { get; init; }

    /// <summary>The largest <see cref="EventsQueued"/> seen.</summary>
    public long MaxEventsQueued { get; init; }

    /// <summary>Events dropped because the queue was full; each episode also raises <see cref="AmiConnectionStatus.EventsDropped"/>.</summary>
    public long EventsDropped { get; init; }

    /// <summary>Responses that matched no pending action (late, or without ActionID).</summary>
    public long UnmatchedResponses { get; init; }

    /// <summary>Messages that were neither events nor responses (garbage).</summary>
    public long UnclassifiedMessages { get; init; }

    /// <summary>Incoming lines dropped for being too long.</summary>
    public long OverlongLines { get; init; }

    /// <summary>Incoming header lines dropped for exceeding the per-message limits.</summary>
    public long DroppedHeaders { get; init; }

    /// <summary>Successful logins after the first.</summary>
    public long Reconnects { get; init; }
}
