namespace ContactCenter.Telephony.Ami;

// Typed, allocation-free views over AmiMessage for the events the bridge uses. A view only holds the
// message; each property reads its header on demand. Unknown events stay plain AmiMessages.

/// <summary>A channel snapshot inside an event, with the header prefix Asterisk uses for it (<c>""</c>, <c>Dest</c>, <c>Spyer</c>, <c>Spyee</c>).</summary>
public readonly struct AmiChannelSnapshot
{
    private readonly AmiMessage _message;
    private readonly SnapshotKeys _keys;

    internal AmiChannelSnapshot(AmiMessage message, SnapshotKeys keys)
    {
        _message = message;
        _keys = keys;
    }

    /// <summary>True when the event carries this snapshot (its <c>Channel</c> header is present).</summary>
    public bool IsPresent => _message.Contains(_keys.Channel);

    /// <summary>Channel name, e.g. <c>PJSIP/caller-00000000</c> (<c>none</c> for global VarSet).</summary>
    public string? Channel => _message[_keys.Channel];

    /// <summary>Uniqueid (may be chosen by the client through Originate ChannelId; do not split on '-').</summary>
    public string? Uniqueid => _message[_keys.Uniqueid];

    /// <summary>Linkedid: the Uniqueid of the call's first channel.</summary>
    public string? Linkedid => _message[_keys.Linkedid];

    /// <summary>Numeric channel state (6 = Up).</summary>
    public int? ChannelState => _message.GetInt32(_keys.ChannelState);

    /// <summary>Caller number (<c>&lt;unknown&gt;</c> when unknown).</summary>
    public string? CallerIdNum => _message[_keys.CallerIdNum];

    /// <summary>Caller name, C-unescaped (personal data: never log it).</summary>
    public string? CallerIdName => _message.GetUnescaped(_keys.CallerIdName);

    /// <summary>Connected line number.</summary>
    public string? ConnectedLineNum => _message[_keys.ConnectedLineNum];

    /// <summary>Connected line name, C-unescaped.</summary>
    public string? ConnectedLineName => _message.GetUnescaped(_keys.ConnectedLineName);

    /// <summary>Dialplan context.</summary>
    public string? Context => _message[_keys.Context];

    /// <summary>Dialplan extension.</summary>
    public string? Exten => _message[_keys.Exten];

    /// <summary>
    /// Every <c>ChanVariable</c> header as <c>NAME=value</c>, in order (one per channelvars entry), C-unescaped: Asterisk
    /// writes the values through <c>ast_escape_c</c> (see <see cref="AmiEscaping"/>).
    /// </summary>
    public IReadOnlyList<string> ChanVariables => [.. _message.GetAll(_keys.ChanVariable).Select(AmiEscaping.Unescape)];

    /// <summary>
    /// The value of channel variable <paramref name="name"/> from the <c>ChanVariable</c> headers, C-unescaped, or null.
    /// Only the matching header is decoded.
    /// </summary>
    public string? GetVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _message.TryGetAssignment(_keys.ChanVariable, name, out var raw) ? AmiEscaping.Unescape(AmiText.Decode(raw)) : null;
    }
}

internal sealed class SnapshotKeys(string prefix)
{
    public static readonly SnapshotKeys None = new(string.Empty);
    public static readonly SnapshotKeys Dest = new("Dest");
    public static readonly SnapshotKeys Spyer = new("Spyer");
    public static readonly SnapshotKeys Spyee = new("Spyee");

    public string Channel { get; } = prefix + "Channel";
    public string Uniqueid { get; } = prefix + "Uniqueid";
    public string Linkedid { get; } = prefix + "Linkedid";
    public string ChannelState { get; } = prefix + "ChannelState";
    public string CallerIdNum { get; } = prefix + "CallerIDNum";
    public string CallerIdName { get; } = prefix + "CallerIDName";
    public string ConnectedLineNum { get; } = prefix + "ConnectedLineNum";
    public string ConnectedLineName { get; } = prefix + "ConnectedLineName";
    public string Context { get; } = prefix + "Context";
    public string Exten { get; } = prefix + "Exten";
    public string ChanVariable { get; } = prefix + "ChanVariable";
}

