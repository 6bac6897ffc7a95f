using ContactCenter.Core.Contacts;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// What a site adapter observed, in site-neutral terms (no AMI types): the only input of the live model.
/// Facts are plain records so that the scale-out issue can publish them between nodes; applying the same
/// facts in the same order per site gives the same picture on every node.
/// </summary>
/// <param name="SiteCode">The site that reported it.</param>
/// <param name="At">Asterisk's event time (<c>Timestamp:</c>) or the bridge's clock when Asterisk gave none.</param>
public abstract record TelephonyFact(string SiteCode, DateTimeOffset At);

/// <summary>A call got its call id (CC_CALLID) on the channel that started it at this site.</summary>
/// <param name="ChannelCreatedAt">When the channel appeared (IVR entry for an inbound call).</param>
public sealed record CallSeen(string SiteCode, DateTimeOffset At, string CallId, ContactDirection Direction, string Uniqueid, string Channel,
    string? CallerNumber, DateTimeOffset ChannelCreatedAt) : TelephonyFact(SiteCode, At);

/// <summary>A channel variable of the call changed: CC_POLICY, CC_INTENT, MIXMONITOR_FILENAME, QUEUESTATUS, CC_OUTCOME, CC_CALLBACK_RESULT (the answer in callback-confirm).</summary>
public sealed record CallVariableSet(string SiteCode, DateTimeOffset At, string CallId, string Name, string Value) : TelephonyFact(SiteCode, At);

/// <summary>QueueCallerJoin.</summary>
public sealed record CallQueued(string SiteCode, DateTimeOffset At, string CallId, string QueueName, string Uniqueid, string Channel,
    ContactDirection Direction, string? CallerNumber, DateTimeOffset ChannelCreatedAt) : TelephonyFact(SiteCode, At);

/// <summary>QueueCallerAbandon: the caller left the queue unanswered (hang-up, or a Redirect out of the queue).</summary>
public sealed record CallAbandoned(string SiteCode, DateTimeOffset At, string CallId, string QueueName) : TelephonyFact(SiteCode, At);

/// <summary>QueueCallerLeave: the caller left the waiting list (answered, abandoned, timed out or redirected).</summary>
public sealed record CallLeftWaitingList(string SiteCode, DateTimeOffset At, string CallId, string QueueName) : TelephonyFact(SiteCode, At);

/// <summary>AgentCalled: a seat's phone rings for the call.</summary>
/// <param name="AgentChannel">The seat's leg (DestChannel, e.g. <c>PJSIP/1001-00000008</c>): what a supervisor spies on.</param>
public sealed record SeatRang(string SiteCode, DateTimeOffset At, string CallId, string QueueName, string SeatId, string? Interface, string? AgentChannel = null)
    : TelephonyFact(SiteCode, At);

/// <summary>
/// AgentRingNoAnswer: app_queue stopped ringing the seat without an answer. It sends this for a true ring-no-answer
/// (the member's ring timer ran out), but also when the seat's leg ended first (busy, congestion, declined) and for a
/// member still ringing when the caller hung up; <paramref name="EndedBy"/> tells them apart.
/// </summary>
/// <param name="EndedBy">How the ring ended, from the DialEnd the site saw for the seat's leg before this event.</param>
public sealed record SeatDidNotAnswer(string SiteCode, DateTimeOffset At, string CallId, string SeatId, string? Interface, SeatRingEnd EndedBy = SeatRingEnd.TimedOut)
    : TelephonyFact(SiteCode, At);

/// <summary>How a seat's ring ended without an answer (<see cref="SeatDidNotAnswer"/>).</summary>
public enum SeatRingEnd
{
    /// <summary>No DialEnd came first: app_queue's ring timer ran out (the member's <c>timeout</c>, or the caller's Queue() timeout).</summary>
    TimedOut,

    /// <summary>DialEnd BUSY first: the phone was busy or the seat pressed "busy" (486).</summary>
    Busy,

    /// <summary>DialEnd CONGESTION or CHANUNAVAIL first: the phone could not be reached.</summary>
    Unavailable,

    /// <summary>DialEnd NOANSWER first: the seat's leg hung up while ringing (declined), or the caller hung up.</summary>
    HungUp,
}

