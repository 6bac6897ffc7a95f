using ContactCenter.Core.Contacts;
using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>The wallboard's supervisor actions as AMI: ChanSpy originates (fixture S5), queue moves of a seat.</summary>
[CancelAfter(60_000)]
public sealed class SupervisorControlTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static string Session(params string[] responses)
    {
        var text = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
            + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
            + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal);
        for (var i = 0; i < responses.Length; i++)
        {
            text += responses[i].Replace("{id}", $"r{i + 3}", StringComparison.Ordinal);
        }

        return text;
    }

    private static string[] Ids(int responses) => ["L", .. Enumerable.Range(1, responses + 2).Select(i => $"r{i}")];

    private static List<string> ActionsAfterResync(AmiReplayServer server) =>
        server.Clients[0].Actions.Skip(3)
            .Select(a => string.Join("|", a.Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("ActionID", StringComparison.Ordinal))))
            .ToList();

    [Test]
    public async Task S5_listen_and_whisper_originate_the_supervisor_phone_into_ChanSpy_on_the_seats_full_channel_name()
    {
        var script = Listener("s5-supervisor/ami-site-a-listener.rx",
        [
            .. Resync(),
            new Splice("Channel: PJSIP/9001-00000009", Ok("Originate successfully queued"), Before: true),
            new Splice("Channel: PJSIP/9001-0000000a", Ok("Originate successfully queued"), Before: true),
        ]);
        await using var server = new AmiReplayServer(script);
        await using var bridge = Create(new FakeTimeProvider(Epoch(1795458370)), new RecordingSink(), Site("site-a", server.Port));
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        await Until(() => bridge.FindSeat("agent-1001") is { State: AgentState.OnCall }, "agent-1001 talking");
        Assert.That(bridge.FindSeat("agent-1001")!.CallChannel, Is.EqualTo("PJSIP/1001-00000008"), "the seat's leg from AgentCalled/AgentConnect");

        await bridge.SpyAsync("agent-1001", "PJSIP/9001", SpyMode.Listen, CancellationToken.None).WaitAsync(Wait);
        await bridge.SpyAsync("agent-1001", "PJSIP/9001", SpyMode.Whisper, CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.FindSeat("agent-1001")?.State == AgentState.LoggedOut, "S5 played to the end");

        Assert.That(ActionsAfterResync(server), Is.EqualTo(new[]
        {
            "Action: Originate|Channel: PJSIP/9001|Application: ChanSpy|Data: PJSIP/1001-00000008,qE|CallerID: \"Supervisor listen\" <9001>|Timeout: 15000|Async: true",
            "Action: Originate|Channel: PJSIP/9001|Application: ChanSpy|Data: PJSIP/1001-00000008,qwE|CallerID: \"Supervisor whisper\" <9001>|Timeout: 15000|Async: true",
        }));
        Assert.That(bridge.FindSeat("agent-1001")!.CallChannel, Is.Null, "no call, no channel");
        Assert.That(server.Errors, Is.Empty);
    }

    [Test]
    public async Task Barge_uses_B_with_quiet_and_exit_and_a_seat_without_a_call_cannot_be_spied_on()
    {
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(Session(Ok("Originate successfully queued")), closeAtEnd: false, Ids(1)));
        var at = Epoch(1795458500);
        await using var bridge = Create(new FakeTimeProvider(at), new RecordingSink(), Site("site-a", server.Port));
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.IsSiteUp("site-a"), "resync");

        bridge.Apply(new MemberObserved("site-a", at, "agent-1001", "PJSIP/1001", "complaints", MemberChange.Added, false, null, 0));
        Assert.ThrowsAsync<TelephonyCommandException>(() => bridge.SpyAsync("agent-1001", "PJSIP/9001", SpyMode.Listen, CancellationToken.None));

        bridge.Apply(new CallQueued("site-a", at, "c1", "complaints", "u1", "PJSIP/caller-1", ContactDirection.Inbound, null, at));
        bridge.Apply(new SeatRang("site-a", at.AddSeconds(1), "c1", "complaints", "agent-1001", "PJSIP/1001", "PJSIP/1001-0000001f"));
        Assert.ThrowsAsync<TelephonyCommandException>(() => bridge.SpyAsync("agent-1001", "PJSIP/9001", SpyMode.Listen, CancellationToken.None),
            "ringing is not yet a call to join");
        bridge.Apply(new SeatConnected("site-a", at.AddSeconds(2), "c1", "complaints", "agent-1001", "PJSIP/1001", "PJSIP/1001-0000001f"));

        await bridge.SpyAsync("agent-1001", "PJSIP/9001", SpyMode.Barge, CancellationToken.None).WaitAsync(Wait);

        Assert.That(ActionsAfterResync(server), Is.EqualTo(new[]
        {
            "Action: Originate|Channel: PJSIP/9001|Application: ChanSpy|Data: PJSIP/1001-0000001f,qBE|CallerID: \"Supervisor barge\" <9001>|Timeout: 15000|Async: true",
        }));
    }

    [Test]
    public async Task Supervisor_adds_a_ready_seat_to_a_queue_and_removes_it_and_the_membership_follows()
    {
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(
            Session(Ok("Added interface to queue"), Ok("Removed interface from queue")), closeAtEnd: false, Ids(2)));
        var at = Epoch(1795458500);
        await using var bridge = Create(new FakeTimeProvider(at), new RecordingSink(), Site("site-a", server.Port));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        bridge.ConfigureSeats([seat]);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.IsSiteUp("site-a"), "resync");
        bridge.Apply(new MemberObserved("site-a", at, "agent-1001", "PJSIP/1001", "complaints", MemberChange.Added, false, null, 0));

        await bridge.AddToQueueAsync("agent-1001", "claims", 2, CancellationToken.None).WaitAsync(Wait);
        Assert.That(bridge.FindSeat("agent-1001")!.Queues, Does.Contain(new SeatQueueMembership("site-a/claims", 2)));
        bridge.Apply(new MemberObserved("site-a", at, "agent-1001", "PJSIP/1001", "claims", MemberChange.Added, false, null, 2));

        await bridge.RemoveFromQueueAsync("agent-1001", "complaints", CancellationToken.None).WaitAsync(Wait);

        Assert.That(ActionsAfterResync(server), Is.EqualTo(new[]
        {
            "Action: QueueAdd|Queue: claims|Interface: PJSIP/1001|Penalty: 2|Paused: false|MemberName: agent-1001|StateInterface: PJSIP/1001",
            "Action: QueueRemove|Queue: complaints|Interface: PJSIP/1001",
        }));
        Assert.That(bridge.FindSeat("agent-1001")!.Queues.Select(q => q.QueueId), Is.EqualTo(new[] { "site-a/claims" }));
    }

    [Test]
    public async Task Removing_a_logged_out_seat_from_a_queue_changes_only_its_membership()
    {
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(Session(), closeAtEnd: false, Ids(0)));
        await using var bridge = Create(new FakeTimeProvider(Epoch(1795458500)), new RecordingSink(), Site("site-a", server.Port));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        seat.JoinQueue("site-a/claims", 1);
        bridge.ConfigureSeats([seat]);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.IsSiteUp("site-a"), "resync");

        await bridge.RemoveFromQueueAsync("agent-1001", "claims", CancellationToken.None).WaitAsync(Wait);
        await bridge.AddToQueueAsync("agent-1001", "policy-service", 0, CancellationToken.None).WaitAsync(Wait);

        Assert.That(ActionsAfterResync(server), Is.Empty, "nothing to tell Asterisk about a seat that is not logged in");
        Assert.That(bridge.FindSeat("agent-1001")!.Queues.Select(q => q.QueueId), Is.EquivalentTo(new[] { "site-a/complaints", "site-a/policy-service" }));
    }
}