/// <summary><c>QueueCallerJoin</c>, <c>QueueCallerLeave</c> (left the waiting list, not the call) and <c>QueueCallerAbandon</c> (also a Redirect out of the queue).</summary>
public readonly struct AmiQueueCallerEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>Queue name.</summary>
    public string? Queue => Message["Queue"];

    /// <summary>Position in the queue (1-based).</summary>
    public int? Position => Message.GetInt32("Position");

    /// <summary>Callers waiting after this event.</summary>
    public int? Count => Message.GetInt32("Count");

    /// <summary>Position when joining (abandon only).</summary>
    public int? OriginalPosition => Message.GetInt32("OriginalPosition");

    /// <summary>Whole seconds waited (abandon only).</summary>
    public int? HoldTime => Message.GetInt32("HoldTime");

    /// <summary>The caller's channel.</summary>
    public AmiChannelSnapshot Caller => new(Message, SnapshotKeys.None);

    /// <summary>Creates the view when <paramref name="message"/> is one of these events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiQueueCallerEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("QueueCallerJoin") || message.IsEvent("QueueCallerLeave") || message.IsEvent("QueueCallerAbandon");
    }
}

/// <summary><c>QueueMemberAdded/Removed/Pause/Status/Penalty/RinginUse</c> events and <c>QueueMember</c> list items.</summary>
public readonly struct AmiQueueMemberEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>Queue name.</summary>
    public string? Queue => Message["Queue"];

    /// <summary>Member name (e.g. <c>agent-1001</c>).</summary>
    public string? MemberName => Message["MemberName"] ?? Message["Name"];

    /// <summary>Interface (e.g. <c>PJSIP/1001</c>); queue_log uses it for PENALTY lines.</summary>
    public string? Interface => Message["Interface"] ?? Message["Location"];

    /// <summary>State interface.</summary>
    public string? StateInterface => Message["StateInterface"];

    /// <summary>Device state (1 = not in use).</summary>
    public int? Status => Message.GetInt32("Status");

    /// <summary>True when paused.</summary>
    public bool Paused => Message.ValueEquals("Paused", "1");

    /// <summary>Pause reason (e.g. <c>lunch</c>), empty when none.</summary>
    public string? PausedReason => Message["PausedReason"];

    /// <summary>Penalty.</summary>
    public int? Penalty => Message.GetInt32("Penalty");

    /// <summary>Calls taken.</summary>
    public int? CallsTaken => Message.GetInt32("CallsTaken");

    /// <summary>True while the member is on a queue call.</summary>
    public bool InCall => Message.ValueEquals("InCall", "1");

    /// <summary>Creates the view for <c>QueueMember*</c> events and <c>QueueMember</c> list items.</summary>
    public static bool TryFrom(AmiMessage message, out AmiQueueMemberEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.Kind == AmiMessageKind.Event && message.Name.StartsWith("QueueMember", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary><c>AgentCalled</c>, <c>AgentConnect</c>, <c>AgentComplete</c> (the real end of a queue call), <c>AgentRingNoAnswer</c>, <c>AgentDump</c>.</summary>
public readonly struct AmiAgentEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>Queue name.</summary>
    public string? Queue => Message["Queue"];

    /// <summary>Member name (e.g. <c>agent-1001</c>).</summary>
    public string? MemberName => Message["MemberName"];

    /// <summary>Member interface (e.g. <c>PJSIP/1001</c>).</summary>
    public string? Interface => Message["Interface"];

    /// <summary>Whole seconds the caller waited.</summary>
    public int? HoldTime => Message.GetInt32("HoldTime");

    /// <summary>
    /// The raw <c>RingTime</c> header: whole seconds in <c>AgentConnect</c>, but milliseconds in
    /// <c>AgentRingNoAnswer</c> (app_queue passes its ring-no-answer time in ms). Prefer <see cref="RingDuration"/>.
    /// </summary>
    public int? RingTime => Message.GetInt32("RingTime");

    /// <summary>How long the member's phone rang, with the unit of <c>RingTime</c> read per event; null when absent.</summary>
    public TimeSpan? RingDuration => RingTime is not { } value
        ? null
        : Message.IsEvent("AgentRingNoAnswer") ? TimeSpan.FromMilliseconds(value) : TimeSpan.FromSeconds(value);

    /// <summary>Whole seconds of talk (AgentComplete).</summary>
    public int? TalkTime => Message.GetInt32("TalkTime");

    /// <summary>Who ended the call (AgentComplete): <c>agent</c>, <c>caller</c> or <c>transfer</c>.</summary>
    public string? Reason => Message["Reason"];

    /// <summary>The caller's channel.</summary>
    public AmiChannelSnapshot Caller => new(Message, SnapshotKeys.None);

    /// <summary>The member's channel (<c>Dest…</c> headers).</summary>
    public AmiChannelSnapshot Agent => new(Message, SnapshotKeys.Dest);

    /// <summary>Creates the view for <c>Agent*</c> events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiAgentEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("AgentCalled") || message.IsEvent("AgentConnect") || message.IsEvent("AgentComplete")
            || message.IsEvent("AgentRingNoAnswer") || message.IsEvent("AgentDump");
    }
}

