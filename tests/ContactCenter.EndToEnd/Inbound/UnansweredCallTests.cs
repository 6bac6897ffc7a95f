using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd.Inbound;

/// <summary>Hotline calls no seat answers: abandons in queue (short and not), hang-ups in the IVR, the queue's maximum wait.</summary>
public sealed class UnansweredCallTests : CenterTests
{
    [Test]
    public async Task Caller_who_hangs_up_after_waiting_in_queue_is_an_abandon_counted_in_the_service_level()
    {
        var number = await Center.CustomerWithoutComplaintAsync(skip: 3);
        // Key 2: 保单服务, a queue with no overflow rule; nobody is logged in, so the caller waits.
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("2").HangUpWithin(Center.ConnectingMs() + 8000));

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        Assert.Multiple(() =>
        {
            Assert.That(contact.Outcome, Is.EqualTo("abandoned"));
            Assert.That(contact.ShortAbandon, Is.Zero);
            Assert.That(contact.QueueId, Does.EndWith("policy-service"));
            Assert.That(contact.EnqueuedAt, Is.Not.Null);
            Assert.That(contact.AnsweredAt, Is.Null);
        });
        var log = Center.SiteGz.QueueLog().Where(l => l.CallId == contact.CallId).Select(l => l.Event).ToList();
        Assert.That(log, Does.Contain("ENTERQUEUE").And.Contain("ABANDON"), "Asterisk's queue_log agrees");
    }

    [Test]
    public async Task Caller_who_hangs_up_within_seconds_of_queueing_is_a_short_abandon()
    {
        var number = await Center.CustomerWithoutComplaintAsync(skip: 4);
        var caller = Center.Call(Center.Sh, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("2").HangUpWithin(Center.ConnectingMs() + 1500));

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        Assert.Multiple(() =>
        {
            Assert.That(contact.Outcome, Is.EqualTo("abandoned"));
            Assert.That(contact.ShortAbandon, Is.EqualTo(1));
            Assert.That(contact.SiteCode, Is.EqualTo("sh"));
        });
        Assert.That(Center.SiteSh.QueueLog().Where(l => l.CallId == contact.CallId).Select(l => l.Event), Does.Contain("ABANDON"));
    }

    [Test]
    public async Task Caller_who_hangs_up_in_the_IVR_has_one_ended_contact_that_never_queued()
    {
        var number = await Center.CustomerWithoutComplaintAsync(skip: 5);
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number).HangUpWithin(1500));

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        Assert.Multiple(() =>
        {
            Assert.That(contact.Outcome, Is.EqualTo("abandoned"));
            Assert.That(contact.EnqueuedAt, Is.Null);
            Assert.That(contact.IvrPath, Is.Not.Null.And.Not.Empty, "where the caller left");
        });
        var open = await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE ended_at IS NULL");
        Assert.That(open.Single(), Is.Zero, "no contact stays open");
    }

    [Test]
    public async Task Caller_who_keys_nothing_is_put_through_to_the_operator_queue()
    {
        var seat = await Center.SeatAsync(Center.Gz, "1004", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        var number = await Center.CustomerWithoutComplaintAsync(skip: 6);
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number).WaitForHangUp(170_000));

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(180)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        Assert.Multiple(() =>
        {
            Assert.That(contact.Outcome, Is.EqualTo("answered"));
            Assert.That(contact.QueueId, Does.EndWith("policy-service"));
            Assert.That(contact.SeatId, Does.Contain("1004"));
        });
        Assert.That(seat.Desk.Of("CallOffered").Select(m => m.GetProperty("call").GetProperty("callId").GetString()), Does.Contain(contact.CallId));
    }

    [Test]
    public async Task Caller_whose_wait_reaches_the_queue_maximum_is_a_timeout()
    {
        // QUEUE_MAXWAIT (600 s as shipped) is a dialplan global: shorten it on the running site for this test.
        await Center.SiteSh.CliAsync("dialplan set global QUEUE_MAXWAIT 4", CancellationToken.None);
        try
        {
            var number = await Center.CustomerWithoutComplaintAsync(skip: 7);
            var caller = Center.Call(Center.Sh, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("2").WaitForHangUp(60_000));

            Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, caller.Errors());
            var contact = await Center.EndedContactFromAsync(number);
            Assert.That(contact.Outcome, Is.EqualTo("timeout"));
            Assert.That(Center.SiteSh.QueueLog().Where(l => l.CallId == contact.CallId).Select(l => l.Event), Does.Contain("EXITWITHTIMEOUT"));
        }
        finally
        {
            await Center.SiteSh.CliAsync("dialplan set global QUEUE_MAXWAIT 600", CancellationToken.None);
        }
    }
}
