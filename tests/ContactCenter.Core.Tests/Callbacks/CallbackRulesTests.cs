using System.Globalization;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Core.Tests.Callbacks;

/// <summary>Calling windows, holidays, retries, deadlines and do-not-call, on a fake clock.</summary>
public class CallbackRulesTests
{
    // National Day 2025: 1-8 October off; Sunday 28 September and Saturday 11 October worked (调休).
    private static readonly BusinessCalendar Calendar = BusinessCalendar.Parse(
        """
        {"years":[{"year":2025,"source":"test","holidays":[{"name":"国庆节","from":"2025-10-01","to":"2025-10-08"}],
          "workingDays":[{"date":"2025-09-28","for":"国庆节"},{"date":"2025-10-11","for":"国庆节"}]}]}
        """);

    private static readonly CallingWindow NineToEight = new(new TimeOnly(9, 0), new TimeOnly(20, 0));

    private static readonly TimeZoneInfo Shanghai = CallingSchedule.Zone("Asia/Shanghai");

    private static DateTimeOffset Local(string text) => DateTimeOffset.Parse(text + "+08:00", CultureInfo.InvariantCulture);

    private static Campaign NewPolicyCampaign(int maxAttempts = 3, RetryPolicy? retry = null) =>
        new(1, "新契约回访", CampaignKind.NewPolicy, "gz", NineToEight, maxAttempts, retry: retry);

    [TestCase("2025-09-30T10:00:00", true, TestName = "A working Tuesday inside the window can be called")]
    [TestCase("2025-09-30T08:59:00", false, TestName = "Before the window opens nobody is called")]
    [TestCase("2025-09-30T20:00:00", false, TestName = "The window end is exclusive")]
    [TestCase("2025-10-03T10:00:00", false, TestName = "A National Day holiday weekday is not a calling day")]
    [TestCase("2025-09-28T10:00:00", true, TestName = "An adjusted working Sunday is a calling day")]
    [TestCase("2025-10-12T10:00:00", false, TestName = "An ordinary Sunday is not a calling day")]
    public void Calls_start_only_inside_the_window_on_working_days(string local, bool expected)
    {
        Assert.That(CallingSchedule.CanCallAt(Local(local), NineToEight, Shanghai, Calendar, deadline: null), Is.EqualTo(expected));
    }

