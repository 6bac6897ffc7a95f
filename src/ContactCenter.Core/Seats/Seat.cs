namespace ContactCenter.Core.Seats;

/// <summary>A seat's membership of a queue; a lower penalty is offered calls first (Asterisk queue penalty).</summary>
public sealed record SeatQueueMembership(string QueueId, int Penalty);

/// <summary>
/// A seat (座席) at one site and the state machine of the agent sitting at it. The configuration
/// (<see cref="Id"/>, <see cref="SiteCode"/>, <see cref="Extension"/>, queues) is stored; the live state is
/// driven by the telephony bridge and the desktop. Every transition takes the current time explicitly
/// (<c>timeProvider.GetUtcNow()</c>) and returns the <see cref="AgentStateChange"/> it made.
/// Not thread-safe: the owner serialises events per seat.
/// </summary>
public sealed class Seat
{
    private readonly List<SeatQueueMembership> _queues = [];

    public Seat(string id, string siteCode, string extension, string displayName, int? userId = null)
    {
        Id = Guard.Required(id, "seat id", 64);
        SiteCode = Guard.SiteCode(siteCode);
        Extension = Guard.Required(extension, "extension", 32);
        DisplayName = Guard.Required(displayName, "seat display name", 100);
        UserId = userId;
    }

    public string Id { get; }

    public string SiteCode { get; }

    public string Extension { get; }

    public string DisplayName { get; private set; }

    public int? UserId { get; private set; }

    public IReadOnlyList<SeatQueueMembership> Queues => _queues;

    public AgentState State { get; private set; } = AgentState.LoggedOut;

    /// <summary>When the current state began; null until the first transition seen by this process.</summary>
    public DateTimeOffset? StateEnteredAt { get; private set; }

    /// <summary>The 小休 reason while <see cref="AgentState.NotReady"/>, otherwise null.</summary>
    public string? NotReadyReason { get; private set; }

    /// <summary>The call ringing, connected or being wrapped up; null otherwise.</summary>
    public string? CurrentCallId { get; private set; }

    /// <summary>When wrap-up ends by itself; set only in <see cref="AgentState.WrapUp"/>.</summary>
    public DateTimeOffset? WrapUpDeadline { get; private set; }

    /// <summary>Only a ready seat is offered queue calls.</summary>
    public bool IsAvailable => State == AgentState.Ready;

    public bool IsLoggedIn => State != AgentState.LoggedOut;

    /// <summary>Time in the current state, for the desktop and the wallboard; null if unknown.</summary>
    public TimeSpan? TimeInState(DateTimeOffset now) =>
        StateEnteredAt is { } entered ? (now > entered ? now - entered : TimeSpan.Zero) : null;

    /// <summary>Wrap-up time left; null outside wrap-up.</summary>
    public TimeSpan? WrapUpRemaining(DateTimeOffset now) =>
        WrapUpDeadline is { } deadline ? (deadline > now ? deadline - now : TimeSpan.Zero) : null;

    public void Rename(string displayName) => DisplayName = Guard.Required(displayName, "seat display name", 100);

    public void AssignUser(int? userId) => UserId = userId;

    public void JoinQueue(string queueId, int penalty = 0)
    {
        var id = Guard.Required(queueId, "queue id", 100);
        if (penalty < 0)
        {
            throw new DomainValidationException($"queue penalty must be 0 or more, not {penalty}");
        }

        _queues.RemoveAll(q => string.Equals(q.QueueId, id, StringComparison.Ordinal));
        _queues.Add(new SeatQueueMembership(id, penalty));
    }

    public bool LeaveQueue(string queueId) =>
        _queues.RemoveAll(q => string.Equals(q.QueueId, queueId, StringComparison.Ordinal)) > 0;

    public AgentStateChange LogIn(bool ready, DateTimeOffset now) =>
        Move(AgentTrigger.LogIn, ready ? AgentState.Ready : AgentState.NotReady, now,
            reason: ready ? null : NotReadyReasons.LoggedIn, callId: null);

    /// <summary>Ready for calls; from wrap-up this is "seat done" before the timer.</summary>
    public AgentStateChange SetReady(DateTimeOffset now)
    {
        if (State == AgentState.Ready)
        {
            return new AgentStateChange(Id, AgentTrigger.SetReady, State, State, now, null, null);
        }

        return Move(AgentTrigger.SetReady, AgentState.Ready, now, reason: null, callId: null);
    }

