using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>The contact record the live model keeps, fed with facts on a fake clock; the model's AMI actions are captured, not sent.</summary>
[CancelAfter(30_000)]
public sealed class CallRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly List<OutgoingAction> _actions = [];
    private FakeTimeProvider _time = null!;
    private LiveModel _model = null!;

    [SetUp]
    public void SetUp()
    {
        _actions.Clear();
        _time = new FakeTimeProvider(T0);
        _model = new LiveModel([BridgeReplay.Site("gz", 1), BridgeReplay.Site("sh", 2)], _time, NullLogger.Instance, outbox => _actions.AddRange(outbox.Actions));
        _model.ConfigureQueue(new Queue("gz", "complaints", "投诉", overflow: new OverflowPolicy(2, null, null, ["sh"])));
        foreach (var site in new[] { "gz", "sh" })
        {
            _model.Apply(new SiteResynced(site, T0, [new MemberObserved(site, T0, $"agent-{site}1", $"PJSIP/{site}1", "complaints", MemberChange.Added, false, null, 0)], [], []));
        }

        _model.Apply(new CallQueued("gz", T0, "c1", "complaints", "u1", "PJSIP/caller-1", ContactDirection.Inbound, null, T0));
    }

    [Test]
    public void Ringing_at_keeps_the_first_ring_when_the_call_rings_another_seat()
    {
        _model.Apply(new MemberObserved("gz", T0, "agent-gz2", "PJSIP/gz2", "complaints", MemberChange.Added, false, null, 0));
        _model.Apply(new SeatRang("gz", T0.AddSeconds(1), "c1", "complaints", "agent-gz1", "PJSIP/gz1"));
        _model.Apply(new SeatDidNotAnswer("gz", T0.AddSeconds(2), "c1", "agent-gz1", "PJSIP/gz1", SeatRingEnd.Busy));
        _model.Apply(new SeatRang("gz", T0.AddSeconds(3), "c1", "complaints", "agent-gz2", "PJSIP/gz2"));

        var contact = _model.FindContact("c1")!;
        Assert.That((contact.RingingAt, contact.SeatId), Is.EqualTo(((DateTimeOffset?)T0.AddSeconds(1), (string?)"agent-gz2")));
    }

    [Test]
    public void A_redirect_answered_after_the_seat_connected_does_not_end_the_call_as_overflowed_when_the_caller_hangs_up()
    {
        _time.Advance(TimeSpan.FromSeconds(3));
        _model.CheckOverflow();
        var redirect = _actions.Single(a => a.Action.Name == "Redirect");

        // The AgentConnect was already queued behind the decision; the Redirect's answer comes after it.
        _model.Apply(new SeatConnected("gz", T0.AddSeconds(3), "c1", "complaints", "agent-gz1", "PJSIP/gz1"));
        redirect.Completed!(true, null);
        _model.Apply(new CallHungUp("gz", T0.AddSeconds(21), "c1", "u1", 16));

        var contact = _model.FindContact("c1")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(contact.Outcome, Is.EqualTo(ContactOutcome.Answered));
            Assert.That(contact.OverflowHops, Is.Empty);
            Assert.That(contact.CurrentSiteCode, Is.EqualTo("gz"));
            Assert.That(contact.SeatId, Is.EqualTo("agent-gz1"));
        }
    }
}
