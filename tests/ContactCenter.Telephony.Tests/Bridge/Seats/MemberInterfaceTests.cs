using ContactCenter.Core.Contacts;
using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>app_queue keys members by Interface; MemberName is a label (a member added from the CLI is named after its interface).</summary>
[CancelAfter(30_000)]
public sealed class MemberInterfaceTests
{
    private static readonly DateTimeOffset At = Epoch(1795458500);

    [Test]
    public async Task A_member_added_outside_the_bridge_under_another_name_is_the_configured_seat_of_its_interface()
    {
        await using var bridge = Bridge(out _);

        // `queue add member PJSIP/1001 to complaints`: MemberName defaults to the interface.
        bridge.Apply(new MemberObserved("site-a", At, "PJSIP/1001", "PJSIP/1001", "complaints", MemberChange.Added, false, null, 0));
        bridge.Apply(new CallQueued("site-a", At, "c1", "complaints", "u1", "PJSIP/caller-1", ContactDirection.Inbound, null, At));
        bridge.Apply(new SeatRang("site-a", At.AddSeconds(1), "c1", "complaints", "PJSIP/1001", "PJSIP/1001"));
        bridge.Apply(new SeatConnected("site-a", At.AddSeconds(2), "c1", "complaints", "PJSIP/1001", "PJSIP/1001"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bridge.SeatsOf("site-a").Select(s => s.SeatId), Is.EqualTo(new[] { "agent-1001" }), "no phantom seat");
            Assert.That(bridge.FindSeat("agent-1001"), Has.Property(nameof(SeatSnapshot.State)).EqualTo(AgentState.OnCall)
                .And.Property(nameof(SeatSnapshot.ActiveQueues)).EqualTo(new[] { "complaints" }));
            Assert.That(bridge.FindContact("c1")!.SeatId, Is.EqualTo("agent-1001"));
        }
    }

    [Test]
    public async Task A_member_at_an_interface_no_seat_has_is_logged_as_unconfigured()
    {
        await using var bridge = Bridge(out var logger);

        bridge.Apply(new MemberObserved("site-a", At, "agent-1001", "PJSIP/1099", "complaints", MemberChange.Added, false, null, 0));
        bridge.Apply(new MemberObserved("site-a", At, "agent-1001", "PJSIP/1099", "complaints", MemberChange.Updated, true, "午餐", 0));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bridge.FindSeat("agent-1001")!.State, Is.EqualTo(AgentState.LoggedOut), "the configured agent-1001 (PJSIP/1001) is not touched");
            Assert.That(logger.WithId(1211), Has.Count.EqualTo(1), "said once");
            Assert.That(logger.WithId(1211).Single().Values["Interface"], Is.EqualTo("PJSIP/1099"));
        }
    }

    private static TelephonyBridge Bridge(out RecordingLogger<TelephonyBridge> logger)
    {
        var options = new BridgeOptions();
        options.Sites.Add(Site("site-a", 1));
        var recording = new RecordingLogger<TelephonyBridge>();
        logger = recording;
        var bridge = new TelephonyBridge(Options.Create(options), new RecordingSink(), new BridgeEventHub(), new FakeTimeProvider(At), new SingleLoggerFactory(recording));
        var seat = new Seat("agent-1001", "site-a", "1001", "广州小雅");
        seat.JoinQueue("site-a/complaints", 0);
        bridge.ConfigureSeats([seat]);
        return bridge;
    }
}
