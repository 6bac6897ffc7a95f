namespace ContactCenter.Core.Seats;

/// <summary>
/// The legal seat transitions, as data. <see cref="Seat"/> consults it before every change, so this table
/// is the single statement of the rules:
/// <list type="bullet">
/// <item>LogIn: LoggedOut → Ready | NotReady.</item>
/// <item>SetReady: NotReady → Ready; WrapUp → Ready (seat done early); Ready → Ready (no-op).</item>
/// <item>SetNotReady: Ready | NotReady (new reason) | WrapUp → NotReady.</item>
/// <item>Ring: Ready → Ringing. RingNoAnswer: Ringing → NotReady ("未接"). CancelRing: Ringing → Ready
/// (the caller hung up or another seat/site took the call).</item>
/// <item>Answer: Ringing → OnCall. Dial (outbound callback): Ready | NotReady → OnCall.</item>
/// <item>EndCall: OnCall → WrapUp, or → Ready when the wrap-up time is zero.</item>
/// <item>CompleteWrapUp (timer elapsed): WrapUp → Ready.</item>
/// <item>LogOut: Ready | NotReady | WrapUp → LoggedOut (never with a call ringing or connected).</item>
/// </list>
/// </summary>
public static class AgentStateMachine
{
    private static readonly Dictionary<AgentTrigger, (AgentState From, AgentState To)[]> Legal = new()
    {
        [AgentTrigger.LogIn] = [(AgentState.LoggedOut, AgentState.Ready), (AgentState.LoggedOut, AgentState.NotReady)],
        [AgentTrigger.SetReady] =
        [
            (AgentState.NotReady, AgentState.Ready),
            (AgentState.WrapUp, AgentState.Ready),
            (AgentState.Ready, AgentState.Ready),
        ],
        [AgentTrigger.SetNotReady] =
        [
            (AgentState.Ready, AgentState.NotReady),
            (AgentState.NotReady, AgentState.NotReady),
            (AgentState.WrapUp, AgentState.NotReady),
        ],
        [AgentTrigger.Ring] = [(AgentState.Ready, AgentState.Ringing)],
        [AgentTrigger.RingNoAnswer] = [(AgentState.Ringing, AgentState.NotReady)],
        [AgentTrigger.CancelRing] = [(AgentState.Ringing, AgentState.Ready)],
        [AgentTrigger.Answer] = [(AgentState.Ringing, AgentState.OnCall)],
        [AgentTrigger.Dial] = [(AgentState.Ready, AgentState.OnCall), (AgentState.NotReady, AgentState.OnCall)],
        [AgentTrigger.EndCall] = [(AgentState.OnCall, AgentState.WrapUp), (AgentState.OnCall, AgentState.Ready)],
        [AgentTrigger.CompleteWrapUp] = [(AgentState.WrapUp, AgentState.Ready)],
        [AgentTrigger.LogOut] =
        [
            (AgentState.Ready, AgentState.LoggedOut),
            (AgentState.NotReady, AgentState.LoggedOut),
            (AgentState.WrapUp, AgentState.LoggedOut),
        ],
    };

    public static bool IsLegal(AgentTrigger trigger, AgentState from, AgentState to) =>
        Legal.TryGetValue(trigger, out var pairs) && Array.IndexOf(pairs, (from, to)) >= 0;

    /// <summary>Whether <paramref name="trigger"/> can fire at all in <paramref name="from"/> (for enabling buttons).</summary>
    public static bool CanFire(AgentTrigger trigger, AgentState from) =>
        Legal.TryGetValue(trigger, out var pairs) && Array.Exists(pairs, p => p.From == from);

    /// <summary>Throws <see cref="AgentStateException"/> unless the transition is in the table.</summary>
    public static void Ensure(AgentTrigger trigger, AgentState from, AgentState to)
    {
        if (!IsLegal(trigger, from, to))
        {
            throw new AgentStateException(trigger, from, to);
        }
    }
}

/// <summary>An illegal seat transition, e.g. "cannot go from LoggedOut to OnCall (Answer)".</summary>
public sealed class AgentStateException : DomainException
{
    public AgentStateException(AgentTrigger trigger, AgentState from, AgentState to)
        : base($"cannot go from {from} to {to} ({trigger})")
    {
        Trigger = trigger;
        From = from;
        To = to;
    }

    public AgentTrigger Trigger { get; }

    public AgentState From { get; }

    public AgentState To { get; }
}

/// <summary>An event names a call other than the one the seat is ringing for or talking on.</summary>
public sealed class AgentCallMismatchException : DomainException
{
    public AgentCallMismatchException(string seatId, AgentTrigger trigger, string? currentCallId, string callId)
        : base($"seat {seatId} cannot {trigger} call {callId}: its current call is {currentCallId ?? "none"}")
    {
        CurrentCallId = currentCallId;
        CallId = callId;
    }

    public string? CurrentCallId { get; }

    public string CallId { get; }
}
