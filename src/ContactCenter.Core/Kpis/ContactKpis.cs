using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Surveys;

namespace ContactCenter.Core.Kpis;

/// <summary>
/// The queue KPIs of DOMAIN §6 over one set of contacts, with the counts they come from.
/// Rates are 0..1; a rate or average whose denominator is zero is null ("no data"), never 0 or NaN.
/// </summary>
public sealed record ContactKpis(
    int Offered,
    int Answered,
    int AnsweredWithinThreshold,
    int ShortAbandons,
    int Queued,
    int AbandonedInQueue,
    int Handled,
    int Waiting,
    double? AnswerRate,
    double? ServiceLevel,
    double? AbandonRate,
    TimeSpan? AverageSpeedOfAnswer,
    TimeSpan? AverageHandleTime,
    TimeSpan LongestWait);

/// <summary>
/// KPI formulas (DOMAIN §6 and §4), computed only from contact outcomes and timestamps.
/// Which contacts count:
/// <list type="bullet">
/// <item>Offered (asked for a seat): inbound, enqueued or refused as full/joinempty, and already answered or
/// closed. Calls still waiting are not yet counted; they only feed <see cref="ContactKpis.LongestWait"/>.</item>
/// <item>Answered: offered and answered by a seat. Within threshold: queue wait (enqueue → answer) ≤ T.</item>
/// <item>Short abandons: offered calls flagged <see cref="Contact.ShortAbandon"/>.</item>
/// <item>Queued / abandoned in queue: of the offered calls, those that joined a queue / that ended abandoned
/// there (short abandons included: the abandon rate has no exclusion).</item>
/// <item>Handled (AHT): answered and ended, any direction; handle time = talk (incl. hold) + after-call work.</item>
/// </list>
/// </summary>
public static class KpiCalculator
{
    /// <summary>numerator ÷ denominator, or null when the denominator is 0.</summary>
    public static double? Rate(int numerator, int denominator) =>
        denominator == 0 ? null : (double)numerator / denominator;

    public static ContactKpis Compute(IEnumerable<Contact> contacts, TimeSpan serviceLevelThreshold, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        int offered = 0, answered = 0, withinThreshold = 0, shortAbandons = 0, queued = 0, abandoned = 0, handled = 0, waiting = 0;
        var totalAnswerWait = TimeSpan.Zero;
        var totalHandle = TimeSpan.Zero;
        DateTimeOffset? oldestWaiting = null;

        foreach (var contact in contacts)
        {
            if (contact.IsWaiting)
            {
                waiting++;
                if (oldestWaiting is null || contact.EnqueuedAt < oldestWaiting)
                {
                    oldestWaiting = contact.EnqueuedAt;
                }
            }

            if (contact.HandleTime is { } handle && contact.EndedAt is not null)
            {
                handled++;
                totalHandle += handle;
            }

            if (!contact.AskedForSeat || (contact.AnsweredAt is null && contact.Outcome is null))
            {
                continue;
            }

            offered++;
            if (contact.EnqueuedAt is not null)
            {
                queued++;
            }

            if (contact.ShortAbandon)
            {
                shortAbandons++;
            }

            if (contact.AnswerWait is { } wait)
            {
                answered++;
                totalAnswerWait += wait;
                if (wait <= serviceLevelThreshold)
                {
                    withinThreshold++;
                }
            }
            else if (contact.Outcome == ContactOutcome.Abandoned && contact.EnqueuedAt is not null)
            {
                abandoned++;
            }
        }

        return new ContactKpis(
            offered,
            answered,
            withinThreshold,
            shortAbandons,
            queued,
            abandoned,
            handled,
            waiting,
            AnswerRate: Rate(answered, offered),
            ServiceLevel: Rate(withinThreshold, offered - shortAbandons),
            AbandonRate: Rate(abandoned, queued),
            AverageSpeedOfAnswer: answered == 0 ? null : totalAnswerWait / answered,
            AverageHandleTime: handled == 0 ? null : totalHandle / handled,
            LongestWait: LongestWait(oldestWaiting, now));
    }

    /// <summary>now − enqueue time of the oldest call still waiting; zero when nobody waits.</summary>
    public static TimeSpan LongestWait(IEnumerable<Contact> contacts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        return LongestWait(contacts.Where(c => c.IsWaiting).Min(c => c.EnqueuedAt), now);
    }

    /// <summary>满意度 = satisfied answers ÷ rated surveys.</summary>
    public static double? Satisfaction(IEnumerable<SurveyResult> surveys)
    {
        ArgumentNullException.ThrowIfNull(surveys);
        int rated = 0, satisfied = 0;
        foreach (var survey in surveys)
        {
            if (survey.IsSatisfied is { } s)
            {
                rated++;
                satisfied += s ? 1 : 0;
            }
        }

        return Rate(satisfied, rated);
    }

    /// <summary>参评率 = rated surveys ÷ answered calls (the same scope, e.g. one queue for one day).</summary>
    public static double? Participation(IEnumerable<SurveyResult> surveys, int answeredCalls)
    {
        ArgumentNullException.ThrowIfNull(surveys);
        return Rate(surveys.Count(s => s.IsRated), answeredCalls);
    }

    /// <summary>Occupancy = (talk + hold + ACW) ÷ (talk + hold + ACW + available idle).</summary>
    public static double? Occupancy(TimeSpan handling, TimeSpan availableIdle)
    {
        var total = handling + availableIdle;
        return total <= TimeSpan.Zero ? null : handling / total;
    }

    /// <summary>
    /// FCR (一次解决率): inbound contacts with a caller number and no further inbound contact from the same
    /// number within <paramref name="repeatWindow"/> after it started, ÷ all such contacts. Pass contacts up to
    /// the period end plus the window so that late repeats are seen.
    /// </summary>
    public static double? FirstContactResolution(IEnumerable<Contact> contacts, TimeSpan repeatWindow)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        int all = 0, resolved = 0;
        var byNumber = contacts
            .Where(c => c.Direction == ContactDirection.Inbound && c.StartedAt is not null)
            .Select(c => (Number: Customers.Customer.NormalizePhone(c.CallerNumber), Start: c.StartedAt!.Value))
            .Where(c => c.Number is not null)
            .GroupBy(c => c.Number, StringComparer.Ordinal);
        foreach (var group in byNumber)
        {
            var starts = group.Select(c => c.Start).Order().ToArray();
            for (var i = 0; i < starts.Length; i++)
            {
                all++;
                if (i == starts.Length - 1 || starts[i + 1] - starts[i] > repeatWindow)
                {
                    resolved++;
                }
            }
        }

        return Rate(resolved, all);
    }

    /// <summary>回访成功率 = tasks completed with the customer reached ÷ tasks due by <paramref name="now"/> (cancelled ones excluded).</summary>
    public static double? CallbackSuccessRate(IEnumerable<CallbackTask> tasks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        int due = 0, reached = 0;
        foreach (var task in tasks)
        {
            if (task.DueAt > now || task.Status == CallbackTaskStatus.Cancelled)
            {
                continue;
            }

            due++;
            reached += task.IsSuccessful ? 1 : 0;
        }

        return Rate(reached, due);
    }

    private static TimeSpan LongestWait(DateTimeOffset? oldestEnqueue, DateTimeOffset now) =>
        oldestEnqueue is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;
}
