using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd.Inbound;

/// <summary>Multi-site overflow through the real inter-site trunk: one record, one call id, one hop, the pop at the receiving seat.</summary>
public sealed class OverflowTests : CenterTests
{
    [Test]
    public async Task Caller_already_waiting_at_gz_is_redirected_to_a_free_seat_at_sh_keeping_one_record()
    {
        var number = await Center.CustomerWithoutComplaintAsync(skip: 30);
        // Key 3: 投诉, whose demo rule overflows at more than 3 waiting callers per free seat. Nobody is ready anywhere
        // when the caller queues at gz, so the IVR keeps the call local.
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("3").WaitForHangUp());
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE caller_number = @number AND enqueued_at IS NOT NULL", new { number })).Single() == 1,
            "the caller waiting at gz", TimeSpan.FromSeconds(40));

        // A seat becomes free at sh: the overflow check moves the waiting caller there (AMI Redirect, then the trunk).
        var seat = await Center.SeatAsync(Center.Sh, "2002", SippScenario.Answering(ringMs: 500).HangUpWithin(3000));
        var offered = await seat.Desk.WaitForAsync("CallOffered");
        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(90)), Is.Zero, caller.Errors());

        var contact = await Center.EndedContactFromAsync(number);
        var all = await Center.QueryAsync<string>("SELECT call_id FROM contacts WHERE caller_number = @number", new { number });
        var hops = await Center.QueryAsync<(string From, string To, string Reason)>("SELECT from_site, to_site, reason FROM contact_overflow_hops WHERE call_id = @id", new { id = contact.CallId });
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(1), "one record across both sites");
            Assert.That(offered.GetProperty("call").GetProperty("callId").GetString(), Is.EqualTo(contact.CallId), "the pop at sh carries the gz call id");
            Assert.That(contact.Outcome, Is.EqualTo("answered"));
            Assert.That(contact.SeatId, Does.Contain("2002"));
            Assert.That(hops, Has.Count.EqualTo(1));
            Assert.That(hops.Single().From, Is.EqualTo("gz"));
            Assert.That(hops.Single().To, Is.EqualTo("sh"));
        });
        Assert.That(Center.SiteGz.QueueLog().Where(l => l.CallId == contact.CallId).Select(l => l.Event), Does.Contain("ENTERQUEUE"), "gz queued it first");
        Assert.That(Center.SiteSh.QueueLog().Select(l => l.Event), Does.Contain("CONNECT"), "sh answered it");
    }

    [Test]
    public async Task Caller_is_diverted_at_IVR_time_when_the_home_site_has_no_seat_and_the_other_has_one()
    {
        var seat = await Center.SeatAsync(Center.Gz, "1003", SippScenario.Answering(ringMs: 500).HangUpWithin(3000));
        var number = await Center.CustomerWithoutComplaintAsync(skip: 31);
        var caller = Center.Call(Center.Sh, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("3").WaitForHangUp());

        var offered = await seat.Desk.WaitForAsync("CallOffered");
        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(90)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        var hops = await Center.QueryAsync<(string From, string To, string Reason)>("SELECT from_site, to_site, reason FROM contact_overflow_hops WHERE call_id = @id", new { id = contact.CallId });
        Assert.Multiple(() =>
        {
            Assert.That(offered.GetProperty("call").GetProperty("callId").GetString(), Is.EqualTo(contact.CallId));
            Assert.That(contact.Outcome, Is.EqualTo("answered"));
            Assert.That(contact.SiteCode, Is.AnyOf("sh", "gz"));
            Assert.That(hops.Select(h => (h.From, h.To)), Is.EqualTo(new[] { ("sh", "gz") }));
            Assert.That(Center.SiteSh.QueueLog().Where(l => l.CallId == contact.CallId).Select(l => l.Event), Does.Not.Contain("ENTERQUEUE"), "sh never queued it");
        });
    }
}
