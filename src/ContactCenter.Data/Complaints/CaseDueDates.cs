using ContactCenter.Core.Calendar;
using ContactCenter.Core.Complaints;

namespace ContactCenter.Data.Complaints;

/// <summary>Which running deadline <see cref="CaseDueDates.Next"/> found (stored in <c>cases.next_due_kind</c>).</summary>
public enum DueKind
{
    /// <summary>Company rules: ask for the missing material.</summary>
    Acknowledge,

    /// <summary>Company rules: say whether the complaint is accepted.</summary>
    Accept,

    /// <summary>Decide and notify (Art 18).</summary>
    Decide,

    /// <summary>A decision or rejection made: deliver its notice by the same deadline (Art 21).</summary>
    Notice,

    /// <summary>Decide the review (Art 20).</summary>
    ReviewDecide,
}

/// <summary>The earliest deadline still running on a case, and the timeliness dates the reports add up.</summary>
public sealed record DueDate(DateOnly On, DueKind Kind);

/// <summary>
/// Derived, stored columns of a case that make the deadline watch and the reports plain range queries:
/// the next running deadline (none while the clock is paused or once nothing is owed to the complainant)
/// and the China dates of <see cref="ComplaintTimeliness"/>.
/// </summary>
public static class CaseDueDates
{
    public static DueDate? Next(Case complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.IsSuspended)
        {
            return null;
        }

        var d = complaint.Deadlines;
        return complaint.Status switch
        {
            CaseStatus.Registered when !complaint.MaterialComplete && d.Acknowledge is { } ack => new DueDate(ack, DueKind.Acknowledge),
            CaseStatus.Registered when d.Accept is { } accept => accept <= d.Decide ? new DueDate(accept, DueKind.Accept) : new DueDate(d.Decide, DueKind.Decide),
            CaseStatus.Registered or CaseStatus.Accepted or CaseStatus.InProgress => new DueDate(d.Decide, DueKind.Decide),
            CaseStatus.Decided when complaint.Notice is null => new DueDate(d.Decide, DueKind.Notice),
            CaseStatus.Rejected when complaint.Notice is null => new DueDate(d.Accept ?? d.Decide, DueKind.Notice),
            CaseStatus.UnderReview when d.ReviewDecideBy is { } review => new DueDate(review, DueKind.ReviewDecide),
            _ => null,
        };
    }

    /// <summary>The report dates: receipt, answer deadline, answer, handling days (null deadline for a merged case).</summary>
    internal static (DateOnly ReceivedOn, DateOnly? AnswerDueOn, DateOnly? AnsweredOn, int? HandlingDays) Timeliness(Case complaint)
    {
        var t = ComplaintTimeliness.Of(complaint);
        return t is null
            ? (BusinessCalendar.DateOf(complaint.ReceivedAt), null, null, null)
            : (t.ReceivedOn, t.DueOn, t.AnsweredOn, t.HandlingDays);
    }
}
