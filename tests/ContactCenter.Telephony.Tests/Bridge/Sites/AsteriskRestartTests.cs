using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Telephony.Tests.Bridge.BridgeReplay;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>
/// Calls an Asterisk restart cuts are the system's failure, not the callers' abandons: announced (Event: Shutdown, as in fixture
/// S8), in the order a real <c>core stop now</c> sends (every channel's SoftHangupRequest Cause 4 and hang-up before Event:
/// Shutdown, recorded on Asterisk 22.5), or unannounced (a crash: the next FullyBooted's Uptime is shorter than the outage).
/// </summary>
[CancelAfter(60_000)]
public sealed class AsteriskRestartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private const string Banner = "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n"
        + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n";

    private const string Caller = "Channel: PJSIP/caller-00000001\r\nChannelState: 6\r\nUniqueid: site-a-1.1\r\nLinkedid: site-a-1.1\r\nContext: inbound\r\nChanVariable: CC_CALLID=c1\r\n";

    private static readonly string Resync = EmptyQueueStatus.Replace("{id}", "r1", StringComparison.Ordinal) + EmptyChannels.Replace("{id}", "r2", StringComparison.Ordinal);

    private static readonly string Joined = "Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nTimestamp: 1795458501.000000\r\n" + Caller + "Queue: complaints\r\nPosition: 1\r\nCount: 1\r\n\r\n";

    [Test]
    public async Task A_caller_waiting_when_Asterisk_restarts_is_recorded_as_failed_not_abandoned()
    {
        var first = Banner + Resync + Joined
            + "Event: Shutdown\r\nPrivilege: system,all\r\nTimestamp: 1795458505.000000\r\nShutdown: Cleanly\r\nRestart: True\r\n\r\n";
        Assert.That(await OutcomeAfterReconnectAsync(first, Banner + Resync), Is.EqualTo(ContactOutcome.Failed));
    }

    [Test]
    public async Task Hang_ups_that_core_stop_now_sends_before_its_Shutdown_event_are_failed_calls()
    {
        // What Asterisk 22.5 sends on `core stop now` with a caller in queue: SoftHangupRequest Cause 4 (AST_SOFTHANGUP_SHUTDOWN),
        // app_queue's abandon and the hang-up, and only then, a second later, Event: Shutdown.
        var first = Banner + Resync + Joined
            + "Event: SoftHangupRequest\r\nPrivilege: call,all\r\nTimestamp: 1795458505.000000\r\n" + Caller + "Cause: 4\r\n\r\n"
            + "Event: QueueCallerAbandon\r\nPrivilege: agent,all\r\nTimestamp: 1795458505.001000\r\n" + Caller + "Queue: complaints\r\nPosition: 1\r\nOriginalPosition: 1\r\nHoldTime: 4\r\n\r\n"
            + "Event: Hangup\r\nPrivilege: call,all\r\nTimestamp: 1795458505.002000\r\n" + Caller + "Cause: 0\r\nCause-txt: Unknown\r\n\r\n"
            + "Event: Shutdown\r\nPrivilege: system,all\r\nTimestamp: 1795458506.100000\r\nShutdown: Cleanly\r\nRestart: False\r\n\r\n";
        Assert.That(await OutcomeAfterReconnectAsync(first, Banner + Resync), Is.EqualTo(ContactOutcome.Failed));
    }

    [TestCase(1, ContactOutcome.Failed, TestName = "A caller gone after an unannounced restart (a crash) is failed")]
    [TestCase(86_400, ContactOutcome.Abandoned, TestName = "A caller gone while only the AMI link was down is abandoned, as Asterisk kept running")]
    public async Task A_waiting_caller_gone_after_the_link_returns_is_failed_only_if_Asterisk_restarted(int uptimeSeconds, ContactOutcome expected)
    {
        var booted = Banner.Replace("Status: Fully Booted", $"Uptime: {uptimeSeconds}\r\nLastReload: {uptimeSeconds}\r\nStatus: Fully Booted", StringComparison.Ordinal);
        Assert.That(await OutcomeAfterReconnectAsync(Banner + Resync + Joined, booted + Resync), Is.EqualTo(expected));
    }

    /// <summary>
    /// Plays <paramref name="first"/> on the bridge's first AMI connection, which then closes; the reconnect (after the
    /// backoff, on the fake clock) gets <paramref name="second"/>. Returns the outcome caller c1's contact closed with.
    /// </summary>
    private static async Task<ContactOutcome?> OutcomeAfterReconnectAsync(string first, string second)
    {
        await using var server = new AmiReplayServer(
            AmiReplayScript.FromText(first, closeAtEnd: true, "L", "r1", "r2"),
            AmiReplayScript.FromText(second, closeAtEnd: false, "L", "r1", "r2"));
        var time = new FakeTimeProvider(Epoch(1795458500));
        var sink = new RecordingSink();
        await using var bridge = Create(time, sink, Site("site-a", server.Port));
        await bridge.StartAsync(CancellationToken.None).WaitAsync(Wait);
        await Until(() => server.Clients.Count == 1 && !bridge.IsSiteUp("site-a") && bridge.FindContact("c1") is not null, "the first connection's end");

        time.Advance(TimeSpan.FromSeconds(1)); // reconnect backoff
        await Until(() => bridge.IsSiteUp("site-a") && sink.Closed.Any(c => c.CallId == "c1"), "the resync after the reconnect");
        var contact = sink.Closed.Single(c => c.CallId == "c1");
        Assert.That(contact.ShortAbandon && contact.Outcome == ContactOutcome.Failed, Is.False, "a call the PBX cut is never a short abandon");
        return contact.Outcome;
    }
}