/// <summary>Channel life-cycle events: <c>Newchannel</c>, <c>Newstate</c>, <c>HangupRequest</c>, <c>SoftHangupRequest</c>, <c>Hangup</c>.</summary>
public readonly struct AmiChannelEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>The channel.</summary>
    public AmiChannelSnapshot Channel => new(Message, SnapshotKeys.None);

    /// <summary>Q.850 cause (16 normal, 17 busy, 0 by AGI HANGUP or originate timeout).</summary>
    public int? Cause => Message.GetInt32("Cause");

    /// <summary>Cause text.</summary>
    public string? CauseText => Message["Cause-txt"];

    /// <summary>Creates the view for channel life-cycle events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiChannelEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("Newchannel") || message.IsEvent("Newstate") || message.IsEvent("HangupRequest")
            || message.IsEvent("SoftHangupRequest") || message.IsEvent("Hangup");
    }
}

/// <summary><c>BridgeCreate</c>, <c>BridgeEnter</c>, <c>BridgeLeave</c>, <c>BridgeDestroy</c>.</summary>
public readonly struct AmiBridgeEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>Bridge id.</summary>
    public string? BridgeUniqueid => Message["BridgeUniqueid"];

    /// <summary>Bridge type (<c>basic</c>).</summary>
    public string? BridgeType => Message["BridgeType"];

    /// <summary>Channels in the bridge after the event.</summary>
    public int? BridgeNumChannels => Message.GetInt32("BridgeNumChannels");

    /// <summary>The channel entering or leaving (absent for create/destroy).</summary>
    public AmiChannelSnapshot Channel => new(Message, SnapshotKeys.None);

    /// <summary>Creates the view for bridge events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiBridgeEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("BridgeCreate") || message.IsEvent("BridgeEnter") || message.IsEvent("BridgeLeave") || message.IsEvent("BridgeDestroy");
    }
}

/// <summary><c>DialBegin</c>, <c>DialState</c>, <c>DialEnd</c>.</summary>
public readonly struct AmiDialEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>Dial string (DialBegin).</summary>
    public string? DialString => Message["DialString"];

    /// <summary>Dial status (DialEnd: ANSWER, BUSY, NOANSWER, CANCEL…).</summary>
    public string? DialStatus => Message["DialStatus"];

    /// <summary>The calling channel (absent for an Originate).</summary>
    public AmiChannelSnapshot Caller => new(Message, SnapshotKeys.None);

    /// <summary>The dialled channel (<c>Dest…</c> headers).</summary>
    public AmiChannelSnapshot Destination => new(Message, SnapshotKeys.Dest);

    /// <summary>Creates the view for dial events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiDialEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("DialBegin") || message.IsEvent("DialState") || message.IsEvent("DialEnd");
    }
}

/// <summary><c>DTMFBegin</c> and <c>DTMFEnd</c> (SIP INFO gives only DTMFEnd).</summary>
public readonly struct AmiDtmfEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>True for DTMFEnd.</summary>
    public bool IsEnd => Message.IsEvent("DTMFEnd");

    /// <summary>The digit (personal data when it is a policy number: never log it).</summary>
    public string? Digit => Message["Digit"];

    /// <summary><c>Received</c> or <c>Sent</c>.</summary>
    public string? Direction => Message["Direction"];

    /// <summary>Duration in ms (DTMFEnd).</summary>
    public int? DurationMs => Message.GetInt32("DurationMs");

    /// <summary>The channel.</summary>
    public AmiChannelSnapshot Channel => new(Message, SnapshotKeys.None);

    /// <summary>Creates the view for DTMF events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiDtmfEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("DTMFBegin") || message.IsEvent("DTMFEnd");
    }
}

/// <summary><c>UserEvent</c> from the dialplan (e.g. <c>SurveyResult</c>, <c>CallEnded</c>); its own headers are read through <see cref="this[string]"/>.</summary>
public readonly struct AmiUserEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>The user event's name (the <c>UserEvent</c> header).</summary>
    public string? Name => Message["UserEvent"];

    /// <summary>A header of the user event.</summary>
    public string? this[string key] => Message[key];

    /// <summary>The channel that raised it.</summary>
    public AmiChannelSnapshot Channel => new(Message, SnapshotKeys.None);

    /// <summary>Creates the view for <c>UserEvent</c>.</summary>
    public static bool TryFrom(AmiMessage message, out AmiUserEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("UserEvent");
    }
}

/// <summary><c>VarSet</c>; a global variable has <c>Channel: none</c>.</summary>
public readonly struct AmiVarSetEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>Variable name.</summary>
    public string? Variable => Message["Variable"];

    /// <summary>Value, C-unescaped (Asterisk escapes it).</summary>
    public string? Value => Message.GetUnescaped("Value");

    /// <summary>True for a global variable (<c>Channel: none</c>).</summary>
    public bool IsGlobal => Message.ValueEquals("Channel", "none");

    /// <summary>The channel (for channel variables).</summary>
    public AmiChannelSnapshot Channel => new(Message, SnapshotKeys.None);

    /// <summary>Creates the view for <c>VarSet</c>.</summary>
    public static bool TryFrom(AmiMessage message, out AmiVarSetEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("VarSet");
    }
}

