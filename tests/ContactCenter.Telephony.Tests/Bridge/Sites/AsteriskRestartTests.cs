using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>Calls an Asterisk restart cuts (Event: Shutdown, as in fixture S8) are the system's failure, not the callers' abandons.</summary>
[CancelAfter(60_000)]
public sealed class AsteriskRestartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private const string Banner = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
        + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n";

    private const string Caller = "Channel: PJSIP/caller-00000001\r\nChannelState: 6\r\nUniqueid: site-a-1.1\r\nLinkedid: site-a-1.1\r\nContext: inbound\r\nChanVariable: CC_CALLID=c1\r\n";

    [Test]
    public async Task A_caller_waiting_when_Asterisk_restarts_is_recorded_as_failed_not_abandoned()
    {
        var first = Banner + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal)
            + "Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nTimestamp: 1795458501.000000\r\n" + Caller + "Queue: complaints\r\nPosition: 1\r\nCount: 1\r\n\r\n"
            + "Event: Shutdown\r\nPrivilege: system,all\r\nTimestamp: 1795458505.000000\r\nShutdown: Cleanly\r\nRestart: True\r\n\r\n";
        var second = Banner + EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal);
        await using var server = new AmiReplayServer(
            AmiReplayScript.FromText(first, closeAtEnd: true, "L", "r1", "r2"),
            AmiReplayScript.FromText(second, closeAtEnd: false, "L", "r1", "r2"));
        var time = new FakeTimeProvider(Epoch(1795458500));
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink, Site("site-a", server.Port));
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => server.Clients.Count == 1 && !bridge.IsSiteUp("site-a") && bridge.FindContact("c1") is { IsWaiting: true }, "the restart");

        time.Advance(TimeSpan.FromSeconds(1)); // reconnect backoff
        await Until(() => bridge.IsSiteUp("site-a") && sink.Closed.Any(c => c.CallId == "c1"), "the resync after the restart");

        var contact = sink.Closed.Single(c => c.CallId == "c1");
        Assert.That((contact.Outcome, contact.ShortAbandon), Is.EqualTo(((ContactOutcome?)ContactOutcome.Failed, false)));
    }
}
