using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>The real Asterisk 22 transcripts, replayed through loopback AMI servers into the bridge.</summary>
[CancelAfter(60_000)]
public sealed class BridgeReplayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task S1_answered_call_becomes_one_answered_contact_with_IVR_data_and_survey()
    {
        await using var server = new AmiReplayServer(Listener("s1-answered-survey/ami-site-a-listener.rx", Resync()));
        var time = new FakeTimeProvider(Epoch(1795458290));
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink, Site("site-a", server.Port, wrapUpSeconds: 10));
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        const string CallId = "site-a-1795458297.0";
        await Until(() => sink.Closed.Any(c => c.CallId == CallId) && log.Of<SurveyCompleted>().Count == 1
            && log.Of<SeatStateChanged>().Any(e => e.Change.SeatId == "agent-1001" && e.Change.To == AgentState.LoggedOut), "S1 closed");

        var contact = sink.Closed.Last(c => c.CallId == CallId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(contact.Outcome, Is.EqualTo(ContactOutcome.Answered));
            Assert.That(contact.Direction, Is.EqualTo(ContactDirection.Inbound));
            Assert.That(contact.SiteCode, Is.EqualTo("site-a"));
            Assert.That(contact.QueueId, Is.EqualTo("site-a/complaints"));
            Assert.That(contact.SeatId, Is.EqualTo("agent-1001"));
            Assert.That(contact.CallerNumber, Is.EqualTo("13812345678"));
            Assert.That(contact.PolicyNumber, Is.EqualTo("300125"));
            Assert.That(contact.IvrData["menu"], Is.EqualTo("complaint"));
            Assert.That(contact.IvrEnteredAt, Is.EqualTo(Epoch(1795458297.0)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(contact.AnswerWait!.Value.TotalSeconds, Is.EqualTo(1).Within(0.6), "HoldTime 1");
            Assert.That(contact.TalkTime!.Value.TotalSeconds, Is.EqualTo(4).Within(0.6), "TalkTime 4, ended at AgentComplete, not after the survey");
            Assert.That(contact.RingingAt, Is.LessThanOrEqualTo(contact.AnsweredAt!.Value));
            Assert.That(contact.OverflowHops, Is.Empty);
            Assert.That(sink.Closed.Where(c => c.CallId == CallId).Select(c => c.Outcome).Distinct(), Is.EqualTo(new[] { (ContactOutcome?)ContactOutcome.Answered }), "one outcome");
            Assert.That(contact.AfterCallWork, Is.GreaterThan(TimeSpan.Zero), "wrap-up until the seat logged out counts as after-call work");
            Assert.That(log.Of<SurveyCompleted>().Single(), Has.Property(nameof(SurveyCompleted.Score)).EqualTo(4).And.Property(nameof(SurveyCompleted.SeatId)).EqualTo("agent-1001"));
        }

        var seatMoves = log.Of<SeatStateChanged>().Where(e => e.Change.SeatId == "agent-1001").Select(e => e.Change.To).ToList();
        Assert.That(seatMoves, Is.EqualTo(new[] { AgentState.Ready, AgentState.Ringing, AgentState.OnCall, AgentState.WrapUp, AgentState.LoggedOut }));
        var logout = log.Of<SeatStateChanged>().Last(e => e.Change.SeatId == "agent-1001").Change;
        Assert.That(log.Of<SeatStateChanged>().Single(e => e.Change.To == AgentState.WrapUp).Change.At, Is.LessThan(logout.At));
        Assert.That(server.Errors, Is.Empty);
    }

    [Test]
    public async Task S2_caller_hanging_up_in_queue_is_abandoned_and_short_under_the_threshold()
    {
        await using var server = new AmiReplayServer(Listener("s2-abandoned/ami-site-a-listener.rx", Resync()));
        var time = new FakeTimeProvider(Epoch(1795458310));
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink, Site("site-a", server.Port, shortAbandonSeconds: 10));
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        const string CallId = "site-a-1795458315.2";
        // The event log reads the bridge's events on its own task: wait for the last one (1002 logged out), not only the model.
        await Until(() => sink.Closed.Any(c => c.CallId == CallId)
            && log.Of<SeatStateChanged>().Any(e => e.Change.SeatId == "agent-1002" && e.Change.To == AgentState.LoggedOut), "S2 closed");

        var contact = sink.Closed.Last(c => c.CallId == CallId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(contact.Outcome, Is.EqualTo(ContactOutcome.Abandoned));
            Assert.That(contact.QueueWait!.Value.TotalSeconds, Is.EqualTo(5).Within(0.6), "HoldTime 5");
            Assert.That(contact.ShortAbandon, Is.True, "5 s < 10 s threshold");
            Assert.That(contact.AnsweredAt, Is.Null);
            Assert.That(contact.SeatId, Is.Null, "no seat ever rang");
        }

        var paused = log.Of<SeatStateChanged>().Where(e => e.Change.To == AgentState.NotReady).Select(e => (e.Change.SeatId, e.Change.Reason)).ToList();
        Assert.That(paused, Is.EquivalentTo(new[] { ("agent-1001", (string?)"lunch"), ("agent-1002", (string?)"lunch") }));
    }

    [Test]
    public async Task S3_overflow_to_site_b_keeps_one_record_with_its_hop_and_is_not_an_abandon()
    {
        // Site A streams until the bridge sends the Redirect, then until its gate (a keepalive Ping at +12 s);
        // site B streams its member, then waits for its gate (a Ping at +8 s), so the two sites play in the real order.
        var siteA = Listener("s3-overflow/ami-site-a-listener.rx",
        [
            .. Resync(),
            new Splice("Event: QueueCallerAbandon", Ok("Redirect successful"), Before: true),
            new Splice("Event: HangupRequest", Pong, Before: true),
        ]);
        var siteB = Listener("s3-overflow/ami-site-b-listener.rx", [.. Resync(), new Splice("Event: Newchannel", Pong, Before: true)]);
        await using var serverA = new AmiReplayServer(siteA);
        await using var serverB = new AmiReplayServer(siteB);
        var t0 = Epoch(1795458575);
        var time = new FakeTimeProvider(t0);
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink,
            Site("site-a", serverA.Port, ping: TimeSpan.FromSeconds(12)), Site("site-b", serverB.Port, ping: TimeSpan.FromSeconds(8)));
        bridge.ConfigureQueues([new Queue("site-a", "complaints", "投诉", overflow: new OverflowPolicy(2, null, null, ["site-b"]))]);
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        const string CallId = "site-a-1795458575.4";
        await Until(() => bridge.FindContact(CallId)?.IsWaiting == true && bridge.FindSeat("agent-2001")?.State == AgentState.Ready, "caller waiting at A, seat ready at B");

        time.SetUtcNow(t0 + TimeSpan.FromSeconds(6)); // the caller has waited 2.3 s > T = 2 s
        await Until(() => bridge.FindContact(CallId)?.OverflowHops.Count == 1, "overflow hop");
        time.SetUtcNow(t0 + TimeSpan.FromSeconds(8)); // opens site B
        await Until(() => sink.Closed.Any(c => c.CallId == CallId), "closed at B");
        time.SetUtcNow(t0 + TimeSpan.FromSeconds(12)); // opens the rest of site A: its hang-up must not close the record again
        await Until(() => bridge.FindSeat("agent-1001")?.State == AgentState.LoggedOut, "A finished");

        var contact = sink.Closed.Last(c => c.CallId == CallId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(contact.Outcome, Is.EqualTo(ContactOutcome.Answered));
            Assert.That(contact.SiteCode, Is.EqualTo("site-a"));
            Assert.That(contact.CurrentSiteCode, Is.EqualTo("site-b"));
            Assert.That(contact.SeatId, Is.EqualTo("agent-2001"));
            Assert.That(contact.QueueId, Is.EqualTo("site-b/complaints"));
            Assert.That(contact.PolicyNumber, Is.EqualTo("300125"));
            Assert.That(contact.OverflowHops, Has.Count.EqualTo(1));
            Assert.That(contact.OverflowHops[0], Is.EqualTo(new OverflowHop(1, "site-a", "site-b", OverflowReason.WaitedTooLong, t0 + TimeSpan.FromSeconds(6))));
            Assert.That(contact.EnqueuedAt, Is.EqualTo(Epoch(1795458578.705)).Within(TimeSpan.FromMilliseconds(1)), "the wait counts from the first queue");
            Assert.That(sink.Closed.Where(c => c.CallId == CallId).Select(c => c.Outcome).Distinct().Count(), Is.EqualTo(1));
            Assert.That(log.Of<OverflowDecided>().Single().Reason, Is.EqualTo(OverflowReason.WaitedTooLong));
        }

        var redirect = serverA.Clients[0].Actions.Single(a => a.StartsWith("Action: Redirect", StringComparison.Ordinal));
        Assert.That(redirect, Does.Contain("Channel: PJSIP/caller-00000004\r\nContext: overflow\r\nExten: site-b-complaints\r\nPriority: 1\r\n"));
    }

    [Test]
    public async Task S8_restart_mid_call_reconnects_resyncs_closes_the_call_and_restores_the_seat()
    {
        // Connection 1: S1 up to the answered call, then S8's Shutdown and EOF. Connection 2: S8's reconnect, empty lists.
        var shutdown = "Event: Shutdown\r\nPrivilege: system,all\r\nTimestamp: 1795458305.000000\r\nShutdown: Cleanly\r\nRestart: True\r\n\r\n";
        var first = Listener("s1-answered-survey/ami-site-a-listener.rx", Resync(), cutBefore: "Event: HangupRequest", append: shutdown, closeAtEnd: true);
        var second = Listener("s8-restart/ami-site-a-listener-reconnect.rx",
            [.. Resync(), new Splice("Event: FullyBooted", Ok("Added interface to queue"))]);
        await using var server = new AmiReplayServer(first, second);
        var downAt = Epoch(1795458305);
        var time = new FakeTimeProvider(downAt);
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink, Site("site-a", server.Port, wrapUpSeconds: 30));
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        const string CallId = "site-a-1795458297.0";
        await Until(() => !bridge.IsSiteUp("site-a") && log.Of<SiteStatusChanged>().Any(e => !e.IsUp), "site down");
        Assert.That(bridge.FindContact(CallId)?.IsClosed, Is.False, "open while the link is down");
        time.Advance(TimeSpan.FromSeconds(1)); // reconnect backoff
        await Until(() => bridge.IsSiteUp("site-a") && sink.Closed.Any(c => c.CallId == CallId) && bridge.PendingActions == 0, "resynced");

        var contact = sink.Closed.Last(c => c.CallId == CallId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(contact.Outcome, Is.EqualTo(ContactOutcome.Answered));
            Assert.That(contact.SeatId, Is.EqualTo("agent-1001"));
            Assert.That(contact.EndedAt, Is.EqualTo(downAt), "ended when the link went down");
            Assert.That(bridge.FindSeat("agent-1001")!.State, Is.EqualTo(AgentState.WrapUp));
            Assert.That(server.Clients, Has.Count.EqualTo(2));
        }

        var readd = server.Clients[1].Actions.Single(a => a.StartsWith("Action: QueueAdd", StringComparison.Ordinal));
        Assert.That(readd, Does.Contain("Queue: complaints\r\nInterface: PJSIP/1001\r\nPenalty: 0\r\nPaused: false\r\nMemberName: agent-1001\r\nStateInterface: PJSIP/1001\r\n"));
    }

    [Test]
    public async Task S6_callback_answered_by_a_seat_is_an_outbound_contact_and_failed_originates_are_reported()
    {
        await using var server = new AmiReplayServer(Listener("s6-outbound/ami-site-a-listener.rx", Resync()));
        var time = new FakeTimeProvider(Epoch(1795458400));
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink, Site("site-a", server.Port));
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        await Until(() => bridge.FindSeat("agent-1002")?.State == AgentState.LoggedOut && log.Of<OriginateFailed>().Count == 2, "S6 done");

        var closed = sink.Closed;
        Assert.That(closed.Select(c => c.CallId), Is.EqualTo(new[] { "cb-20261123-0001" }), "only the connected callback has a record");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(closed[0].Direction, Is.EqualTo(ContactDirection.Outbound));
            Assert.That(closed[0].Outcome, Is.EqualTo(ContactOutcome.Answered));
            Assert.That(closed[0].SeatId, Is.EqualTo("agent-1002"));
            Assert.That(closed[0].QueueId, Is.EqualTo("site-a/claims"));
            Assert.That(log.Of<OriginateFailed>().Select(e => (e.CallId, e.Reason)),
                Is.EqualTo(new[] { ("cb-20261123-0003", "busy"), ("cb-20261123-0004", "no-answer") }), "Reason 0 + Hangup Cause 17 is busy");
        }
    }
}
