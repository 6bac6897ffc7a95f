namespace ContactCenter.Core.Complaints;

/// <summary>
/// Where a complaint came in. <see cref="Phone"/> is the hotline (registered from a call, prefilled),
/// <see cref="Visit"/> a walk-in, <see cref="Online"/> the online form, <see cref="Regulator"/> 监管转办
/// (needs a written report back, Art 33).
/// </summary>
public enum CaseChannel
{
    Phone,
    Online,
    Letter,
    Visit,
    Email,
    Regulator,
    Fax,
}

/// <summary>Complaint status. The named steps of <see cref="Case"/> move it; see <see cref="CaseStatusRules"/>.</summary>
public enum CaseStatus
{
    /// <summary>登记: every complaint is registered; triage is next.</summary>
    Registered,

    /// <summary>受理: accepted, waiting for an investigation to be assigned.</summary>
    Accepted,

    /// <summary>不予受理, with a ground and reason.</summary>
    Rejected,

    /// <summary>Forwarded to the responsible body (external) or department (internal).</summary>
    Forwarded,

    /// <summary>Investigated by the responsible unit.</summary>
    InProgress,

    /// <summary>处理决定 made (its notice is delivered separately).</summary>
    Decided,

    /// <summary>复核: the complainant applied for review of the decision.</summary>
    UnderReview,

    /// <summary>Closed and classified; a review application within its 30 days reopens it.</summary>
    Closed,

    /// <summary>Merged into an earlier case (same complaint within its handling period).</summary>
    Merged,
}

/// <summary>The legal case status moves, as data. Rejected and Merged are final; Closed reopens only for review.</summary>
public static class CaseStatusRules
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Next = new()
    {
        [CaseStatus.Registered] = [CaseStatus.Accepted, CaseStatus.Rejected, CaseStatus.Forwarded, CaseStatus.Merged],
        [CaseStatus.Accepted] = [CaseStatus.InProgress, CaseStatus.Merged],
        [CaseStatus.InProgress] = [CaseStatus.Decided, CaseStatus.Merged],
        [CaseStatus.Decided] = [CaseStatus.UnderReview, CaseStatus.Closed],
        [CaseStatus.UnderReview] = [CaseStatus.Decided],
        [CaseStatus.Forwarded] = [CaseStatus.Closed],
        [CaseStatus.Closed] = [CaseStatus.UnderReview],
        [CaseStatus.Rejected] = [],
        [CaseStatus.Merged] = [],
    };

    public static bool CanMove(CaseStatus from, CaseStatus to) =>
        Next.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;

    public static IReadOnlyList<CaseStatus> NextStatuses(CaseStatus from) =>
        Next.TryGetValue(from, out var targets) ? targets : [];

    /// <summary>No handling left: Rejected, Merged, Closed (a Closed case may still be reopened by a review).</summary>
    public static bool IsFinal(CaseStatus status) => status is CaseStatus.Rejected or CaseStatus.Merged or CaseStatus.Closed;

    /// <summary>The handling period: received, not yet decided, rejected or forwarded (repeats here are merged).</summary>
    public static bool IsInHandling(CaseStatus status) => status is CaseStatus.Registered or CaseStatus.Accepted or CaseStatus.InProgress;
}

/// <summary>An illegal case status move, e.g. "cannot go from Closed to InProgress".</summary>
public sealed class CaseStatusException : DomainException
{
    public CaseStatusException(string caseNumber, CaseStatus from, CaseStatus to)
        : base($"case {caseNumber}: cannot go from {from} to {to}")
    {
        From = from;
        To = to;
    }

    public CaseStatus From { get; }

    public CaseStatus To { get; }
}