    [Test]
    public void A_year_the_calendar_does_not_cover_is_never_a_calling_day()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CallingSchedule.CanCallAt(Local("2026-01-05T10:00:00"), NineToEight, Shanghai, Calendar, null), Is.False);
            Assert.That(CallingSchedule.NextCallTime(Local("2025-12-31T21:00:00"), NineToEight, Shanghai, Calendar, null), Is.Null);
        });
    }

    [Test]
    public void The_next_call_time_skips_the_whole_holiday_to_the_adjusted_working_day()
    {
        var next = CallingSchedule.NextCallTime(Local("2025-09-30T19:30:00").AddHours(2), NineToEight, Shanghai, Calendar, null);

        Assert.That(next, Is.EqualTo(Local("2025-10-09T09:00:00")));
    }

    [Test]
    public void The_window_is_read_in_the_customers_own_time_zone()
    {
        // 10:00 in Shanghai is 08:00 in Urumqi (UTC+6): too early for a customer there.
        var urumqi = CallingSchedule.Zone("Asia/Urumqi");
        var now = Local("2025-09-30T10:00:00");

        Assert.Multiple(() =>
        {
            Assert.That(CallingSchedule.CanCallAt(now, NineToEight, Shanghai, Calendar, null), Is.True);
            Assert.That(CallingSchedule.CanCallAt(now, NineToEight, urumqi, Calendar, null), Is.False);
            Assert.That(CallingSchedule.NextCallTime(now, NineToEight, urumqi, Calendar, null), Is.EqualTo(Local("2025-09-30T11:00:00")));
        });
    }

    [Test]
    public void No_answer_retries_after_the_policy_delay_inside_the_next_window()
    {
        var clock = new FakeTimeProvider(Local("2025-09-30T18:30:00"));
        var campaign = NewPolicyCampaign();
        var task = new CallbackTask(7, 1, 1, "13812341234", "P1", null, clock.GetUtcNow(), deadline: Local("2025-10-20T20:00:00"));

        task.StartAttempt("gz", "agent-1001", "cb-7-1", clock.GetUtcNow());
        task.RecordAttempt(CallbackResult.NoAnswer, clock.GetUtcNow(), campaign, Calendar);

        Assert.Multiple(() =>
        {
            // 18:30 + 2 h = 20:30, after the window: next opening is 09:00 on 1 October, a holiday, so 9 October.
            Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Pending));
            Assert.That(task.NextAttemptAt, Is.EqualTo(Local("2025-10-09T09:00:00")));
            Assert.That(task.IsDue(Local("2025-10-08T12:00:00")), Is.False);
            Assert.That(task.IsDue(Local("2025-10-09T09:00:00")), Is.True);
            Assert.That((task.SeatId, task.CallId, task.Attempts), Is.EqualTo(("agent-1001", "cb-7-1", 1)));
        });
    }

    [TestCase(CallbackResult.Busy, "2025-09-30T10:15:00")]
    [TestCase(CallbackResult.NoAnswer, "2025-09-30T12:00:00")]
    [TestCase(CallbackResult.Unreachable, "2025-09-30T10:30:00")]
    public void Each_result_has_its_own_retry_delay(CallbackResult result, string expected)
    {
        var task = new CallbackTask(7, 1, 1, "13812341234", null, null, Local("2025-09-30T09:00:00"), deadline: null);
        task.StartAttempt("gz", Local("2025-09-30T10:00:00"));

        task.RecordAttempt(result, Local("2025-09-30T10:00:00"), NewPolicyCampaign(), Calendar);

        Assert.That(task.NextAttemptAt, Is.EqualTo(Local(expected)));
    }

    [Test]
    public void A_wrong_number_ends_the_task_under_the_default_policy_but_can_be_retried_by_choice()
    {
        var strict = new CallbackTask(1, 1, 1, "13812341234", null, null, Local("2025-09-30T09:00:00"), deadline: null);
        var lenient = new CallbackTask(2, 1, 1, "13812341234", null, null, Local("2025-09-30T09:00:00"), deadline: null);
        var recheck = new RetryPolicy(TimeSpan.FromHours(2), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromDays(1), TimeSpan.FromHours(1));
        strict.StartAttempt("gz", Local("2025-09-30T10:00:00"));
        lenient.StartAttempt("gz", Local("2025-09-30T10:00:00"));

        strict.RecordAttempt(CallbackResult.WrongNumber, Local("2025-09-30T10:00:00"), NewPolicyCampaign(), Calendar);
        lenient.RecordAttempt(CallbackResult.WrongNumber, Local("2025-09-30T10:00:00"), NewPolicyCampaign(retry: recheck), Calendar);

        Assert.Multiple(() =>
        {
            Assert.That((strict.Status, strict.Result, strict.NextAttemptAt), Is.EqualTo((CallbackTaskStatus.Failed, (CallbackResult?)CallbackResult.WrongNumber, (DateTimeOffset?)null)));
            Assert.That((lenient.Status, lenient.NextAttemptAt), Is.EqualTo((CallbackTaskStatus.Pending, (DateTimeOffset?)Local("2025-10-09T09:00:00"))));
        });
    }

    [Test]
    public void A_customer_who_asks_to_be_called_later_is_called_at_that_time()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", null, null, Local("2025-09-29T09:00:00"), deadline: null);
        task.StartAttempt("gz", Local("2025-09-29T10:00:00"));

        task.RecordAttempt(CallbackResult.CallLater, Local("2025-09-29T10:00:00"), NewPolicyCampaign(), Calendar, callBackAt: Local("2025-09-30T15:30:00"));

        Assert.Multiple(() =>
        {
            Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Pending));
            Assert.That(task.NextAttemptAt, Is.EqualTo(Local("2025-09-30T15:30:00")));
            Assert.That(task.Result, Is.EqualTo(CallbackResult.CallLater));
        });
    }

    [Test]
    public void Attempts_stop_at_the_campaign_maximum()
    {
        var campaign = NewPolicyCampaign(maxAttempts: 2);
        var task = new CallbackTask(1, 1, 1, "13812341234", null, null, Local("2025-09-29T09:00:00"), deadline: null);
        var clock = new FakeTimeProvider(Local("2025-09-29T10:00:00"));

        task.StartAttempt("gz", clock.GetUtcNow());
        task.RecordAttempt(CallbackResult.Busy, clock.GetUtcNow(), campaign, Calendar);
        clock.SetUtcNow(task.NextAttemptAt!.Value);
        task.StartAttempt("sh", clock.GetUtcNow());
        task.RecordAttempt(CallbackResult.Busy, clock.GetUtcNow(), campaign, Calendar);

        Assert.That((task.Status, task.Attempts, task.DialedSite), Is.EqualTo((CallbackTaskStatus.Failed, 2, "sh")));
    }

    [Test]
    public void A_retry_that_would_fall_after_the_cooling_off_deadline_fails_the_task()
    {
        // Deadline at the end of 30 September; the next window after 18:30 + 2 h is 9 October.
        var task = new CallbackTask(1, 1, 1, "13812341234", "P1", null, Local("2025-09-29T09:00:00"), deadline: Local("2025-09-30T23:59:59"));
        task.StartAttempt("gz", Local("2025-09-30T18:30:00"));

        task.RecordAttempt(CallbackResult.NoAnswer, Local("2025-09-30T18:30:00"), NewPolicyCampaign(), Calendar);

        Assert.That((task.Status, task.NextAttemptAt), Is.EqualTo((CallbackTaskStatus.Failed, (DateTimeOffset?)null)));
    }

    [Test]
    public void A_pending_task_past_its_deadline_expires_and_is_never_called()
    {
        var clock = new FakeTimeProvider(Local("2025-09-29T09:00:00"));
        var task = new CallbackTask(1, 1, 1, "13812341234", "P1", null, clock.GetUtcNow(), deadline: Local("2025-09-30T20:00:00"));
        clock.Advance(TimeSpan.FromDays(2));

        Assert.Multiple(() =>
        {
            Assert.That(task.IsDue(clock.GetUtcNow()), Is.False);
            Assert.That(CallingSchedule.CanCallAt(clock.GetUtcNow(), NineToEight, Shanghai, Calendar, task.Deadline), Is.False);
            Assert.That(task.ExpireIfOverdue(clock.GetUtcNow()), Is.True);
            Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Expired));
        });
    }

    [Test]
    public void A_number_on_the_do_not_call_list_fails_the_task_without_an_attempt()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", null, null, Local("2025-09-29T09:00:00"), deadline: null);

        task.BlockAsDoNotCall();

        Assert.Multiple(() =>
        {
            Assert.That((task.Status, task.Result, task.Attempts), Is.EqualTo((CallbackTaskStatus.Failed, (CallbackResult?)CallbackResult.DoNotCall, 0)));
            Assert.That(task.IsSuccessful, Is.False);
            Assert.Throws<CallbackTaskStateException>(() => task.StartAttempt("gz", Local("2025-09-30T10:00:00")));
        });
    }

    [Test]
    public void A_do_not_call_result_from_the_seat_is_final_even_with_attempts_left()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", null, null, Local("2025-09-29T09:00:00"), deadline: null);
        task.StartAttempt("gz", Local("2025-09-29T10:00:00"));

        task.RecordAttempt(CallbackResult.DoNotCall, Local("2025-09-29T10:00:00"), NewPolicyCampaign(maxAttempts: 9), Calendar);

        Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Failed));
    }

    [Test]
    public void Negative_retry_delays_and_unknown_time_zones_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<DomainValidationException>(() => _ = new RetryPolicy(TimeSpan.FromMinutes(-1), null, null, null, TimeSpan.Zero));
            Assert.Throws<DomainValidationException>(() => _ = new Campaign(1, "x", CampaignKind.Claims, "gz", NineToEight, 1, timeZoneId: "Mars/Olympus"));
        });
    }
}
