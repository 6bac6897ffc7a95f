using ContactCenter.Core.Callbacks;

namespace ContactCenter.Core.Tests.Callbacks;

public class CallbackTaskTests
{
    private static readonly DateTimeOffset Due = new(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retry = TimeSpan.FromHours(2);

    [Test]
    public void No_answer_retries_later_until_attempts_are_used_up()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", "P0001", null, Due, deadline: null);

        task.StartAttempt("gz", Due);
        task.RecordAttempt(CallbackResult.NoAnswer, Due, Retry, maxAttempts: 2);
        var afterFirst = (task.Status, task.NextAttemptAt, Due1Hour: task.IsDue(Due.AddHours(1)));
        task.StartAttempt("sh", Due.AddHours(2));
        task.RecordAttempt(CallbackResult.Busy, Due.AddHours(2), Retry, maxAttempts: 2);

        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Is.EqualTo((CallbackTaskStatus.Pending, (DateTimeOffset?)Due.Add(Retry), false)));
            Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Failed));
            Assert.That(task.Attempts, Is.EqualTo(2));
            Assert.That(task.DialedSite, Is.EqualTo("sh"));
            Assert.That(task.NextAttemptAt, Is.Null);
        });
    }

    [Test]
    public void A_retry_that_would_miss_the_deadline_fails_the_task()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", "P0001", null, Due, deadline: Due.AddHours(1));
        task.StartAttempt("gz", Due);

        task.RecordAttempt(CallbackResult.NoAnswer, Due, Retry, maxAttempts: 5);

        Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Failed));
    }

    [Test]
    public void Reaching_the_customer_completes_the_task_and_counts_as_success()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", "P0001", null, Due, deadline: null);
        task.StartAttempt("gz", Due);

        task.RecordAttempt(CallbackResult.Reached, Due, Retry, maxAttempts: 3);

        Assert.Multiple(() =>
        {
            Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Completed));
            Assert.That(task.IsSuccessful, Is.True);
        });
    }

    [Test]
    public void A_finished_task_cannot_be_dialed_again()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", null, null, Due, deadline: null);
        task.Cancel();

        var ex = Assert.Throws<CallbackTaskStateException>(() => task.StartAttempt("gz", Due));

        Assert.That(ex!.Message, Is.EqualTo("callback task 1: cannot go from Cancelled to Dialing"));
    }

    [Test]
    public void A_task_not_yet_due_cannot_be_dialed()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", null, null, Due, deadline: null);

        Assert.Throws<DomainValidationException>(() => task.StartAttempt("gz", Due.AddMinutes(-1)));
    }

    [Test]
    public void A_pending_task_past_its_deadline_expires()
    {
        var task = new CallbackTask(1, 1, 1, "13812341234", null, null, Due, deadline: Due.AddDays(15));

        var early = task.ExpireIfOverdue(Due.AddDays(15));
        var late = task.ExpireIfOverdue(Due.AddDays(15).AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.False);
            Assert.That(late, Is.True);
            Assert.That(task.Status, Is.EqualTo(CallbackTaskStatus.Expired));
        });
    }
}
