using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>A seat in two queues gets every member event twice (one per queue); its state changes once per real change.</summary>
[CancelAfter(60_000)]
public sealed class MultiQueueSeatTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private const string Caller = "Channel: PJSIP/caller-00000001\r\nChannelState: 6\r\nUniqueid: site-a-1.1\r\nLinkedid: site-a-1.1\r\nContext: inbound\r\nChanVariable: CC_CALLID=c1\r\n";
    private const string Dest = "DestChannel: PJSIP/1001-00000002\r\nDestChannelState: 5\r\nDestUniqueid: site-a-1.2\r\nDestLinkedid: site-a-1.1\r\nDestContext: from-internal\r\n";

    private static string Ev(string name, string body) => $"Event: {name}\r\nPrivilege: agent,all\r\nTimestamp: 1795458501.000000\r\n{body}\r\n";

    private static string Member(string @event, string queue, bool paused, string reason, int status = 1) => Ev(@event,
        $"Queue: {queue}\r\nMemberName: agent-1001\r\nInterface: PJSIP/1001\r\nStateInterface: PJSIP/1001\r\nPenalty: 0\r\nStatus: {status}\r\nPaused: {(paused ? 1 : 0)}\r\nPausedReason: {reason}\r\n");

    private static string Marker(string name) => $"Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: SurveyResult\r\nCallId: {name}\r\nScore: 5\r\n\r\n";

    [Test]
    public async Task Logging_in_not_ready_to_two_queues_shows_登录_once()
    {
        // LogInAsync(ready: false): QueueAdd paused (no reason) per queue, then QueuePause with 登录 for all queues.
        var events = Member("QueueMemberAdded", "complaints", true, "") + Member("QueueMemberAdded", "claims", true, "")
            + Member("QueueMemberPause", "complaints", true, "登录") + Member("QueueMemberPause", "claims", true, "登录") + Marker("done");
        var (bridge, _, server, log) = await PlayAsync(events, "done");
        await using var _b = bridge;
        await using var _s = server;
        using var _l = log;

        var moves = log.Of<SeatStateChanged>().Select(e => (e.Change.To, e.Change.Reason)).ToList();
        Assert.That(moves, Is.EqualTo(new[] { (AgentState.NotReady, (string?)"登录") }));
    }

    [Test]
    public async Task A_seat_marked_未接_stays_未接_while_member_status_events_of_both_queues_arrive_before_the_pause()
    {
        var ring = Member("QueueMemberAdded", "complaints", false, "") + Member("QueueMemberAdded", "claims", false, "")
            + Ev("QueueCallerJoin", Caller + "Queue: complaints\r\nPosition: 1\r\nCount: 1\r\n")
            + Ev("AgentCalled", Caller + Dest + "Queue: complaints\r\nInterface: PJSIP/1001\r\nMemberName: agent-1001\r\n")
            + Ev("AgentRingNoAnswer", Caller + Dest + "Queue: complaints\r\nInterface: PJSIP/1001\r\nMemberName: agent-1001\r\nRingTime: 15000\r\n")
            + Ev("DialEnd", Caller + Dest + "DialStatus: NOANSWER\r\n") + Marker("rang");
        var afterPause = Ok("Interface paused successfully").Replace("{id}", "r3", StringComparison.Ordinal)
            + Member("QueueMemberStatus", "complaints", false, "", status: 1) + Member("QueueMemberStatus", "claims", false, "", status: 1)
            + Member("QueueMemberPause", "complaints", true, "未接") + Member("QueueMemberPause", "claims", true, "未接") + Marker("paused");
        var (bridge, time, server, log) = await PlayAsync(ring + afterPause, "rang", "r3");
        await using var _b = bridge;
        await using var _s = server;
        using var _l = log;

        time.Advance(LiveModel.RingNoAnswerGrace);
        await Until(() => log.Of<SurveyCompleted>().Any(s => s.CallId == "paused"), "the pause events");

        var moves = log.Of<SeatStateChanged>().Select(e => (e.Change.To, e.Change.Reason)).ToList();
        Assert.That(moves, Is.EqualTo(new[] { (AgentState.Ready, (string?)null), (AgentState.Ringing, null), (AgentState.NotReady, "未接") }));
    }

    /// <summary>Seat agent-1001 configured in complaints and claims; the site replays <paramref name="events"/> after the resync.</summary>
    private static async Task<(TelephonyBridge Bridge, FakeTimeProvider Time, AmiReplayServer Server, EventLog Log)> PlayAsync(string events, string marker, params string[] moreIds)
    {
        var text = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
            + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
            + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal) + events;
        var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, ["L", "r1", "r2", .. moreIds]));
        var time = new FakeTimeProvider(Epoch(1795458500));
        var bridge = Create(time, new RecordingSink(), Site("site-a", server.Port));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        seat.JoinQueue("site-a/claims", 1);
        bridge.ConfigureSeats([seat]);
        var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => log.Of<SurveyCompleted>().Any(s => s.CallId == marker), "the scenario");
        return (bridge, time, server, log);
    }
}
