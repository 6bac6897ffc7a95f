namespace ContactCenter.Core.Complaints;

/// <summary>What happened to a case; stored in <c>case_events.type</c> as its kebab-case code.</summary>
public enum CaseEventType
{
    Registered,
    OwnerAssigned,
    MaterialRequested,
    MaterialReceived,

    /// <summary>New facts or reasons: the decision clock starts again (Art 18).</summary>
    ClockRestarted,
    Accepted,
    Rejected,
    Forwarded,
    InvestigationAssigned,
    InvestigationRecorded,
    Extended,
    Suspended,
    Resumed,
    Decided,
    NoticeDelivered,
    ReviewApplied,
    ReviewDecided,
    ReportedToRegulator,
    MarkedMajor,
    Closed,

    /// <summary>This case was merged into another (the survivor); its history stays with it.</summary>
    MergedInto,

    /// <summary>This case absorbed a repeat complaint.</summary>
    RepeatMerged,
    RectificationAdded,
    RectificationCompleted,
    RectificationRechecked,

    /// <summary>A running deadline passed without the step it asks for; escalated to the owner and the supervisor (once per deadline).</summary>
    DeadlineMissed,
}

/// <summary>
/// One timeline entry of a case (<c>case_events</c>): type, time, the user who did it (null for the system)
/// and a short English detail without personal data. Id and CaseId are 0 until stored.
/// </summary>
public sealed record CaseEvent(long Id, int CaseId, CaseEventType Type, DateTimeOffset At, int? ActorUserId, string? Detail);
