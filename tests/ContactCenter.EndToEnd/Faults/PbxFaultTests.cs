using System.Net;
using System.Text.Json;
using ContactCenter.EndToEnd.Support;
using ContactCenter.Server.Wallboard;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContactCenter.EndToEnd.Faults;

/// <summary>The PBX failing under live calls: an Asterisk restart, the AMI link cut, the IVR unreachable, a wrong AMI secret.</summary>
public sealed class PbxFaultTests : CenterTests
{
    protected override bool RelayAmi => true;

    /// <summary>A refused login is retried after 1–2 s here (30 s – 10 min by default), so the fixed secret is seen at once.</summary>
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Telephony:Sites:1:AmiAuthFailureMinDelay"] = "00:00:01",
        ["Telephony:Sites:1:AmiAuthFailureMaxDelay"] = "00:00:02",
    };

    [Test]
    public async Task A_wrong_AMI_secret_shows_as_a_refused_login_on_health_and_the_wallboard_until_it_is_fixed()
    {
        var (_, cookies) = await Center.SignInAsync("super-sh");
        var board = await Center.ConnectAsync(WallboardHub.Path, cookies, "Snapshot", "Delta");
        await board.WaitForAsync("Snapshot");
        using var probe = new HttpClient { BaseAddress = Center.Server.Address };

        // The site's manager.conf gets another secret than the server's settings, as after a password change on one side only.
        var manager = Path.Combine(Center.SiteSh.Etc, "manager.conf");
        var configured = await File.ReadAllTextAsync(manager);
        Assert.That(configured, Does.Contain(Center.Sh.AmiSecret));
        await File.WriteAllTextAsync(manager, configured.Replace(Center.Sh.AmiSecret, "rotated-" + Center.Sh.AmiSecret, StringComparison.Ordinal));
        try
        {
            await Center.SiteSh.StopAsync(CancellationToken.None);
            await Center.SiteSh.StartAsync(CancellationToken.None);
            await CenterFixture.UntilAsync(() => Center.Bridge.SiteLink("sh").Problem == SiteLinkProblem.LoginRefused, "the bridge's login refused by sh");

            using var refused = await probe.GetAsync(new Uri("/health", UriKind.Relative));
            var report = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            var telephony = report.GetProperty("checks").GetProperty("telephony");
            var down = await board.WaitForAsync("Delta", d => d.GetProperty("siteCode").GetString() == "sh"
                && d.TryGetProperty("linkProblem", out var problem) && problem.GetString() == "login-refused");
            Assert.Multiple(() =>
            {
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "an operator must act: unhealthy");
                Assert.That(report.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
                Assert.That(telephony.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
                Assert.That(telephony.GetProperty("description").GetString(), Does.StartWith("sh: Asterisk refuses the AMI login"));
                Assert.That(telephony.GetProperty("data").GetProperty("gz").GetString(), Is.EqualTo("connected"));
                Assert.That(down.GetProperty("isUp").GetBoolean(), Is.False);
                Assert.That(Center.ServerLog(), Does.Not.Contain(Center.Sh.AmiSecret), "the secret is never logged");
            });
        }
        finally
        {
            await File.WriteAllTextAsync(manager, configured);
            await Center.SiteSh.CliAsync("manager reload", CancellationToken.None);
        }

        // The secrets match again: the bridge's next attempt logs in, without a restart of the server.
        await CenterFixture.UntilAsync(() => Center.Bridge.IsSiteUp("sh"), "sh back up once the secrets match");
        await board.WaitForAsync("Delta", d => d.GetProperty("siteCode").GetString() == "sh" && d.GetProperty("isUp").GetBoolean());
        using var healthy = await probe.GetAsync(new Uri("/health", UriKind.Relative));
        var after = JsonDocument.Parse(await healthy.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.GetProperty("checks").GetProperty("telephony").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        });
    }

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
        Assert.That(contact.Outcome, Is.EqualTo("failed"), "the caller did not hang up: the PBX cut the call (系统故障), not an abandon");
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
    public async Task Calls_that_end_while_the_AMI_link_is_cut_are_closed_by_the_resync_as_Asterisk_ended_them()
    {
        var seat = await Center.SeatAsync(Center.Sh, "2001", SippScenario.Answering(ringMs: 300).WaitForHangUp());
        var talking = await Center.CustomerWithoutComplaintAsync(skip: 44);
        var waiting = await Center.CustomerWithoutComplaintAsync(skip: 45);
        // The first caller talks to 2001 and hangs up well after the second, who waits (2001 is busy) and gives up.
        var first = Center.Call(Center.Sh, SippScenario.Caller(talking).Pause(Center.MainMenuKeyAt()).Keys("2").HangUpWithin(Center.ConnectingMs() + 30_000), slot: 0);
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE caller_number = @talking AND answered_at IS NOT NULL", new { talking })).Single() == 1,
            "the first caller talking to 2001", TimeSpan.FromSeconds(40));
        var second = Center.Call(Center.Sh, SippScenario.Caller(waiting).Pause(Center.MainMenuKeyAt()).Keys("2").HangUpWithin(Center.ConnectingMs() + 8_000), slot: 1);
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE caller_number = @waiting AND enqueued_at IS NOT NULL", new { waiting })).Single() == 1,
            "the second caller waiting", TimeSpan.FromSeconds(40));

        // The link breaks; Asterisk and both calls carry on without the bridge seeing them end.
        var relay = Center.AmiRelay(Center.Sh);
        relay.Cut();
        await CenterFixture.UntilAsync(() => !Center.Bridge.IsSiteUp("sh"), "sh marked down");
        Assert.That(await second.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, second.Errors());
        Assert.That(await first.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, first.Errors());
        var stillOpen = await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE caller_number IN (@talking, @waiting) AND ended_at IS NULL", new { talking, waiting });
        Assert.That(stillOpen.Single(), Is.EqualTo(2), "with the link cut the bridge cannot have seen the calls end");

        relay.Restore();
        await CenterFixture.UntilAsync(() => Center.Bridge.IsSiteUp("sh"), "sh reconnected and resynced");
        var answered = await Center.EndedContactFromAsync(talking);
        var abandoned = await Center.EndedContactFromAsync(waiting);
        var log = Center.SiteSh.QueueLog();
        Assert.Multiple(() =>
        {
            Assert.That(answered.Outcome, Is.EqualTo("answered"));
            Assert.That(answered.SeatId, Does.Contain(seat.Extension));
            Assert.That(log.Where(l => l.CallId == answered.CallId).Select(l => l.Event), Does.Contain("CONNECT").And.Contain("COMPLETECALLER"), "queue_log: talked, caller hung up");
            Assert.That(abandoned.Outcome, Is.EqualTo("abandoned"), "the caller gave up; the PBX did not fail");
            Assert.That(log.Where(l => l.CallId == abandoned.CallId).Select(l => l.Event), Does.Contain("ABANDON"), "queue_log: abandoned");
            Assert.That(relay.Accepted, Is.GreaterThanOrEqualTo(2), "the bridge reconnected through the relay");
        });
        Assert.That((await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE ended_at IS NULL")).Single(), Is.Zero, "no contact stays open");
        await CenterFixture.UntilAsync(() => seat.State is "wrap-up" or "ready", "2001 out of the call it no longer has");
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
