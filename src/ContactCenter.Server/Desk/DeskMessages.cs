using ContactCenter.Core.Complaints;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Seats;

namespace ContactCenter.Server.Desk;

/// <summary>What the server pushes to a seat's desktop. Every message after the snapshot carries the seat's next sequence number.</summary>
public interface IAgentClient
{
    /// <summary>The whole desktop: state, the current or unfinished call, the lists. Sent on connect and when asked.</summary>
    Task Snapshot(DeskSnapshot snapshot);

    Task StateChanged(DeskStateDelta delta);

    /// <summary>A call rings the seat: the screen pop, before the seat picks up.</summary>
    Task CallOffered(DeskCallDelta delta);

    Task CallAnswered(DeskCallDelta delta);

    /// <summary>The call ended: wrap-up opens.</summary>
    Task CallEnded(DeskCallDelta delta);

    /// <summary>The call is gone from the desktop (wrap-up saved, or the ring stopped before an answer).</summary>
    Task CallCleared(DeskCallCleared delta);

    /// <summary>The seat's callback could not be placed: the customer was busy, did not answer, or the call failed.</summary>
    Task CallbackDialFailed(Callbacks.CallbackDialFailed failed);
}

/// <summary>Where the seat's current call is.</summary>
public enum CallPhase
{
    Ringing,
    Talking,
    WrapUp,
}

public sealed record SeatStateView(AgentState State, string? Reason, DateTimeOffset? Since, DateTimeOffset? WrapUpDeadline, string? CallId);

public sealed record DeskSnapshot(
    long Seq,
    string SeatId,
    string SiteCode,
    DateTimeOffset ServerNow,
    SeatStateView State,
    DeskCall? Call,
    IReadOnlyList<string> PauseReasons,
    IReadOnlyList<string> WrapUpCodes);

public sealed record DeskStateDelta(long Seq, DateTimeOffset ServerNow, SeatStateView State);

public sealed record DeskCallDelta(long Seq, DateTimeOffset ServerNow, DeskCall Call);

public sealed record DeskCallCleared(long Seq, string CallId);

/// <summary>The screen pop and the call's progress. The caller number is masked (seats never get it in full).</summary>
public sealed record DeskCall(
    string CallId,
    CallPhase Phase,
    string? CallerNumber,
    string? QueueId,
    string? QueueName,
    string? IvrPath,
    IReadOnlyDictionary<string, string> IvrData,
    string? PolicyNumber,
    IReadOnlyList<CustomerMatch> Matches,
    DateTimeOffset? RingingAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    ContactOutcome? Outcome)
{
    public DeskCall With(CallPhase phase, Contact? contact) => this with
    {
        Phase = phase,
        AnsweredAt = contact?.AnsweredAt ?? AnsweredAt,
        EndedAt = contact?.EndedAt ?? EndedAt,
        Outcome = contact?.Outcome ?? Outcome,
    };
}

/// <summary>A customer the call matched, by the calling number (<c>phone</c>) or the policy number keyed in the IVR (<c>policy</c>).</summary>
public sealed record CustomerMatch(
    int Id,
    string Name,
    Gender Gender,
    string Mobile,
    string IdNumber,
    string? City,
    string MatchedBy,
    IReadOnlyList<PolicyItem> Policies,
    IReadOnlyList<ComplaintItem> OpenComplaints,
    IReadOnlyList<RecentContactItem> RecentContacts);

public sealed record PolicyItem(string PolicyNumber, ProductLine ProductLine, string ProductName, PolicyStatus Status, DateOnly StartDate, DateOnly? CoolingOffEnd);

public sealed record ComplaintItem(int Id, string CaseNumber, string Subject, CaseStatus Status, DateOnly DecideBy);

public sealed record RecentContactItem(string CallId, DateTimeOffset? EndedAt, ContactDirection Direction, ContactOutcome? Outcome, string? QueueId, string? WrapUpCode);
