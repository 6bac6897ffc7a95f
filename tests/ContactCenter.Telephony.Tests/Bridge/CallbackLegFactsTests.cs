using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>
/// What the site adapter reports for a callback's customer leg, from the AMI events Asterisk 22 sends for it (the
/// dialer's Originate sets CC_CALLID and CC_SEAT; channelvars carry them on every snapshot).
/// </summary>
public sealed class CallbackLegFactsTests
{
    private const string Leg = "Uniqueid: cb-gz-7-1-x\r\nLinkedid: cb-gz-7-1-x\r\nChannel: PJSIP/carrier-out-00000001\r\nCallerIDNum: 95518\r\n" +
        "ChanVariable: CC_CALLID=cb-gz-7-1-x\r\nChanVariable: CC_INTENT=claims-callback\r\nChanVariable: CC_SEAT=agent-1001\r\nChanVariable: CC_QUEUE=claims\r\n";

    private static (SiteAdapter Adapter, List<TelephonyFact> Facts) Adapter()
    {
        var facts = new List<TelephonyFact>();
        var adapter = new SiteAdapter(new SiteOptions { Code = "gz", AmiHost = "127.0.0.1", AmiUsername = "u", AmiSecret = "s" }, new FakeTimeProvider(),
            NullLoggerFactory.Instance, facts.Add);
        return (adapter, facts);
    }

    private static AmiMessage Event(string name, string context, string more = "") =>
        AmiMessage.Parse($"Event: {name}\r\nContext: {context}\r\nExten: s\r\n{Leg}{more}");

    private static AmiMessage Dial(string name, string status = "") => AmiMessage.Parse(
        $"Event: {name}\r\nContext: outbound-seat\r\nExten: 1001\r\n{Leg}DestChannel: PJSIP/1001-00000002\r\nDestUniqueid: seat-leg-1\r\nDestLinkedid: cb-gz-7-1-x\r\n" +
        (status.Length > 0 ? $"DialStatus: {status}\r\n" : string.Empty));

    [Test]
    public async Task A_callback_leg_is_an_outbound_call_once_answered_into_outbound_connect_and_its_seat_dial_rings_connects_and_completes_the_seat()
    {
        var (adapter, facts) = Adapter();
        await using var _ = adapter;
        adapter.Handle(Event("Newchannel", "from-carrier-out"));
        Assert.That(facts, Is.Empty, "ringing the customer is no contact yet (busy, no answer)");

        adapter.Handle(Event("VarSet", "outbound-connect", "Variable: CC_CALLBACK_RESULT\r\nValue: connect\r\n"));
        adapter.Handle(Dial("DialBegin"));
        adapter.Handle(Dial("DialEnd", "ANSWER"));
        adapter.Handle(Event("Hangup", "outbound-seat", "Cause: 16\r\n"));

        Assert.Multiple(() =>
        {
            Assert.That(facts.OfType<CallSeen>().Single().Direction, Is.EqualTo(ContactDirection.Outbound));
            Assert.That(facts.OfType<CallVariableSet>().Single(), Has.Property(nameof(CallVariableSet.Name)).EqualTo("CC_CALLBACK_RESULT"));
            Assert.That(facts.OfType<SeatRang>().Single(), Is.EqualTo(new SeatRang("gz", facts[2].At, "cb-gz-7-1-x", "claims", "agent-1001", "PJSIP/1001", "PJSIP/1001-00000002")));
            Assert.That(facts.OfType<SeatConnected>().Single().SeatId, Is.EqualTo("agent-1001"));
            Assert.That(facts.OfType<SeatCallCompleted>().Single().SeatId, Is.EqualTo("agent-1001"));
            Assert.That(facts[^1], Is.TypeOf<CallHungUp>());
        });
    }

    [Test]
    public async Task A_seat_that_does_not_answer_its_callback_is_a_ring_no_answer_and_no_completed_call()
    {
        var (adapter, facts) = Adapter();
        await using var _ = adapter;
        adapter.Handle(Event("VarSet", "outbound-connect", "Variable: CC_SURVEY\r\nValue: no\r\n"));
        adapter.Handle(Dial("DialBegin"));
        adapter.Handle(Dial("DialEnd", "NOANSWER"));
        adapter.Handle(Event("Hangup", "queue-sub", "Cause: 16\r\n"));

        Assert.That(facts.Select(f => f.GetType().Name), Is.EqualTo(new[] { nameof(CallSeen), nameof(SeatRang), nameof(SeatDidNotAnswer), nameof(CallHungUp) }));
    }
}
