using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Kpis;
using ContactCenter.Core.Surveys;

namespace ContactCenter.Core.Tests.Kpis;

public class KpiCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddMinutes(30);
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ShortAbandon = TimeSpan.FromSeconds(5);

    // The hand-built day (T = 20 s, short-abandon threshold 5 s):
    //   A answered, wait 10 s, talk 100 s, ACW 20 s   -> handle 120 s, within T
    //   B answered, wait 30 s, talk 200 s, ACW 40 s   -> handle 240 s, not within T
    //   C answered, wait 20 s, talk  60 s, no ACW     -> handle  60 s, within T (exactly T counts)
    //   D abandoned in queue after 3 s                -> short abandon
    //   E abandoned in queue after 40 s
    //   F timeout after 60 s
    //   G joinempty (never joined a queue)            -> offered, not queued
    //   H closed (after hours)                        -> not offered
    //   K hung up in the IVR                          -> not offered
    //   I still waiting, enqueued at now - 50 s; J still waiting, enqueued at now - 15 s
    //
    // Offered = A B C D E F G = 7; answered = 3; within T = A C = 2; short abandons = D = 1;
    // queued = A..F = 6; abandoned in queue = D E = 2; handled = 3.
    //   answer rate   = 3 / 7           = 0.428571...
    //   service level = 2 / (7 - 1)     = 0.333333...
    //   abandon rate  = 2 / 6           = 0.333333...
    //   ASA           = (10+30+20) / 3  = 20 s
    //   AHT           = (120+240+60)/3  = 140 s
    //   longest wait  = 50 s (I)
    private static List<Contact> Day()
    {
        var contacts = new List<Contact>
        {
            Answered("A", wait: 10, talk: 100, acw: 20),
            Answered("B", wait: 30, talk: 200, acw: 40),
            Answered("C", wait: 20, talk: 60, acw: null),
            Ended("D", ContactOutcome.Abandoned, enqueued: true, seconds: 3),
            Ended("E", ContactOutcome.Abandoned, enqueued: true, seconds: 40),
            Ended("F", ContactOutcome.Timeout, enqueued: true, seconds: 60),
            Ended("G", ContactOutcome.JoinEmpty, enqueued: false, seconds: 1),
            Ended("H", ContactOutcome.Closed, enqueued: false, seconds: 10),
            Ended("K", ContactOutcome.Abandoned, enqueued: false, seconds: 8),
        };
        var i = Contact.StartInbound("I", "gz", null, Now.AddSeconds(-70));
        i.Enqueue("gz/claims", Now.AddSeconds(-50));
        var j = Contact.StartInbound("J", "gz", null, Now.AddSeconds(-20));
        j.Enqueue("gz/claims", Now.AddSeconds(-15));
        contacts.Add(i);
        contacts.Add(j);
        return contacts;
    }

    [Test]
    public void Queue_kpis_match_the_hand_computed_figures()
    {
        var kpis = KpiCalculator.Compute(Day(), Threshold, Now);

        Assert.Multiple(() =>
        {
            Assert.That(kpis.Offered, Is.EqualTo(7));
            Assert.That(kpis.Answered, Is.EqualTo(3));
            Assert.That(kpis.AnsweredWithinThreshold, Is.EqualTo(2));
            Assert.That(kpis.ShortAbandons, Is.EqualTo(1));
            Assert.That(kpis.Queued, Is.EqualTo(6));
            Assert.That(kpis.AbandonedInQueue, Is.EqualTo(2));
            Assert.That(kpis.Handled, Is.EqualTo(3));
            Assert.That(kpis.Waiting, Is.EqualTo(2));
            Assert.That(kpis.AnswerRate, Is.EqualTo(3.0 / 7).Within(1e-12));
            Assert.That(kpis.ServiceLevel, Is.EqualTo(2.0 / 6).Within(1e-12));
            Assert.That(kpis.AbandonRate, Is.EqualTo(2.0 / 6).Within(1e-12));
            Assert.That(kpis.AverageSpeedOfAnswer, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(kpis.AverageHandleTime, Is.EqualTo(TimeSpan.FromSeconds(140)));
            Assert.That(kpis.LongestWait, Is.EqualTo(TimeSpan.FromSeconds(50)));
            Assert.That(KpiCalculator.LongestWait(Day(), Now), Is.EqualTo(TimeSpan.FromSeconds(50)));
        });
    }

    [Test]
    public void With_no_calls_every_rate_is_no_data_not_zero()
    {
        var kpis = KpiCalculator.Compute([], Threshold, Now);

        Assert.Multiple(() =>
        {
            Assert.That(kpis.AnswerRate, Is.Null);
            Assert.That(kpis.ServiceLevel, Is.Null);
            Assert.That(kpis.AbandonRate, Is.Null);
            Assert.That(kpis.AverageSpeedOfAnswer, Is.Null);
            Assert.That(kpis.AverageHandleTime, Is.Null);
            Assert.That(kpis.LongestWait, Is.EqualTo(TimeSpan.Zero));
            Assert.That(KpiCalculator.Satisfaction([]), Is.Null);
            Assert.That(KpiCalculator.Participation([], 0), Is.Null);
            Assert.That(KpiCalculator.Occupancy(TimeSpan.Zero, TimeSpan.Zero), Is.Null);
        });
    }

    [Test]
    public void Only_short_abandons_give_a_service_level_of_no_data()
    {
        // offered 1, short abandons 1 -> denominator 0 -> null; abandon rate 1/1.
        var kpis = KpiCalculator.Compute([Ended("D", ContactOutcome.Abandoned, enqueued: true, seconds: 2)], Threshold, Now);

        Assert.Multiple(() =>
        {
            Assert.That(kpis.ServiceLevel, Is.Null);
            Assert.That(kpis.AbandonRate, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void Satisfaction_and_participation_follow_the_survey_rules()
    {
        // Answered calls A, B, C. A rated 1 (satisfied), B rated 3 on a 3-point scale (not satisfied),
        // C not rated. 满意度 = 1 satisfied / 2 rated = 0.5; 参评率 = 2 rated / 3 answered = 0.6667.
        SurveyResult[] surveys =
        [
            SurveyResult.Rated("A", "agent-1001", "gz/claims", "gz", 3, 1, Now),
            SurveyResult.Rated("B", "agent-1001", "gz/claims", "gz", 3, 3, Now),
            SurveyResult.NotRated("C", "agent-1002", "gz/claims", "gz", 3, Now),
        ];
        var answered = KpiCalculator.Compute(Day(), Threshold, Now).Answered;

        Assert.Multiple(() =>
        {
            Assert.That(KpiCalculator.Satisfaction(surveys), Is.EqualTo(0.5));
            Assert.That(KpiCalculator.Participation(surveys, answered), Is.EqualTo(2.0 / 3).Within(1e-12));
        });
    }

    [Test]
    public void Occupancy_is_busy_time_over_busy_plus_idle()
    {
        // 45 min handling, 15 min ready idle -> 45 / 60 = 0.75.
        Assert.That(KpiCalculator.Occupancy(TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(15)), Is.EqualTo(0.75));
    }

    [Test]
    public void First_contact_resolution_counts_calls_without_a_repeat_in_the_window()
    {
        // 138...: day 0, day 2 (repeat of day 0 within 7 days), day 20; 139...: day 1.
        // Resolved: day 2, day 20, 139 day 1 = 3 of 4 = 0.75.
        Contact[] contacts =
        [
            Contact.StartInbound("x0", "gz", "13812341234", T0),
            Contact.StartInbound("x2", "gz", "+86 138 1234 1234", T0.AddDays(2)),
            Contact.StartInbound("x20", "gz", "13812341234", T0.AddDays(20)),
            Contact.StartInbound("y1", "gz", "13900000000", T0.AddDays(1)),
            Contact.StartInbound("anon", "gz", null, T0.AddDays(1)),
        ];

        Assert.That(KpiCalculator.FirstContactResolution(contacts, TimeSpan.FromDays(7)), Is.EqualTo(0.75));
    }

    [Test]
    public void Callback_success_rate_is_reached_over_due()
    {
        // Due by now: reached, no-answer failure, still pending = 3 (cancelled and future tasks excluded).
        // Reached 1 -> 1 / 3.
        var reached = Task(1, Now.AddHours(-2));
        reached.StartAttempt("gz", Now.AddHours(-1));
        reached.RecordAttempt(CallbackResult.Reached, Now.AddHours(-1), TimeSpan.FromHours(1), maxAttempts: 3);
        var failed = Task(2, Now.AddHours(-2));
        failed.StartAttempt("gz", Now.AddHours(-1));
        failed.RecordAttempt(CallbackResult.WrongNumber, Now.AddHours(-1), TimeSpan.FromHours(1), maxAttempts: 3);
        var pending = Task(3, Now.AddHours(-2));
        var cancelled = Task(4, Now.AddHours(-2));
        cancelled.Cancel();
        var future = Task(5, Now.AddHours(2));

        var rate = KpiCalculator.CallbackSuccessRate([reached, failed, pending, cancelled, future], Now);

        Assert.That(rate, Is.EqualTo(1.0 / 3).Within(1e-12));
    }

    private static CallbackTask Task(int id, DateTimeOffset dueAt) =>
        new(id, 1, null, "13812341234", null, null, dueAt, deadline: null);

    private static Contact Answered(string id, int wait, int talk, int? acw)
    {
        var contact = Contact.StartInbound(id, "gz", null, T0);
        contact.Enqueue("gz/claims", T0.AddSeconds(5));
        var answeredAt = T0.AddSeconds(5 + wait);
        contact.Ring("agent-1001", answeredAt);
        contact.Answer("agent-1001", answeredAt);
        contact.Close(ContactOutcome.Answered, answeredAt.AddSeconds(talk), ShortAbandon);
        if (acw is { } seconds)
        {
            contact.RecordAfterCallWork(TimeSpan.FromSeconds(seconds));
        }

        return contact;
    }

    private static Contact Ended(string id, ContactOutcome outcome, bool enqueued, int seconds)
    {
        var contact = Contact.StartInbound(id, "gz", null, T0);
        if (enqueued)
        {
            contact.Enqueue("gz/claims", T0.AddSeconds(5));
        }

        contact.Close(outcome, T0.AddSeconds(5 + seconds), ShortAbandon);
        return contact;
    }
}
