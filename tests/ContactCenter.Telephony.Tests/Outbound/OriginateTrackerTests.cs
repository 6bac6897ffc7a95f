using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Outbound;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Outbound;

[CancelAfter(60_000)]
public sealed class OriginateTrackerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Another_nodes_response_with_the_same_action_id_but_its_own_channel_does_not_settle_our_originate()
    {
        var time = new FakeTimeProvider();
        var settled = new List<(string Key, OriginateOutcome Outcome)>();
        using var tracker = new OriginateTracker(time, (key, outcome, _) =>
        {
            lock (settled)
            {
                settled.Add((key, outcome));
            }
        });
        await using var peer = new AmiLoopbackPeer();
        await using var client = new AmiClient(Options.Create(new AmiOptions
        {
            Port = peer.Port, Username = "bridge", Secret = "bridge-secret", AuthType = AmiAuthType.Plain, Events = false, PingInterval = TimeSpan.Zero,
        }), time, NullLogger<AmiClient>.Instance);
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.NextConnectionAsync();
        await connection.AcceptLoginAsync();
        await connecting.WaitAsync(Wait);

        var ours = tracker.OriginateAsync(client, "cb-ours", new AmiAction("Originate").Add("Channel", "PJSIP/13900000001@carrier").Add("ChannelId", "cb-ours").Add("Async", "true"),
            TimeSpan.FromSeconds(60), CancellationToken.None);
        var originate = await connection.NextActionAsync();
        await connection.SendAsync($"Response: Success\r\nActionID: {originate.ActionId}\r\nMessage: Originate successfully queued\r\n\r\n");
        await Until(() => tracker.ActionIdOf("cb-ours") == originate.ActionId);

        // Another node's client wrote the same ActionID (before ActionIDs carried a per-client token) for its own call.
        tracker.Observe(Response(originate.ActionId, "Failure", 3, "cb-theirs"), time.GetUtcNow());

        Assert.That(ours.IsCompleted, Is.False, "a response with a known channel is matched by Uniqueid, never by ActionID");
        Assert.That(Snapshot(settled), Is.EqualTo(new[] { ("cb-theirs", new OriginateOutcome(OriginateStatus.NoAnswer)) }), "their call is classified as theirs");

        tracker.Observe(Response(originate.ActionId, "Success", 4, "cb-ours"), time.GetUtcNow());
        Assert.That(await ours.WaitAsync(Wait), Is.EqualTo(new OriginateOutcome(OriginateStatus.Answered)));
    }

    [Test]
    public async Task A_failure_without_a_channel_is_still_matched_by_its_action_id()
    {
        var time = new FakeTimeProvider();
        using var tracker = new OriginateTracker(time);
        await using var peer = new AmiLoopbackPeer();
        await using var client = new AmiClient(Options.Create(new AmiOptions
        {
            Port = peer.Port, Username = "bridge", Secret = "bridge-secret", AuthType = AmiAuthType.Plain, Events = false, PingInterval = TimeSpan.Zero,
        }), time, NullLogger<AmiClient>.Instance);
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.NextConnectionAsync();
        await connection.AcceptLoginAsync();
        await connecting.WaitAsync(Wait);

        var ours = tracker.OriginateAsync(client, "cb-ours", new AmiAction("Originate").Add("Channel", "PJSIP/bad@carrier").Add("ChannelId", "cb-ours").Add("Async", "true"),
            TimeSpan.FromSeconds(60), CancellationToken.None);
        var originate = await connection.NextActionAsync();
        await connection.SendAsync($"Response: Success\r\nActionID: {originate.ActionId}\r\nMessage: Originate successfully queued\r\n\r\n");
        await Until(() => tracker.ActionIdOf("cb-ours") == originate.ActionId);

        tracker.Observe(Response("someone-else-1", "Failure", 0, "<unknown>"), time.GetUtcNow());
        Assert.That(ours.IsCompleted, Is.False, "another ActionID without a channel is not ours");
        tracker.Observe(Response(originate.ActionId, "Failure", 0, "<unknown>"), time.GetUtcNow());
        time.Advance(OriginateTracker.HangupCauseWait);

        Assert.That(await ours.WaitAsync(Wait), Is.EqualTo(new OriginateOutcome(OriginateStatus.Failed)));
    }

    private static AmiMessage Response(string actionId, string response, int reason, string uniqueid) => AmiMessage.Parse(
        $"Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: {actionId}\r\nResponse: {response}\r\nChannel: PJSIP/13900000001@carrier\r\n"
        + $"Context: outbound-connect\r\nExten: claims\r\nReason: {reason}\r\nUniqueid: {uniqueid}\r\nCallerIDNum: <unknown>\r\nCallerIDName: <unknown>\r\n");

    private static List<(string, OriginateOutcome)> Snapshot(List<(string Key, OriginateOutcome Outcome)> settled)
    {
        lock (settled)
        {
            return [.. settled];
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (!condition())
        {
            Assert.That(deadline.IsCancellationRequested, Is.False, "condition not reached within 10 s");
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
