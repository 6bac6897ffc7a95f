using ContactCenter.Core.Contacts;
using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>The resync after a (re)connect: only complete lists are evidence of what ended while the bridge was not looking.</summary>
[CancelAfter(60_000)]
public sealed class ResyncTests
{
    private const int ResyncFailedId = 1203;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset At = Epoch(1795458500);

    private const string Banner = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
        + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n";

    /// <summary>QueueStatus listing agent-1001 in complaints, ready.</summary>
    private static string QueueStatusWithSeat(string id) =>
        $"Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\n"
        + $"Event: QueueMember\r\nQueue: complaints\r\nName: agent-1001\r\nLocation: PJSIP/1001\r\nStateInterface: PJSIP/1001\r\nMembership: dynamic\r\nPenalty: 0\r\nStatus: 2\r\nPaused: 0\r\nPausedReason: \r\nActionID: {id}\r\n\r\n"
        + $"Event: QueueStatusComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 1\r\n\r\n";

    /// <summary>CoreShowChannels listing the caller and the seat's leg of call c1, bridged.</summary>
    private static string ChannelsOfTheCall(string id) =>
        $"Response: Success\r\nActionID: {id}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n"
        + $"Event: CoreShowChannel\r\nActionID: {id}\r\nChannel: PJSIP/caller-00000001\r\nUniqueid: u1\r\nLinkedid: u1\r\nContext: inbound\r\nChanVariable: CC_CALLID=c1\r\nBridgeId: b1\r\n\r\n"
        + $"Event: CoreShowChannel\r\nActionID: {id}\r\nChannel: PJSIP/1001-00000002\r\nUniqueid: u2\r\nLinkedid: u1\r\nContext: from-internal\r\nChanVariable: CC_CALLID=c1\r\nBridgeId: b1\r\n\r\n"
        + $"Event: CoreShowChannelsComplete\r\nActionID: {id}\r\nEventList: Complete\r\nListItems: 2\r\n\r\n";

