using ContactCenter.Data.Campaigns;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Scheduling.Tests.Support;
using ContactCenter.Telephony.Ami;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Scheduling.Tests.Campaigns;

/// <summary>The AMI dialer against a loopback server replaying the recorded Asterisk 22 outbound session (S6).</summary>
public sealed class AmiCallbackDialerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public async Task Recorded_originates_map_to_answered_busy_and_no_answer()
    {
        await using var server = new S6ReplayServer();
        await using var client = new AmiClient(Options.Create(new AmiOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            Username = "bridge",
            Secret = "bridge-secret",
            AuthType = AmiAuthType.Plain,
            PingInterval = TimeSpan.Zero,
            ActionTimeout = TimeSpan.FromSeconds(5),
        }), TimeProvider.System, NullLogger<AmiClient>.Instance);
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);
        var options = new DialerOptions { Trunk = "carrier", ConnectContext = "outbound-connect" };
        await using var dialer = new AmiCallbackDialer(new Dictionary<string, AmiClient> { ["gz"] = client }, options, TimeProvider.System);

        var outcomes = new List<DialOutcome>();
        foreach (var (phone, callId) in new[] { ("13900000001", "cb-gz-1-1-a"), ("13900000002", "cb-gz-2-1-b"), ("13900000003", "cb-gz-3-1-c") })
        {
            outcomes.Add(await dialer.DialAsync(new DialRequest("gz", callId, phone, "agent-1002", "1002", "claims", "claims-callback"), CancellationToken.None)
                .WaitAsync(Timeout));
        }

        Assert.Multiple(() =>
        {
            Assert.That(outcomes[0], Is.EqualTo(new DialOutcome(DialStatus.Answered)));
            Assert.That(outcomes[1], Is.EqualTo(new DialOutcome(DialStatus.Busy, 17)), "Reason 0 + Hangup Cause 17 is busy");
            Assert.That(outcomes[2], Is.EqualTo(new DialOutcome(DialStatus.NoAnswer, null)), "Reason 3 is no answer");
            Assert.That(outcomes.Select(o => o.TaskResult), Is.EqualTo(new Core.Callbacks.CallbackResult?[] { null, Core.Callbacks.CallbackResult.Busy, Core.Callbacks.CallbackResult.NoAnswer }));
            var first = server.Originates[0];
            Assert.That(first, Does.Contain("Channel: PJSIP/13900000001@carrier\r\n"));
            Assert.That(first, Does.Contain("ChannelId: cb-gz-1-1-a\r\n"));
            Assert.That(first, Does.Contain("Variable: CC_CALLID=cb-gz-1-1-a\r\nVariable: CC_INTENT=claims-callback\r\n"));
            Assert.That(first, Does.Contain("Context: outbound-connect\r\nExten: claims\r\n"));
            Assert.That(first, Does.Contain("Async: true\r\n"));
        });
    }

    [Test]
    public async Task A_site_the_dialer_does_not_know_fails_without_a_call()
    {
        await using var dialer = new AmiCallbackDialer(new Dictionary<string, AmiClient>(), new DialerOptions(), TimeProvider.System);

        var outcome = await dialer.DialAsync(new DialRequest("xx", "cb-1", "13900000001", "agent-1", "1001", null, "claims-callback"), CancellationToken.None)
            .WaitAsync(Timeout);

        Assert.That((outcome.Status, outcome.TaskResult), Is.EqualTo((DialStatus.Failed, (Core.Callbacks.CallbackResult?)Core.Callbacks.CallbackResult.Unreachable)));
    }
}