    /// <summary>示忙/小休 with a reason such as "午餐" or "培训"; from NotReady it changes the reason.</summary>
    public AgentStateChange SetNotReady(string reason, DateTimeOffset now) =>
        Move(AgentTrigger.SetNotReady, AgentState.NotReady, now, Guard.Required(reason, "not-ready reason", 50), callId: null);

    public AgentStateChange Ring(string callId, DateTimeOffset now) =>
        Move(AgentTrigger.Ring, AgentState.Ringing, now, reason: null, Guard.Required(callId, "call id", 128));

    /// <summary>The seat let the call ring out: NotReady "未接", so calls stop ringing an empty desk.</summary>
    public AgentStateChange RingNoAnswer(string callId, DateTimeOffset now)
    {
        EnsureSameCall(AgentTrigger.RingNoAnswer, callId);
        return Move(AgentTrigger.RingNoAnswer, AgentState.NotReady, now, NotReadyReasons.RingNoAnswer, callId: null);
    }

    /// <summary>The ring stopped through no fault of the seat (caller hung up, call overflowed or taken elsewhere).</summary>
    public AgentStateChange CancelRing(string callId, DateTimeOffset now)
    {
        EnsureSameCall(AgentTrigger.CancelRing, callId);
        return Move(AgentTrigger.CancelRing, AgentState.Ready, now, reason: null, callId: null);
    }

    public AgentStateChange Answer(string callId, DateTimeOffset now)
    {
        EnsureSameCall(AgentTrigger.Answer, callId);
        return Move(AgentTrigger.Answer, AgentState.OnCall, now, reason: null, callId);
    }

    /// <summary>The seat places an outbound call (callback campaign) from Ready or NotReady.</summary>
    public AgentStateChange Dial(string callId, DateTimeOffset now) =>
        Move(AgentTrigger.Dial, AgentState.OnCall, now, reason: null, Guard.Required(callId, "call id", 128));

    /// <summary>
    /// The call hung up: wrap-up until <c>now + wrapUp</c>, or straight back to Ready when
    /// <paramref name="wrapUp"/> is zero.
    /// </summary>
    public AgentStateChange EndCall(string callId, TimeSpan wrapUp, DateTimeOffset now)
    {
        if (wrapUp < TimeSpan.Zero)
        {
            throw new DomainValidationException($"wrap-up time must be 0 or more, not {wrapUp}");
        }

        EnsureSameCall(AgentTrigger.EndCall, callId);
        if (wrapUp == TimeSpan.Zero)
        {
            return Move(AgentTrigger.EndCall, AgentState.Ready, now, reason: null, callId: null);
        }

        var change = Move(AgentTrigger.EndCall, AgentState.WrapUp, now, reason: null, callId);
        WrapUpDeadline = now + wrapUp;
        return change;
    }

    /// <summary>
    /// The wrap-up timer fired: back to Ready if the deadline has passed. Returns null (and changes nothing)
    /// when the seat is no longer in wrap-up or the deadline is still ahead, so a late timer is harmless.
    /// </summary>
    public AgentStateChange? CompleteWrapUpIfDue(DateTimeOffset now)
    {
        if (State != AgentState.WrapUp || WrapUpDeadline is not { } deadline || now < deadline)
        {
            return null;
        }

        return Move(AgentTrigger.CompleteWrapUp, AgentState.Ready, now, reason: null, callId: null);
    }

    public AgentStateChange LogOut(DateTimeOffset now) =>
        Move(AgentTrigger.LogOut, AgentState.LoggedOut, now, reason: null, callId: null);

    private void EnsureSameCall(AgentTrigger trigger, string callId)
    {
        var id = Guard.Required(callId, "call id", 128);
        if (CurrentCallId is not null && !string.Equals(CurrentCallId, id, StringComparison.Ordinal))
        {
            throw new AgentCallMismatchException(Id, trigger, CurrentCallId, id);
        }
    }

    private AgentStateChange Move(AgentTrigger trigger, AgentState to, DateTimeOffset now, string? reason, string? callId)
    {
        var from = State;
        AgentStateMachine.Ensure(trigger, from, to);
        State = to;
        StateEnteredAt = now;
        NotReadyReason = to == AgentState.NotReady ? reason : null;
        CurrentCallId = callId;
        WrapUpDeadline = null;
        return new AgentStateChange(Id, trigger, from, to, now, reason, callId);
    }
}