/// <summary><c>OriginateResponse</c> (an event, though it has a <c>Response:</c> header).</summary>
public readonly struct AmiOriginateResponseEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>True for <c>Response: Success</c>.</summary>
    public bool IsSuccess => Message.ValueEquals("Response", "Success");

    /// <summary>Asterisk's reason: 4 answered, 3 ring timeout, 0 failure (also busy: check the Hangup cause), 5 busy, 8 congestion.</summary>
    public int? Reason => Message.GetInt32("Reason");

    /// <summary>The channel name or, on failure, the dial string.</summary>
    public string? Channel => Message["Channel"];

    /// <summary>Uniqueid (the Originate ChannelId when given; <c>&lt;unknown&gt;</c> when no channel was made).</summary>
    public string? Uniqueid => Message["Uniqueid"];

    /// <summary>The ActionID of the Originate.</summary>
    public string? ActionId => Message.ActionId;

    /// <summary>Context.</summary>
    public string? Context => Message["Context"];

    /// <summary>Extension.</summary>
    public string? Exten => Message["Exten"];

    /// <summary>Creates the view for <c>OriginateResponse</c>.</summary>
    public static bool TryFrom(AmiMessage message, out AmiOriginateResponseEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("OriginateResponse");
    }
}

/// <summary><c>MixMonitorStart</c>, <c>MixMonitorStop</c> (only from StopMixMonitor, not at hang-up), <c>MixMonitorMute</c>.</summary>
public readonly struct AmiMixMonitorEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>True for MixMonitorStart.</summary>
    public bool IsStart => Message.IsEvent("MixMonitorStart");

    /// <summary>True for MixMonitorStop.</summary>
    public bool IsStop => Message.IsEvent("MixMonitorStop");

    /// <summary>The recorded channel.</summary>
    public AmiChannelSnapshot Channel => new(Message, SnapshotKeys.None);

    /// <summary>Creates the view for MixMonitor events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiMixMonitorEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("MixMonitorStart") || message.IsEvent("MixMonitorStop") || message.IsEvent("MixMonitorMute");
    }
}

/// <summary><c>ChanSpyStart</c>/<c>ChanSpyStop</c>: the spy keeps its own Linkedid; the link to the call is the spyee.</summary>
public readonly struct AmiChanSpyEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>True for ChanSpyStart.</summary>
    public bool IsStart => Message.IsEvent("ChanSpyStart");

    /// <summary>The supervisor's channel (<c>Spyer…</c>).</summary>
    public AmiChannelSnapshot Spyer => new(Message, SnapshotKeys.Spyer);

    /// <summary>The spied channel (<c>Spyee…</c>).</summary>
    public AmiChannelSnapshot Spyee => new(Message, SnapshotKeys.Spyee);

    /// <summary>Creates the view for ChanSpy events.</summary>
    public static bool TryFrom(AmiMessage message, out AmiChanSpyEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("ChanSpyStart") || message.IsEvent("ChanSpyStop");
    }
}

/// <summary><c>FullyBooted</c>: Asterisk is ready (after a restart it comes later than the login).</summary>
public readonly struct AmiFullyBootedEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary>Seconds since start.</summary>
    public int? Uptime => Message.GetInt32("Uptime");

    /// <summary>Seconds since the last reload.</summary>
    public int? LastReload => Message.GetInt32("LastReload");

    /// <summary>Creates the view for <c>FullyBooted</c>.</summary>
    public static bool TryFrom(AmiMessage message, out AmiFullyBootedEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("FullyBooted");
    }
}

/// <summary><c>Shutdown</c>: the connection is about to close.</summary>
public readonly struct AmiShutdownEvent(AmiMessage message)
{
    /// <summary>The message.</summary>
    public AmiMessage Message { get; } = message;

    /// <summary><c>Cleanly</c> or <c>Uncleanly</c>.</summary>
    public string? Shutdown => Message["Shutdown"];

    /// <summary>True when Asterisk restarts (expect a reconnect and a FullyBooted).</summary>
    public bool IsRestart => Message.ValueEquals("Restart", "True");

    /// <summary>Creates the view for <c>Shutdown</c>.</summary>
    public static bool TryFrom(AmiMessage message, out AmiShutdownEvent view)
    {
        ArgumentNullException.ThrowIfNull(message);
        view = new(message);
        return message.IsEvent("Shutdown");
    }
}
