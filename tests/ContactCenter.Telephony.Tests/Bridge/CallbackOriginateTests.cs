using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Outbound;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>Callback originates through the bridge's own AMI link, against the recorded Asterisk 22 outbound session (S6).</summary>
[CancelAfter(60_000)]
public sealed class CallbackOriginateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly string[] CallIds = ["cb-20261123-0001", "cb-20261123-0003", "cb-20261123-0004"];

    private static AmiAction Originate(string callId, string phone) => new AmiAction("Originate")
        .Add("Channel", $"PJSIP/{phone}@carrier")
        .Add("Context", "outbound-connect")
        .Add("Exten", "claims")
        .Add("Priority", "1")
        .Add("Timeout", "30000")
        .Add("ChannelId", callId)
        .Add("Variable", $"CC_CALLID={callId}")
        .Add("Variable", "CC_INTENT=claims-callback")
        .Add("Async", "true");

    [Test]
    public async Task S6_originates_through_the_bridge_end_answered_busy_and_no_answer()
    {
        // The recorded listener stream; each call's events start only after the bridge sent its Originate.
        var queued = "Response: Success\r\nActionID: {id}\r\nMessage: Originate successfully queued\r\n\r\n";
        var script = Listener("s6-outbound/ami-site-a-listener.rx",
            [.. Resync(), .. CallIds.Select(id => new Splice(id, queued, Before: true))],
            cutBefore: "site-a-1795458424.15");
        await using var server = new AmiReplayServer(script);
        await using var bridge = Create(new FakeTimeProvider(Epoch(1795458400)), new RecordingSink(), Site("site-a", server.Port));
        using var log = new EventLog(bridge.Events);
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => bridge.IsSiteUp("site-a"), "resync");

        var outcomes = new List<OriginateOutcome>();
        foreach (var (callId, phone) in CallIds.Zip(["13900000001", "13900000002", "13900000003"]))
        {
            outcomes.Add(await bridge.OriginateAsync("site-a", callId, Originate(callId, phone), TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(Wait));
        }

        await Until(() => log.Of<OriginateFailed>().Count == 2, "two failed originates published");
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(new[]
            {
                new OriginateOutcome(OriginateStatus.Answered),
                new OriginateOutcome(OriginateStatus.Busy, 17),
                new OriginateOutcome(OriginateStatus.NoAnswer),
            }), "Reason 4 answered; Reason 0 with HangupRequest/Hangup Cause 17 busy; Reason 3 no answer");
            Assert.That(log.Of<OriginateFailed>().Select(e => (e.CallId, e.Reason)), Is.EqualTo(new[] { (CallIds[1], "busy"), (CallIds[2], "no-answer") }),
                "Reason 0 + cause 17 is reported busy, not failed");
            var sent = server.Clients[0].Actions.Where(a => a.StartsWith("Action: Originate", StringComparison.Ordinal)).ToList();
            Assert.That(sent, Has.Count.EqualTo(3));
            Assert.That(sent[0], Does.Contain("ChannelId: cb-20261123-0001\r\nVariable: CC_CALLID=cb-20261123-0001\r\nVariable: CC_INTENT=claims-callback\r\nAsync: true\r\n"));
            Assert.That(server.Errors, Is.Empty);
        });
    }

    [Test]
    public async Task A_site_that_is_not_configured_fails_without_a_call()
    {
        await using var bridge = Create(new FakeTimeProvider(Epoch(1795458400)), new RecordingSink());
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);

        var outcome = await bridge.OriginateAsync("xx", "cb-1", Originate("cb-1", "13900000001"), TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(Wait);

        Assert.That(outcome, Is.EqualTo(new OriginateOutcome(OriginateStatus.Failed)));
    }
}
