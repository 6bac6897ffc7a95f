using ContactCenter.Core.Contacts;
using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>Desktop actions become the fixtures' AMI actions; Asterisk's member events drive the seat state machine.</summary>
[CancelAfter(60_000)]
public sealed class SeatControlTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static string Member(string @event, string queue, bool paused, string reason) =>
        $"Event: {@event}\r\nPrivilege: agent,all\r\nTimestamp: 1795458500.000000\r\nQueue: {queue}\r\nMemberName: agent-1001\r\nInterface: PJSIP/1001\r\n" +
        $"StateInterface: PJSIP/1001\r\nPenalty: 0\r\nStatus: 1\r\nPaused: {(paused ? 1 : 0)}\r\nPausedReason: {reason}\r\n\r\n";

    [Test]
    public async Task Log_in_not_ready_ready_and_log_out_send_the_fixture_actions_and_follow_the_member_events()
    {
        var text = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
            + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
            + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal)
            + Ok("Added interface to queue").Replace("{id}", "r3", StringComparison.Ordinal) + Member("QueueMemberAdded", "complaints", false, "")
            + Ok("Added interface to queue").Replace("{id}", "r4", StringComparison.Ordinal) + Member("QueueMemberAdded", "claims", false, "")
            + Ok("Interface paused successfully").Replace("{id}", "r5", StringComparison.Ordinal)
            + Member("QueueMemberPause", "claims", true, "午餐") + Member("QueueMemberPause", "complaints", true, "午餐")
            + Ok("Interface unpaused successfully").Replace("{id}", "r6", StringComparison.Ordinal)
            + Member("QueueMemberPause", "claims", false, "") + Member("QueueMemberPause", "complaints", false, "")
            + Ok("Removed interface from queue").Replace("{id}", "r7", StringComparison.Ordinal) + Member("QueueMemberRemoved", "complaints", false, "")
            + Ok("Removed interface from queue").Replace("{id}", "r8", StringComparison.Ordinal) + Member("QueueMemberRemoved", "claims", false, "");
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, "L", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"));
        var time = new FakeTimeProvider(Epoch(1795458500));
        await using var bridge = Create(time, new RecordingSink(), Site("site-a", server.Port));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        seat.JoinQueue("site-a/claims", 1);
        bridge.ConfigureSeats([seat]);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.IsSiteUp("site-a"), "resync");

        await bridge.LogInAsync("agent-1001", ready: true, CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.FindSeat("agent-1001") is { State: AgentState.Ready, ActiveQueues.Count: 2 }, "ready in two queues");
        Assert.ThrowsAsync<AgentStateException>(() => bridge.LogInAsync("agent-1001", ready: true, CancellationToken.None));

        await bridge.SetNotReadyAsync("agent-1001", "午餐", CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.FindSeat("agent-1001") is { State: AgentState.NotReady, NotReadyReason: "午餐" }, "not ready 午餐");
        await bridge.SetReadyAsync("agent-1001", CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.FindSeat("agent-1001")?.State == AgentState.Ready, "ready again");
        await bridge.LogOutAsync("agent-1001", CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.FindSeat("agent-1001")?.State == AgentState.LoggedOut, "logged out");

        var actions = server.Clients[0].Actions.Skip(3).Select(a => string.Join("|", a.Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("ActionID", StringComparison.Ordinal)))).ToList();
        Assert.That(actions, Is.EqualTo(new[]
        {
            "Action: QueueAdd|Queue: complaints|Interface: PJSIP/1001|Penalty: 0|Paused: false|MemberName: agent-1001|StateInterface: PJSIP/1001",
            "Action: QueueAdd|Queue: claims|Interface: PJSIP/1001|Penalty: 1|Paused: false|MemberName: agent-1001|StateInterface: PJSIP/1001",
            "Action: QueuePause|Interface: PJSIP/1001|Paused: true|Reason: 午餐",
            "Action: QueuePause|Interface: PJSIP/1001|Paused: false",
            "Action: QueueRemove|Queue: claims|Interface: PJSIP/1001",
            "Action: QueueRemove|Queue: complaints|Interface: PJSIP/1001",
        }));
    }

    [Test]
    public async Task S4_member_events_drive_the_seats_and_the_call_to_agent_1001_is_answered()
    {
        await using var server = new AmiReplayServer(Listener("s4-agent-control/ami-site-a-listener.rx", Resync()));
        var time = new FakeTimeProvider(Epoch(1795458340));
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink, Site("site-a", server.Port, wrapUpSeconds: 5));
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        await Until(() => sink.Closed.Any(c => c.CallId == "site-a-1795458347.5") && bridge.FindSeat("agent-1001")?.State == AgentState.LoggedOut
            && bridge.FindSeat("agent-1002")?.State == AgentState.LoggedOut, "S4 done");

        var reasons = log.Of<SeatStateChanged>().Where(e => e.Change.To == AgentState.NotReady).Select(e => (e.Change.SeatId, e.Change.Reason)).Distinct().ToList();
        Assert.That(reasons, Is.SupersetOf(new[] { ("agent-1001", (string?)"lunch"), ("agent-1002", (string?)"training") }));
        var states1001 = log.Of<SeatStateChanged>().Where(e => e.Change.SeatId == "agent-1001").Select(e => e.Change.To).ToList();
        Assert.That(states1001, Is.SupersetOf(new[] { AgentState.Ringing, AgentState.OnCall, AgentState.WrapUp }));
        var contact = sink.Closed.Last(c => c.CallId == "site-a-1795458347.5");
        Assert.That((contact.Outcome, contact.SeatId, contact.PolicyNumber), Is.EqualTo(((ContactOutcome?)ContactOutcome.Answered, "agent-1001", (string?)null)),
            "GET DATA timed out: no policy number");
        Assert.That(log.Of<SurveyCompleted>().Single().Score, Is.Null, "not rated");
    }

    [Test]
    public async Task A_seat_that_lets_a_call_ring_out_is_not_ready_with_reason_未接_and_paused_in_Asterisk()
    {
        var text = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
            + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
            + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal)
            + Ok("Interface paused successfully").Replace("{id}", "r3", StringComparison.Ordinal);
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, "L", "r1", "r2", "r3"));
        var at = Epoch(1795458500);
        var time = new FakeTimeProvider(at);
        await using var bridge = Create(time, new RecordingSink(), Site("site-a", server.Port));
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.IsSiteUp("site-a"), "resync");

        bridge.Apply(new MemberObserved("site-a", at, "agent-1001", "PJSIP/1001", "complaints", MemberChange.Added, false, null, 0));
        bridge.Apply(new CallQueued("site-a", at, "c1", "complaints", "u1", "PJSIP/caller-1", ContactDirection.Inbound, null, at));
        bridge.Apply(new SeatRang("site-a", at.AddSeconds(1), "c1", "complaints", "agent-1001", "PJSIP/1001"));
        bridge.Apply(new SeatDidNotAnswer("site-a", at.AddSeconds(16), "c1", "agent-1001", "PJSIP/1001"));
        time.Advance(TimeSpan.FromSeconds(1)); // the caller is still there after the ring timed out
        await Until(() => server.Clients[0].Actions.Count == 4 && bridge.PendingActions == 0, "pause sent");

        Assert.That(bridge.FindSeat("agent-1001"), Has.Property(nameof(SeatSnapshot.State)).EqualTo(AgentState.NotReady).And.Property(nameof(SeatSnapshot.NotReadyReason)).EqualTo("未接"));
        Assert.That(server.Clients[0].Actions.Last(), Does.Contain("Action: QueuePause\r\n").And.Contain("Interface: PJSIP/1001\r\nPaused: true\r\nReason: 未接\r\n"));
        Assert.That(bridge.FindContact("c1")!.IsWaiting, Is.True, "the caller keeps waiting for another seat");
    }
}
