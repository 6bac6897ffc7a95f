using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Audit;
using ContactCenter.Server.Tests.Desk;
using ContactCenter.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Wallboard;

/// <summary>The wallboard hub and the supervisor actions against the real host, the bridge fed by fixture S1 as site gz.</summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class WallboardHubTests
{
    private static readonly string[] Methods = ["Snapshot", "Delta"];

    private static JsonElement? Queue(JsonElement delta, string queueId) =>
        delta.TryGetProperty("queues", out var queues) ? queues.EnumerateArray().FirstOrDefault(q => q.GetProperty("queueId").GetString() == queueId) : null;

    [Test]
    public async Task A_supervisor_sees_only_their_site_and_the_figures_follow_the_call_computed_from_contact_records()
    {
        await using var live = await LiveHarness.StartAsync();
        var (_, gzCookies) = await live.SignInAsync(DemoLogins.SupervisorGuangzhou);
        var (_, shCookies) = await live.SignInAsync(DemoLogins.SupervisorShanghai);
        var gz = await live.ConnectAsync("/hubs/wallboard", gzCookies, Methods);
        var sh = await live.ConnectAsync("/hubs/wallboard", shCookies, Methods);

        var snapshot = await gz.WaitForAsync("Snapshot");
        Assert.That(snapshot.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("siteCode").GetString()), Is.EqualTo(new[] { "gz" }));
        var site = snapshot.GetProperty("sites")[0];
        Assert.That(site.GetProperty("isUp").GetBoolean(), Is.True);
        Assert.That(site.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("displayName").GetString()), Is.EquivalentTo(new[] { "投诉", "理赔", "保单服务" }));
        Assert.That(site.GetProperty("seats").GetArrayLength(), Is.EqualTo(6));
        var shSnapshot = await sh.WaitForAsync("Snapshot");
        Assert.That(shSnapshot.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("siteCode").GetString()), Is.EqualTo(new[] { "sh" }));

        // AgentCalled: the caller still waits (QueueCallerLeave comes when the seat answers) and the seat rings.
        await live.Stage.PlayUntilAsync("Event: DialBegin");
        await gz.WaitForAsync("Delta", d => Queue(d, "gz/complaints")?.GetProperty("waiting").GetInt32() == 1);
        await gz.WaitForAsync("Delta", d => d.TryGetProperty("seats", out var seats)
            && seats.EnumerateArray().Any(s => s.GetProperty("seatId").GetString() == "agent-1001" && s.GetProperty("state").GetString() == "ringing"));

        await live.Stage.PlayToEndAsync();
        var done = await gz.WaitForAsync("Delta", d => Queue(d, "gz/complaints")?.GetProperty("answered").GetInt32() == 1);
        var complaints = Queue(done, "gz/complaints")!.Value;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(complaints.GetProperty("offered").GetInt32(), Is.EqualTo(1));
            Assert.That(complaints.GetProperty("waiting").GetInt32(), Is.Zero);
            Assert.That(complaints.GetProperty("answerRate").GetDouble(), Is.EqualTo(1.0));
            Assert.That(complaints.GetProperty("serviceLevel").GetDouble(), Is.EqualTo(1.0), "answered after about 1 s, within 20 s");
            Assert.That(complaints.GetProperty("asaSeconds").GetDouble(), Is.EqualTo(1).Within(0.6));
            Assert.That(done.GetProperty("total").GetProperty("answered").GetInt32(), Is.EqualTo(1));
        }

        var rated = await gz.WaitForAsync("Delta", d => Queue(d, "gz/complaints") is { } q && q.GetProperty("rated").GetInt32() == 1);
        Assert.That(Queue(rated, "gz/complaints")!.Value.GetProperty("satisfaction").GetDouble(), Is.Zero, "score 4 of 5 is not satisfied");
        Assert.That(sh.Of("Delta").Where(d => d.GetProperty("siteCode").GetString() != "sh"), Is.Empty, "nothing of gz reaches the sh wallboard");
    }

    [Test]
    public async Task Listen_originates_the_supervisor_phone_into_ChanSpy_on_the_seats_channel_and_is_audited()
    {
        await using var live = await LiveHarness.StartAsync();
        var (gz, _) = await live.SignInAsync(DemoLogins.SupervisorGuangzhou);
        var (sh, _) = await live.SignInAsync(DemoLogins.SupervisorShanghai);
        var (seat, _) = await live.SignInAsync(DemoLogins.SeatGuangzhou);
        await live.Stage.PlayUntilAsync("Event: AgentComplete");
        await LiveHarness.Until(() => live.Bridge.FindSeat("agent-1001")?.CallChannel is not null, "agent-1001 on the call");

        using var outOfScope = await sh.PostAsJsonAsync("/api/wallboard/seats/agent-1001/spy", new { mode = "listen", phone = "9001" }).WaitAsync(LiveHarness.Timeout);
        using var bySeat = await seat.PostAsJsonAsync("/api/wallboard/seats/agent-1001/spy", new { mode = "listen", phone = "9001" }).WaitAsync(LiveHarness.Timeout);
        Assert.That((outOfScope.StatusCode, bySeat.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(live.Stage.Actions.Where(a => a.StartsWith("Action: Originate", StringComparison.Ordinal)), Is.Empty);

        using var listen = await gz.PostAsJsonAsync("/api/wallboard/seats/agent-1001/spy", new { mode = "listen", phone = "9001" }).WaitAsync(LiveHarness.Timeout);
        Assert.That(listen.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(live.Stage.Actions.Single(a => a.StartsWith("Action: Originate", StringComparison.Ordinal)), Is.EqualTo(
            "Action: Originate|Channel: PJSIP/9001|Application: ChanSpy|Data: PJSIP/1001-00000001,qE|CallerID: \"Supervisor listen\" <9001>|Timeout: 15000|Async: true"));

        var audit = live.Server.Services.GetRequiredService<AuditLog>();
        var entries = await audit.QueryAsync(new AuditQuery(Entity: "seat", EntityId: "agent-1001"), CancellationToken.None).WaitAsync(LiveHarness.Timeout);
        Assert.That(entries.Select(e => (e.Action, e.Detail)), Is.EqualTo(new[] { ("seat.spy", (string?)"listen from PJSIP/9001") }));
    }

    [Test]
    public async Task Force_not_ready_log_out_and_queue_moves_reach_Asterisk_within_the_supervisors_site_only()
    {
        await using var live = await LiveHarness.StartAsync();
        var (gz, _) = await live.SignInAsync(DemoLogins.SupervisorGuangzhou);
        var (sh, _) = await live.SignInAsync(DemoLogins.SupervisorShanghai);
        var (_, seatCookies) = await live.SignInAsync(DemoLogins.SeatGuangzhou);
        var desk = await live.ConnectAsync("/hubs/agent", seatCookies, "Snapshot");
        await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync(desk.Connection, "LogIn", true).WaitAsync(LiveHarness.Timeout);
        await LiveHarness.Until(() => live.Bridge.FindSeat("agent-1001")?.State == Core.Seats.AgentState.Ready, "seat ready");

        using var foreign = await sh.PostAsJsonAsync("/api/wallboard/seats/agent-1001/force-not-ready", new { reason = "班长示忙" }).WaitAsync(LiveHarness.Timeout);
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var notReady = await gz.PostAsJsonAsync("/api/wallboard/seats/agent-1001/force-not-ready", new { reason = "班长示忙" }).WaitAsync(LiveHarness.Timeout);
        Assert.That(notReady.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await LiveHarness.Until(() => live.Bridge.FindSeat("agent-1001") is { State: Core.Seats.AgentState.NotReady, NotReadyReason: "班长示忙" }, "seat not ready");

        using var removed = await gz.DeleteAsync("/api/wallboard/seats/agent-1001/queues/claims").WaitAsync(LiveHarness.Timeout);
        using var unknownQueue = await gz.PutAsJsonAsync("/api/wallboard/seats/agent-1001/queues/nope", new { penalty = 0 }).WaitAsync(LiveHarness.Timeout);
        using var loggedOut = await gz.PostAsync("/api/wallboard/seats/agent-1001/force-log-out", null).WaitAsync(LiveHarness.Timeout);
        Assert.That((removed.StatusCode, unknownQueue.StatusCode, loggedOut.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.Accepted)));

        var actions = live.Stage.Actions;
        Assert.That(actions, Does.Contain("Action: QueuePause|Interface: PJSIP/1001|Paused: true|Reason: 班长示忙"));
        Assert.That(actions, Does.Contain("Action: QueueRemove|Queue: claims|Interface: PJSIP/1001"));
        Assert.That(actions.Count(a => a.StartsWith("Action: QueueRemove", StringComparison.Ordinal)), Is.EqualTo(3), "claims, then the two queues left at log-out");
        var stored = await live.Server.Services.GetRequiredService<Data.Sites.SiteQueries>().GetSeatAsync("agent-1001", CancellationToken.None).WaitAsync(LiveHarness.Timeout);
        Assert.That(stored!.Queues.Select(q => q.QueueId), Is.EquivalentTo(new[] { "gz/complaints", "gz/policy-service" }), "the move is kept");
        var audited = await live.Server.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditQuery(Entity: "seat"), CancellationToken.None).WaitAsync(LiveHarness.Timeout);
        Assert.That(audited.Select(e => e.Action), Is.EquivalentTo(new[] { "seat.force-not-ready", "seat.move-queue", "seat.force-log-out" }));
    }
}
