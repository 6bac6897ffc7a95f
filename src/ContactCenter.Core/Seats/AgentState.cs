namespace ContactCenter.Core.Seats;

/// <summary>What a seat (座席) is doing. Stored and sent as kebab-case codes (<see cref="DomainCodes"/>).</summary>
public enum AgentState
{
    /// <summary>签出: not at the desk; never offered calls.</summary>
    LoggedOut,

    /// <summary>空闲/就绪: waiting for a call.</summary>
    Ready,

    /// <summary>示忙/小休: logged in but not taking calls; carries a reason string.</summary>
    NotReady,

    /// <summary>振铃: a queue call is ringing the seat's phone.</summary>
    Ringing,

    /// <summary>通话中.</summary>
    OnCall,

    /// <summary>话后处理: after-call work until the wrap-up deadline or until the seat says it is done.</summary>
    WrapUp,
}

/// <summary>The events that move a seat between <see cref="AgentState"/>s.</summary>
public enum AgentTrigger
{
    LogIn,
    SetReady,
    SetNotReady,
    Ring,
    RingNoAnswer,
    CancelRing,
    Answer,
    Dial,
    EndCall,
    CompleteWrapUp,
    LogOut,
}

/// <summary>Reasons the system itself puts a seat into <see cref="AgentState.NotReady"/>.</summary>
public static class NotReadyReasons
{
    /// <summary>The seat let a call ring out: stop offering calls to an empty desk.</summary>
    public const string RingNoAnswer = "未接";

    /// <summary>The seat logged in without asking to be ready.</summary>
    public const string LoggedIn = "登录";
}

/// <summary>One transition, for the hub, the wallboard and the audit trail.</summary>
public sealed record AgentStateChange(
    string SeatId,
    AgentTrigger Trigger,
    AgentState From,
    AgentState To,
    DateTimeOffset At,
    string? Reason,
    string? CallId);
