using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Contacts;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Desk;

/// <summary>
/// The agent hub with the real SignalR client against the real host on SQLite, the bridge fed by fixture S1
/// (caller 13812345678 keys policy 300125, agent-1001 answers) as site gz.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class AgentHubTests
{
    private const string CallId = "site-a-1795458297.0";
    private static readonly string[] DeskMethods = ["Snapshot", "StateChanged", "CallOffered", "CallAnswered", "CallEnded", "CallCleared"];

    [Test]
    public async Task The_ringing_seat_gets_the_pop_with_the_customer_before_the_answer_then_wrap_up_and_another_seat_gets_nothing()
    {
        await using var live = await LiveHarness.StartAsync();
        var (_, seatCookies) = await live.SignInAsync(DemoLogins.SeatGuangzhou);
        var (_, otherCookies) = await live.SignInAsync("1002");
        var seat = await live.ConnectAsync("/hubs/agent", seatCookies, DeskMethods);
        var other = await live.ConnectAsync("/hubs/agent", otherCookies, DeskMethods);
        await seat.WaitForAsync("Snapshot");
        await other.WaitForAsync("Snapshot");

        await live.Stage.PlayUntilAsync("Event: AgentConnect");
        var offered = (await seat.WaitForAsync("CallOffered")).GetProperty("call");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(offered.GetProperty("callId").GetString(), Is.EqualTo(CallId));
            Assert.That(offered.GetProperty("phase").GetString(), Is.EqualTo("ringing"));
            Assert.That(offered.GetProperty("callerNumber").GetString(), Is.EqualTo("138****5678"), "a seat never gets the full number");
            Assert.That(offered.GetProperty("policyNumber").GetString(), Is.EqualTo("300125"));
            Assert.That(offered.GetProperty("ivrData").GetProperty("menu").GetString(), Is.EqualTo("complaint"));
            Assert.That(offered.GetProperty("queueName").GetString(), Is.EqualTo("投诉"));
            var match = offered.GetProperty("matches").EnumerateArray().Single();
            Assert.That(match.GetProperty("id").GetInt32(), Is.EqualTo(1), "demo customer #1: mobile 13812345678, policy 300125");
            Assert.That(match.GetProperty("matchedBy").GetString(), Is.EqualTo("policy"));
            Assert.That(match.GetProperty("mobile").GetString(), Is.EqualTo("138****5678"));
            Assert.That(match.GetProperty("idNumber").GetString(), Does.Match(@"^\d{3}\*+[\dX]{4}$"));
            Assert.That(match.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("policyNumber").GetString()), Does.Contain("300125"));
            Assert.That(seat.Of("CallAnswered"), Is.Empty, "the pop comes while the phone rings");
            Assert.That(seat.Messages.Select(m => m.Method).ToList(), Does.Contain("StateChanged"));
        }

        await live.Stage.PlayUntilAsync("Event: AgentComplete");
        var answered = (await seat.WaitForAsync("CallAnswered")).GetProperty("call");
        Assert.That(answered.GetProperty("phase").GetString(), Is.EqualTo("talking"));

        await live.Stage.PlayToEndAsync();
        var ended = (await seat.WaitForAsync("CallEnded")).GetProperty("call");
        Assert.That(ended.GetProperty("phase").GetString(), Is.EqualTo("wrap-up"));
        Assert.That(ended.GetProperty("outcome").GetString(), Is.EqualTo("answered"));
        await seat.WaitForAsync("StateChanged", m => m.GetProperty("state").GetProperty("state").GetString() == "logged-out");

        var sequence = seat.Messages.Skip(1).Select(m => m.Message.GetProperty("seq").GetInt64()).ToList();
        Assert.That(sequence, Is.EqualTo(Enumerable.Range(1, sequence.Count).Select(i => (long)i)), "deltas are numbered without gaps");
        Assert.That(other.Messages.Select(m => m.Method), Is.EqualTo(new[] { "Snapshot" }), "another seat receives nothing of this call");
    }

    [Test]
    public async Task A_refreshed_desktop_gets_the_current_call_back_and_the_wrap_up_clears_it()
    {
        await using var live = await LiveHarness.StartAsync();
        var (client, cookies) = await live.SignInAsync(DemoLogins.SeatGuangzhou);
        var first = await live.ConnectAsync("/hubs/agent", cookies, DeskMethods);
        await live.Stage.PlayUntilAsync("Event: AgentComplete");
        await first.WaitForAsync("CallAnswered");

        // The page reloads: a new connection's snapshot carries the call and the state.
        await first.Connection.StopAsync().WaitAsync(LiveHarness.Timeout);
        var second = await live.ConnectAsync("/hubs/agent", cookies, DeskMethods);
        var snapshot = await second.WaitForAsync("Snapshot");
        Assert.That(snapshot.GetProperty("state").GetProperty("state").GetString(), Is.EqualTo("on-call"));
        Assert.That(snapshot.GetProperty("call").GetProperty("callId").GetString(), Is.EqualTo(CallId));
        Assert.That(snapshot.GetProperty("call").GetProperty("phase").GetString(), Is.EqualTo("talking"));
        Assert.That(snapshot.GetProperty("wrapUpCodes").EnumerateArray().Select(c => c.GetString()), Does.Contain("投诉"));

        await live.Stage.PlayToEndAsync();
        await second.WaitForAsync("CallEnded");
        var contacts = live.Server.Services.GetRequiredService<ContactQueries>();
        await LiveHarness.Until(() => contacts.GetByCallIdAsync(CallId, CancellationToken.None).Result is { Outcome: not null }, "the closed record in the database");

        using var missingCode = await client.PostAsJsonAsync("/api/desk/wrap-up", new { callId = CallId, code = "没有这个代码" }).WaitAsync(LiveHarness.Timeout);
        Assert.That(missingCode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var saved = await client.PostAsJsonAsync("/api/desk/wrap-up", new { callId = CallId, code = "投诉", notes = "客户对理赔进度不满" }).WaitAsync(LiveHarness.Timeout);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await second.WaitForAsync("CallCleared", m => m.GetProperty("callId").GetString() == CallId);
        var stored = await contacts.GetByCallIdAsync(CallId, CancellationToken.None).WaitAsync(LiveHarness.Timeout);
        Assert.That((stored!.WrapUpCode, stored.Notes, stored.SeatId), Is.EqualTo(("投诉", "客户对理赔进度不满", "agent-1001")));
        var again = await second.Connection.InvokeAsync<JsonElement>("Snapshot").WaitAsync(LiveHarness.Timeout);
        Assert.That(again.TryGetProperty("call", out _), Is.False, "nothing left on the desktop after the wrap-up");
    }

    [Test]
    public async Task Another_seat_cannot_wrap_up_or_book_a_callback_on_a_call_it_did_not_take()
    {
        await using var live = await LiveHarness.StartAsync();
        var (seat, _) = await live.SignInAsync(DemoLogins.SeatGuangzhou);
        var (other, _) = await live.SignInAsync("1002");
        await live.Stage.PlayToEndAsync();
        var contacts = live.Server.Services.GetRequiredService<ContactQueries>();
        await LiveHarness.Until(() => contacts.GetByCallIdAsync(CallId, CancellationToken.None).Result is { Outcome: not null }, "the closed record");

        using var wrapUp = await other.PostAsJsonAsync("/api/desk/wrap-up", new { callId = CallId, code = "咨询" }).WaitAsync(LiveHarness.Timeout);
        using var callback = await other.PostAsJsonAsync("/api/desk/callbacks", new { callId = CallId, dueAt = DateTimeOffset.UtcNow.AddDays(1) }).WaitAsync(LiveHarness.Timeout);
        Assert.That((wrapUp.StatusCode, callback.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));

        // The seat that took it books a callback to the matched customer.
        using var booked = await seat.PostAsJsonAsync("/api/desk/callbacks", new { callId = CallId, customerId = 1, dueAt = DateTimeOffset.UtcNow.AddDays(1) }).WaitAsync(LiveHarness.Timeout);
        Assert.That(booked.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var stranger = await seat.PostAsJsonAsync("/api/desk/callbacks", new { callId = CallId, customerId = 2, dueAt = DateTimeOffset.UtcNow.AddDays(1) }).WaitAsync(LiveHarness.Timeout);
        Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "only a customer the call matched");

        // The booking lands in the site's preview campaign for seats' own callbacks, which the booking seat may claim and dial.
        var campaigns = live.Server.Services.GetRequiredService<ContactCenter.Data.Campaigns.CampaignQueries>();
        var manual = (await campaigns.ListAsync(CancellationToken.None).WaitAsync(LiveHarness.Timeout))
            .Single(c => c.Name == ContactCenter.Server.Desk.DeskEndpoints.ManualCampaignName && c.HomeSite == "gz");
        var assigned = await campaigns.ListSeatAssignmentsAsync(CancellationToken.None).WaitAsync(LiveHarness.Timeout);
        Assert.That((manual.Mode, assigned[manual.Id].ToList()), Is.EqualTo((ContactCenter.Core.Callbacks.DialingMode.Preview, new List<string> { "agent-1001" })));
    }

    [Test]
    public async Task State_buttons_send_the_queue_actions_and_a_reason_outside_the_list_is_refused()
    {
        await using var live = await LiveHarness.StartAsync();
        var (_, cookies) = await live.SignInAsync(DemoLogins.SeatGuangzhou);
        var seat = await live.ConnectAsync("/hubs/agent", cookies, DeskMethods);

        await seat.Connection.InvokeAsync("LogIn", true).WaitAsync(LiveHarness.Timeout);
        Assert.That(live.Stage.Actions.Where(a => a.StartsWith("Action: QueueAdd", StringComparison.Ordinal)).ToList(),
            Has.Count.EqualTo(3).And.All.Contains("MemberName: agent-1001"), "complaints, claims and policy-service of gz");
        var refused = Assert.ThrowsAsync<HubException>(() => seat.Connection.InvokeAsync("NotReady", "打游戏").WaitAsync(LiveHarness.Timeout));
        Assert.That(refused!.Message, Does.Contain("desk.error.reason"));
        await seat.Connection.InvokeAsync("NotReady", "午餐").WaitAsync(LiveHarness.Timeout);
        Assert.That(live.Stage.Actions, Does.Contain("Action: QueuePause|Interface: PJSIP/1001|Paused: true|Reason: 午餐"));
    }
}