    [Test]
    public async Task A_QueueStatus_error_closes_no_call_logs_out_no_seat_and_is_asked_again()
    {
        var text = Banner
            + "Response: Error\r\nActionID: r1\r\nMessage: Permission denied\r\n\r\n"
            + QueueStatusWithSeat("r2") + ChannelsOfTheCall("r3");
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, "L", "r1", "r2", "r3"));
        var (bridge, time, sink, logger) = await BridgeOnACallAsync(server.Port);
        await using var _ = bridge;

        await Until(() => logger.WithId(ResyncFailedId).Count > 0 || bridge.IsSiteUp("site-a"), "the first resync attempt");
        AssertCallAndSeatUntouched(bridge, sink);
        Assert.That(bridge.IsSiteUp("site-a"), Is.False, "a failed resync does not bring the site up");

        time.Advance(SiteAdapter.ResyncRetryMin);
        await Until(() => bridge.IsSiteUp("site-a"), "the retried resync");
        AssertCallAndSeatUntouched(bridge, sink);
        Assert.That(server.Clients[0].Actions.Count(a => a.StartsWith("Action: QueueStatus", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task A_list_that_times_out_is_asked_again_so_the_site_comes_up_while_its_link_is_up()
    {
        // r1 is never answered: the first QueueStatus times out; the second (r2) and CoreShowChannels (r3) are answered.
        var text = Banner + QueueStatusWithSeat("r2") + ChannelsOfTheCall("r3");
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, "L", "r1", "r2", "r3"));
        var (bridge, time, sink, logger) = await BridgeOnACallAsync(server.Port);
        await using var _ = bridge;

        await Until(() => server.Clients.Count == 1 && server.Clients[0].Actions.Count == 2, "the first QueueStatus");
        time.Advance(new SiteOptions().AmiListActionTimeout); // a list action's timeout
        await Until(() => logger.WithId(ResyncFailedId).Count > 0, "the timeout");
        Assert.That(bridge.IsSiteUp("site-a"), Is.False);
        AssertCallAndSeatUntouched(bridge, sink);

        time.Advance(SiteAdapter.ResyncRetryMin);
        await Until(() => bridge.IsSiteUp("site-a"), "the retried resync");
        AssertCallAndSeatUntouched(bridge, sink);
    }

    [Test]
    public async Task A_paused_seat_restored_after_an_Asterisk_restart_keeps_its_reason_in_every_queue()
    {
        // Connection 1: the seat is in two queues, paused for 午餐; then Asterisk goes away. Connection 2: a fresh Asterisk with no members.
        var member = (string queue, string id) =>
            $"Event: QueueMember\r\nQueue: {queue}\r\nName: agent-1001\r\nLocation: PJSIP/1001\r\nStateInterface: PJSIP/1001\r\nMembership: dynamic\r\nPenalty: 0\r\nStatus: 1\r\nPaused: 1\r\nPausedReason: 午餐\r\nActionID: {id}\r\n\r\n";
        var first = Banner + "Response: Success\r\nActionID: r1\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\n"
            + member("complaints", "r1") + member("claims", "r1") + "Event: QueueStatusComplete\r\nActionID: r1\r\nEventList: Complete\r\nListItems: 2\r\n\r\n"
            + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal);
        var second = Banner + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal)
            + Ok("Added interface to queue").Replace("{id}", "r3", StringComparison.Ordinal) + Ok("Added interface to queue").Replace("{id}", "r4", StringComparison.Ordinal);
        await using var server = new AmiReplayServer(
            AmiReplayScript.FromText(first, closeAtEnd: true, "L", "r1", "r2"),
            AmiReplayScript.FromText(second, closeAtEnd: false, "L", "r1", "r2", "r3", "r4"));
        var time = new FakeTimeProvider(At);
        await using var bridge = Create(time, new RecordingSink(), Site("site-a", server.Port));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        seat.JoinQueue("site-a/claims", 1);
        bridge.ConfigureSeats([seat]);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => server.Clients.Count == 1 && !bridge.IsSiteUp("site-a") && bridge.FindSeat("agent-1001")?.NotReadyReason == "午餐", "first link lost");

        time.Advance(TimeSpan.FromSeconds(1)); // reconnect backoff
        await Until(() => server.Clients.Count == 2 && bridge.IsSiteUp("site-a") && server.Clients[1].Actions.Count >= 5 && bridge.PendingActions == 0, "members restored");

        var sent = server.Clients[1].Actions.Skip(3).Select(a => string.Join("|", a.Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("ActionID", StringComparison.Ordinal)))).ToList();
        Assert.That(sent, Is.EquivalentTo(new[]
        {
            "Action: QueueAdd|Queue: complaints|Interface: PJSIP/1001|Penalty: 0|Paused: true|Reason: 午餐|MemberName: agent-1001|StateInterface: PJSIP/1001",
            "Action: QueueAdd|Queue: claims|Interface: PJSIP/1001|Penalty: 1|Paused: true|Reason: 午餐|MemberName: agent-1001|StateInterface: PJSIP/1001",
        }), "the reason travels with each QueueAdd; no QueuePause can overtake the adds");
        Assert.That(bridge.FindSeat("agent-1001"), Has.Property(nameof(SeatSnapshot.State)).EqualTo(AgentState.NotReady).And.Property(nameof(SeatSnapshot.NotReadyReason)).EqualTo("午餐"));
    }

    /// <summary>A bridge whose model already has seat agent-1001 talking on call c1 (as before a reconnect), then started.</summary>
    private static async Task<(TelephonyBridge Bridge, FakeTimeProvider Time, RecordingSink Sink, RecordingLogger<TelephonyBridge> Logger)> BridgeOnACallAsync(int port)
    {
        var time = new FakeTimeProvider(At);
        var sink = new RecordingSink();
        var logger = new RecordingLogger<TelephonyBridge>();
        var options = new BridgeOptions();
        var site = Site("site-a", port);
        site.AmiActionTimeout = TimeSpan.FromSeconds(5);
        options.Sites.Add(site);
        var bridge = new TelephonyBridge(Options.Create(options), sink, new BridgeEventHub(), time, new SingleLoggerFactory(logger));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        bridge.ConfigureSeats([seat]);
        bridge.Apply(new MemberObserved("site-a", At, "agent-1001", "PJSIP/1001", "complaints", MemberChange.Added, false, null, 0));
        bridge.Apply(new CallQueued("site-a", At, "c1", "complaints", "u1", "PJSIP/caller-00000001", ContactDirection.Inbound, null, At));
        bridge.Apply(new SeatRang("site-a", At.AddSeconds(1), "c1", "complaints", "agent-1001", "PJSIP/1001", "PJSIP/1001-00000002"));
        bridge.Apply(new SeatConnected("site-a", At.AddSeconds(2), "c1", "complaints", "agent-1001", "PJSIP/1001", "PJSIP/1001-00000002"));
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        return (bridge, time, sink, logger);
    }

    private static void AssertCallAndSeatUntouched(TelephonyBridge bridge, RecordingSink sink)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bridge.FindContact("c1")!.IsClosed, Is.False, "the call is still open");
            Assert.That(sink.Closed, Is.Empty, "no outcome was guessed");
            Assert.That(bridge.FindSeat("agent-1001")!.State, Is.EqualTo(AgentState.OnCall), "the seat still talks");
        }
    }
}