/// <summary>AgentDump: the seat answered, but the caller had hung up before the two were bridged.</summary>
public sealed record SeatDumped(string SiteCode, DateTimeOffset At, string CallId, string SeatId, string? Interface) : TelephonyFact(SiteCode, At);

/// <summary>AgentConnect.</summary>
/// <param name="AgentChannel">The seat's leg (DestChannel).</param>
public sealed record SeatConnected(string SiteCode, DateTimeOffset At, string CallId, string QueueName, string SeatId, string? Interface, string? AgentChannel = null)
    : TelephonyFact(SiteCode, At);

/// <summary>AgentComplete: the queue call between caller and seat is over (the caller may stay for the survey).</summary>
public sealed record SeatCallCompleted(string SiteCode, DateTimeOffset At, string CallId, string SeatId, string? Interface = null) : TelephonyFact(SiteCode, At);

/// <summary>Hangup of the channel that carries the call at this site.</summary>
public sealed record CallHungUp(string SiteCode, DateTimeOffset At, string CallId, string Uniqueid, int? Cause) : TelephonyFact(SiteCode, At);

/// <summary>
/// What Asterisk says about a queue member (QueueMemberAdded/Removed/Pause/Status, or a QueueStatus list item).
/// <paramref name="Interface"/> identifies the seat (app_queue's key); <paramref name="SeatId"/> is Asterisk's MemberName.
/// </summary>
public sealed record MemberObserved(string SiteCode, DateTimeOffset At, string SeatId, string Interface, string QueueName, MemberChange Change,
    bool Paused, string? PausedReason, int? Penalty) : TelephonyFact(SiteCode, At);

/// <summary>Kinds of <see cref="MemberObserved"/>.</summary>
public enum MemberChange
{
    /// <summary>QueueMemberAdded, or present in a QueueStatus list.</summary>
    Added,

    /// <summary>QueueMemberRemoved.</summary>
    Removed,

    /// <summary>QueueMemberPause: the member's pause or reason changed.</summary>
    Updated,

    /// <summary>QueueMemberStatus: the member's device state changed (its Paused only repeats what QueueMemberPause said).</summary>
    Status,
}

/// <summary>UserEvent SurveyResult from the dialplan.</summary>
public sealed record SurveyReported(string SiteCode, DateTimeOffset At, string CallId, string? SeatId, int? Score) : TelephonyFact(SiteCode, At);

/// <summary>OriginateResponse failure of a callback.</summary>
public sealed record OriginateFailedFact(string SiteCode, DateTimeOffset At, string CallId, string Reason) : TelephonyFact(SiteCode, At);

/// <summary>Event: Shutdown: the site's Asterisk is stopping or restarting; the calls it still carries are cut by it.</summary>
public sealed record SiteShuttingDown(string SiteCode, DateTimeOffset At) : TelephonyFact(SiteCode, At);

/// <summary>
/// Event: FullyBooted after a login, with Asterisk's uptime: an Asterisk that started after the link went down restarted
/// (or crashed) meanwhile, so the calls it no longer lists were cut by it.
/// </summary>
public sealed record SiteBooted(string SiteCode, DateTimeOffset At, TimeSpan Uptime) : TelephonyFact(SiteCode, At);

/// <summary>The AMI link of the site dropped.</summary>
public sealed record SiteLinkLost(string SiteCode, DateTimeOffset At) : TelephonyFact(SiteCode, At);

/// <summary>The site's state as listed after a (re)connect: members, waiting callers and live channels.</summary>
public sealed record SiteResynced(string SiteCode, DateTimeOffset At, IReadOnlyList<MemberObserved> Members, IReadOnlyList<QueueEntrySnapshot> Entries,
    IReadOnlyList<ChannelSnapshot> Channels) : TelephonyFact(SiteCode, At);

/// <summary>A waiting caller from QueueStatus.</summary>
public sealed record QueueEntrySnapshot(string QueueName, string Uniqueid, string Channel, string? CallerNumber, int WaitSeconds);

/// <summary>A live channel from CoreShowChannels.</summary>
/// <param name="Outbound">A call the center placed: in an outbound context, or a callback leg (it carries CC_SEAT) wherever it is now.</param>
public sealed record ChannelSnapshot(string Uniqueid, string Linkedid, string Channel, string Context, string? CallId, string? BridgeId, bool Outbound = false);
