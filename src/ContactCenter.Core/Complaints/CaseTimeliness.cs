using ContactCenter.Core.Calendar;

namespace ContactCenter.Core.Complaints;

/// <summary>
/// One case's timeliness, for the complaint reports. <see cref="DueOn"/> is the deadline for answering the
/// complainant: the acceptance deadline for a rejected or forwarded case under the company rules, otherwise the
/// decision deadline. <see cref="AnsweredOn"/> is when the answer went out: the decision or rejection notice,
/// or the forwarding. <see cref="HandlingDays"/> = calendar days from the first receipt to the answer
/// (suspended days included: they are elapsed time for the complainant).
/// </summary>
public sealed record CaseTimeliness(string CaseNumber, DateOnly ReceivedOn, DateOnly DueOn, DateOnly? AnsweredOn)
{
    public bool IsAnswered => AnsweredOn is not null;

    /// <summary>Answered on or before the due date (all dates are China dates, inclusive).</summary>
    public bool AnsweredOnTime => AnsweredOn is { } answered && answered <= DueOn;

    public int? HandlingDays => AnsweredOn is { } answered ? answered.DayNumber - ReceivedOn.DayNumber : null;
}

/// <summary>
/// 投诉处理及时率 and 案均处理天数 over a period [From, To] (China dates, inclusive):
/// <list type="bullet">
/// <item><see cref="Due"/>: cases whose answer deadline falls in the period;
/// <see cref="AnsweredOnTime"/>: of those, answered by the deadline; <see cref="TimelinessRate"/> = the ratio
/// (0..1, null when nothing was due). A due case still unanswered counts as late.</item>
/// <item><see cref="Answered"/>: cases answered in the period; <see cref="AverageHandlingDays"/> = their mean
/// handling days (null when none).</item>
/// </list>
/// Merged cases are left out (their survivor carries the complaint).
/// </summary>
public sealed record TimelinessSummary(DateOnly From, DateOnly To, int Due, int AnsweredOnTime, double? TimelinessRate, int Answered, double? AverageHandlingDays);

public static class ComplaintTimeliness
{
    /// <summary>The timeliness of one case; null for a merged case.</summary>
    public static CaseTimeliness? Of(Case complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.Status == CaseStatus.Merged)
        {
            return null;
        }

        var declined = complaint.Status == CaseStatus.Rejected || complaint.ForwardKind is not null;
        var due = declined ? complaint.AcceptDeadline ?? complaint.Deadlines.Decide : complaint.Deadlines.Decide;
        var answered = complaint.AnsweredAt is { } at ? BusinessCalendar.DateOf(at) : (DateOnly?)null;
        return new CaseTimeliness(complaint.CaseNumber, BusinessCalendar.DateOf(complaint.ReceivedAt), due, answered);
    }

    public static TimelinessSummary Summarize(IEnumerable<Case> cases, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (to < from)
        {
            throw new DomainValidationException($"report period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        }

        int due = 0, onTime = 0, answered = 0, handlingDays = 0;
        foreach (var complaint in cases)
        {
            if (Of(complaint) is not { } t)
            {
                continue;
            }

            if (t.DueOn >= from && t.DueOn <= to)
            {
                due++;
                onTime += t.AnsweredOnTime ? 1 : 0;
            }

            if (t.AnsweredOn is { } on && on >= from && on <= to)
            {
                answered++;
                handlingDays += t.HandlingDays!.Value;
            }
        }

        return new TimelinessSummary(
            from,
            to,
            due,
            onTime,
            due == 0 ? null : (double)onTime / due,
            answered,
            answered == 0 ? null : (double)handlingDays / answered);
    }
}
