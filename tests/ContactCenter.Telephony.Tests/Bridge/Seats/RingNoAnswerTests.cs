using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>
/// What happens when a seat does not answer. The event orders are those app_queue 22.5 sends (checked on the real
/// Asterisk with ringall, timeout=3: wait_for_answer publishes DialEnd BUSY/NOANSWER before AgentRingNoAnswer when the
/// seat's leg ended by itself, and after it when the ring timer ran out; a caller timeout adds QueueCallerAbandon).
/// </summary>
[CancelAfter(60_000)]
public sealed class RingNoAnswerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private const string Caller = "Channel: PJSIP/caller-00000001\r\nChannelState: 6\r\nUniqueid: site-a-1.1\r\nLinkedid: site-a-1.1\r\nContext: inbound\r\nChanVariable: CC_CALLID=c1\r\n";
    private const string Dest = "DestChannel: PJSIP/1001-00000002\r\nDestChannelState: 5\r\nDestUniqueid: site-a-1.2\r\nDestLinkedid: site-a-1.1\r\nDestContext: from-internal\r\n";
    private const string Member = "Queue: complaints\r\nInterface: PJSIP/1001\r\nMemberName: agent-1001\r\n";

    private static string Ev(string name, string body) => $"Event: {name}\r\nPrivilege: agent,all\r\nTimestamp: 1795458501.000000\r\n{body}\r\n";

    private static readonly string Added = Ev("QueueMemberAdded", Member + "StateInterface: PJSIP/1001\r\nPenalty: 0\r\nStatus: 1\r\nPaused: 0\r\nPausedReason: \r\n");
    private static readonly string Joined = Ev("QueueCallerJoin", Caller + "Queue: complaints\r\nPosition: 1\r\nCount: 1\r\n");
    private static readonly string Called = Ev("AgentCalled", Caller + Dest + Member);
    private static readonly string Abandon = Ev("QueueCallerAbandon", Caller + "Queue: complaints\r\nPosition: 1\r\nOriginalPosition: 1\r\nHoldTime: 10\r\n");
    private static readonly string Leave = Ev("QueueCallerLeave", Caller + "Queue: complaints\r\nPosition: 1\r\nCount: 0\r\n");

    /// <summary>A harmless event after the scenario: once its survey is published, everything before it was applied.</summary>
    private static readonly string Marker = "Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: SurveyResult\r\nCallId: marker\r\nScore: 5\r\n\r\n";

    private static string DialEnd(string status) => Ev("DialEnd", Caller + Dest + $"DialStatus: {status}\r\n");

    private static string NoAnswer(int ms) => Ev("AgentRingNoAnswer", Caller + Dest + Member + $"RingTime: {ms}\r\n");

    [Test]
    public async Task A_busy_seat_is_not_paused_and_stays_ready()
    {
        var (bridge, time, server, log) = await PlayAsync(DialEnd("BUSY") + NoAnswer(0));
        await using var _ = bridge;
        await using var __ = server;
        using var ___ = log;

        time.Advance(TimeSpan.FromSeconds(5));
        AssertReadyAndNotPaused(bridge, server);
    }

    [Test]
    public async Task A_seat_that_declines_the_call_is_not_paused()
    {
        var (bridge, time, server, log) = await PlayAsync(DialEnd("NOANSWER") + NoAnswer(1000));
        await using var _ = bridge;
        await using var __ = server;
        using var ___ = log;

        time.Advance(TimeSpan.FromSeconds(5));
        AssertReadyAndNotPaused(bridge, server);
    }

    [Test]
    public async Task A_ring_cut_short_by_the_callers_timeout_does_not_pause_the_seat()
    {
        var (bridge, time, server, log) = await PlayAsync(NoAnswer(2000) + DialEnd("NOANSWER") + DialEnd("CANCEL") + Abandon + Leave);
        await using var _ = bridge;
        await using var __ = server;
        using var ___ = log;

        time.Advance(TimeSpan.FromSeconds(5));
        AssertReadyAndNotPaused(bridge, server);
    }

    [Test]
    public async Task A_ring_that_times_out_while_the_caller_stays_marks_the_seat_未接_and_pauses_it_once()
    {
        var (bridge, time, server, log) = await PlayAsync(NoAnswer(15000) + DialEnd("NOANSWER") + DialEnd("CANCEL"),
            Ok("Interface paused successfully").Replace("{id}", "r3", StringComparison.Ordinal), "r3");
        await using var _ = bridge;
        await using var __ = server;
        using var ___ = log;

        time.Advance(LiveModel.RingNoAnswerGrace);
        await Until(() => bridge.FindSeat("agent-1001")?.State == AgentState.NotReady && bridge.PendingActions == 0, "未接");

        Assert.That(bridge.FindSeat("agent-1001")!.NotReadyReason, Is.EqualTo(NotReadyReasons.RingNoAnswer));
        Assert.That(server.Clients[0].Actions.Count(a => a.StartsWith("Action: QueuePause", StringComparison.Ordinal)), Is.EqualTo(1));
        var moves = log.Of<SeatStateChanged>().Select(e => e.Change.To).ToList();
        Assert.That(moves, Is.EqualTo(new[] { AgentState.Ready, AgentState.Ringing, AgentState.NotReady }), "one move per real change");
    }

    [Test]
    public async Task AgentDump_ends_the_seats_ring_so_it_is_ready_again()
    {
        var (bridge, _, server, log) = await PlayAsync(Ev("AgentDump", Caller + Dest + Member));
        await using var _b = bridge;
        await using var _s = server;
        using var _l = log;

        AssertReadyAndNotPaused(bridge, server);
    }

    /// <summary>Seat agent-1001 ready in complaints, caller c1 queued and ringing it, then <paramref name="scenario"/> and the marker.</summary>
    private static async Task<(TelephonyBridge Bridge, FakeTimeProvider Time, AmiReplayServer Server, EventLog Log)> PlayAsync(string scenario, string tail = "", params string[] moreIds)
    {
        var text = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
            + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
            + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal)
            + Added + Joined + Called + scenario + Marker + tail;
        var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, ["L", "r1", "r2", .. moreIds]));
        var time = new FakeTimeProvider(Epoch(1795458500));
        var bridge = Create(time, new RecordingSink(), Site("site-a", server.Port));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        bridge.ConfigureSeats([seat]);
        var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => log.Of<SurveyCompleted>().Any(s => s.CallId == "marker"), "the scenario");
        return (bridge, time, server, log);
    }

    private static void AssertReadyAndNotPaused(TelephonyBridge bridge, AmiReplayServer server)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bridge.FindSeat("agent-1001")!.State, Is.EqualTo(AgentState.Ready));
            Assert.That(server.Clients[0].Actions.Where(a => a.StartsWith("Action: QueuePause", StringComparison.Ordinal)), Is.Empty, "no pause sent");
            Assert.That(bridge.FindContact("c1")!.SeatId, Is.EqualTo("agent-1001"), "the ring is still on the record");
        }
    }
}
