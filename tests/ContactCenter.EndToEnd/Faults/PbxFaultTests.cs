using ContactCenter.EndToEnd.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContactCenter.EndToEnd.Faults;

/// <summary>The PBX failing under live calls: an Asterisk restart, the IVR unreachable.</summary>
public sealed class PbxFaultTests : CenterTests
{
    [Test]
    public async Task Asterisk_restart_closes_the_waiting_call_and_restores_seats_with_their_pause_reasons()
    {
        var first = await Center.SeatAsync(Center.Gz, "1001", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        var second = await Center.SeatAsync(Center.Gz, "1002", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        var reasons = (await first.Desk.WaitForAsync("Snapshot")).GetProperty("pauseReasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.That(reasons, Has.Count.GreaterThanOrEqualTo(2));
        await first.Desk.Connection.InvokeAsync("NotReady", reasons[0]);
        await second.Desk.Connection.InvokeAsync("NotReady", reasons[1]);
        await CenterFixture.UntilAsync(() => first.State == "not-ready" && second.State == "not-ready", "both seats 示忙");

        var number = await Center.CustomerWithoutComplaintAsync(skip: 40);
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("2").WaitForHangUp(90_000));
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE caller_number = @number AND enqueued_at IS NOT NULL", new { number })).Single() == 1,
            "the caller waiting at gz", TimeSpan.FromSeconds(40));

        await Center.SiteGz.StopAsync(CancellationToken.None);
        await CenterFixture.UntilAsync(() => !Center.Bridge.IsSiteUp("gz"), "gz marked down");
        await Center.SiteGz.StartAsync(CancellationToken.None);
        await CenterFixture.UntilAsync(() => Center.Bridge.IsSiteUp("gz"), "gz back up", TimeSpan.FromSeconds(60));

        var contact = await Center.EndedContactFromAsync(number);
        Assert.That(contact.Outcome, Is.Not.Null.And.Not.EqualTo("abandoned"), "the caller did not hang up: the PBX cut the call");
        var open = await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE ended_at IS NULL");
        Assert.That(open.Single(), Is.Zero, "no contact stays open after the restart");

        // Both seats are back in their queues, still paused, each with its own reason.
        await CenterFixture.UntilAsync(async () =>
        {
            var queue = await Center.SiteGz.CliAsync("queue show policy-service", CancellationToken.None);
            return queue.Contains("PJSIP/1001", StringComparison.Ordinal) && queue.Contains("PJSIP/1002", StringComparison.Ordinal);
        }, "the seats restored to policy-service", TimeSpan.FromSeconds(30));
        var shown = await Center.SiteGz.CliAsync("queue show policy-service", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(shown, Does.Match($@"PJSIP/1001[^\n]*paused:{reasons[0]}"));
            Assert.That(shown, Does.Match($@"PJSIP/1002[^\n]*paused:{reasons[1]}"));
            Assert.That(first.State, Is.EqualTo("not-ready"));
            Assert.That(second.State, Is.EqualTo("not-ready"));
        });
        await caller.DisposeAsync();
    }

    [Test]
    public async Task Caller_is_queued_by_the_dialplan_fallback_when_the_IVR_is_unreachable()
    {
        var seat = await Center.SeatAsync(Center.Sh, "2004", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        // Point the site's AGI_SERVER at a closed port, as if the server's FastAGI were down.
        await Center.SiteSh.CliAsync("dialplan set global AGI_SERVER 127.0.0.1:9", CancellationToken.None);
        try
        {
            var number = await Center.CustomerWithoutComplaintAsync(skip: 41);
            var caller = Center.Call(Center.Sh, SippScenario.Caller(number).WaitForHangUp(60_000));

            var offered = await seat.Desk.WaitForAsync("CallOffered");
            Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, caller.Errors());
            var contact = await Center.EndedContactFromAsync(number);
            Assert.Multiple(() =>
            {
                Assert.That(offered.GetProperty("call").GetProperty("callId").GetString(), Is.EqualTo(contact.CallId));
                Assert.That(contact.Outcome, Is.EqualTo("answered"));
                Assert.That(contact.QueueId, Does.EndWith("policy-service"), "IVR_FALLBACK_QUEUE");
            });
        }
        finally
        {
            await Center.SiteSh.CliAsync($"dialplan set global AGI_SERVER 127.0.0.1:{Center.Sh.AgiPort}", CancellationToken.None);
        }
    }
}
