using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Customers;
using ContactCenter.Server.Tests.Desk;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Callbacks;

/// <summary>The seat's callback desk over HTTP on the real host, and the dialer tick dialling through the bridge.</summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class CallbackDeskTests
{
    private static readonly TimeSpan Timeout = CallbackHost.Timeout;

    private static async Task<(int TaskId, string Policy, string Phone)> NewPolicyTaskAsync(CallbackHost host, int campaignId)
    {
        var customers = host.Services.GetRequiredService<CustomerQueries>();
        var customer = (await customers.GetByIdAsync(1, CancellationToken.None).WaitAsync(Timeout))!;
        var policy = (await customers.ListPoliciesAsync(1, CancellationToken.None).WaitAsync(Timeout))[0];
        var now = host.Time.GetUtcNow();
        // Priority 100: ahead of the demo policies the maintenance job queues meanwhile.
        var id = await host.Services.GetRequiredService<CallbackTaskQueries>().InsertAsync(
            new CallbackTask(0, campaignId, 1, customer.Mobile!, policy.PolicyNumber, null, now.AddMinutes(-1), now.AddDays(10), priority: 100),
            null, CancellationToken.None).WaitAsync(Timeout);
        return (id, policy.PolicyNumber, customer.Mobile!);
    }

    [Test]
    public async Task A_seat_claims_a_preview_new_policy_task_answers_the_checklist_with_one_no_and_the_result_and_mis_selling_follow_up_are_stored()
    {
        await using var host = await CallbackHost.StartAsync();
        var campaign = await host.CampaignAsync(CampaignKind.NewPolicy, DialingMode.Preview, "agent-1001");
        var check = await host.CampaignAsync(CampaignKind.MisSellingCheck, DialingMode.Preview);
        var (taskId, policy, phone) = await NewPolicyTaskAsync(host, campaign.Id);
        var (seat, _) = await host.SignInAsync(DemoLogins.SeatGuangzhou);
        var (other, _) = await host.SignInAsync("1002");

        // Claim: the task, its policy, and the new-policy checklist in both languages.
        using var claim = await seat.PostAsync("/api/desk/callbacks/preview", null).WaitAsync(Timeout);
        Assert.That(claim.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var view = await claim.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
        var items = view.GetProperty("script").GetProperty("checklist").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(view.GetProperty("taskId").GetInt32(), Is.EqualTo(taskId));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("dialing"), "claimed, waiting for the seat to dial");
            Assert.That(view.GetProperty("policy").GetProperty("policyNumber").GetString(), Is.EqualTo(policy));
            Assert.That(view.GetProperty("phone").GetString(), Is.Not.EqualTo(phone).And.Contains("****"), "the seat sees the number masked");
            Assert.That(view.GetProperty("script").GetProperty("titleZhCn").GetString(), Is.EqualTo("新契约回访"));
            Assert.That(items.Select(i => i.GetProperty("code").GetString()), Is.EqualTo(CallbackScripts.NewPolicyChecklist.Select(i => i.Code)));
            Assert.That(items[0].GetProperty("textZhCn").GetString(), Is.EqualTo("您是否是投保人本人？"));
        });

        // Own tasks only.
        using var foreign = await other.GetAsync($"/api/desk/callbacks/tasks/{taskId}").WaitAsync(Timeout);
        using var foreignSubmit = await other.PostAsJsonAsync($"/api/desk/callbacks/tasks/{taskId}/result", new { result = "reached", answers = new { } }).WaitAsync(Timeout);
        Assert.That((foreign.StatusCode, foreignSubmit.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));

        // Dial: the bridge originates the customer with the call id, then the seat.
        using var dial = await seat.PostAsync($"/api/desk/callbacks/tasks/{taskId}/dial", null).WaitAsync(Timeout);
        Assert.That(dial.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await dial.Content.ReadAsStringAsync());
        var callId = (await dial.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout)).GetProperty("callId").GetString()!;
        await LiveHarness.Until(() => host.Stage.Actions.Any(a => a.StartsWith("Action: Originate|", StringComparison.Ordinal)), "the Originate");
        // Preview: outbound-connect seat-<extension> (the dialplan dials that seat after callback-confirm), never the bare extension.
        Assert.That(host.Stage.Actions.Single(a => a.StartsWith("Action: Originate|", StringComparison.Ordinal)),
            Does.Contain("|Context: outbound-connect|Exten: seat-1001|").And.Contain(
                $"|ChannelId: {callId}|Variable: CC_CALLID={callId}|Variable: CC_INTENT=new-policy-callback|Variable: CC_SEAT=agent-1001|Variable: CC_POLICY={policy}|Async: true"));

        // A reached callback must answer every item: one missing is refused.
        var answers = CallbackScripts.NewPolicyChecklist.ToDictionary(i => i.Code, i => i.Code != "read-brochure");
        using var incomplete = await seat.PostAsJsonAsync($"/api/desk/callbacks/tasks/{taskId}/result",
            new { result = "reached", answers = answers.Where(a => a.Key != "true-intent").ToDictionary() }).WaitAsync(Timeout);
        Assert.That(incomplete.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));

        using var submit = await seat.PostAsJsonAsync($"/api/desk/callbacks/tasks/{taskId}/result",
            new { result = "reached", answers, notes = "客户表示未收到产品说明书" }).WaitAsync(Timeout);
        Assert.That(submit.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var result = await submit.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);

        var tasks = host.Services.GetRequiredService<CallbackTaskQueries>();
        var stored = (await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!;
        var attempt = (await tasks.ListAttemptsAsync(taskId, CancellationToken.None).WaitAsync(Timeout)).Single();
        var followUpId = result.GetProperty("followUpTaskId").GetInt32();
        var followUp = (await tasks.GetAsync(followUpId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("noAnswers").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "read-brochure" }));
            Assert.That((stored.Status, stored.Result, stored.SeatId), Is.EqualTo((CallbackTaskStatus.Completed, (CallbackResult?)CallbackResult.Reached, (string?)"agent-1001")));
            Assert.That((attempt.CallId, attempt.Result, attempt.Notes), Is.EqualTo((callId, (CallbackResult?)CallbackResult.Reached, (string?)"客户表示未收到产品说明书")));
            Assert.That(JsonDocument.Parse(attempt.Answers!).RootElement.GetProperty("read-brochure").GetBoolean(), Is.False);
            Assert.That((followUp.CampaignId, followUp.PolicyNumber, followUp.Source, followUp.Status),
                Is.EqualTo((check.Id, (string?)policy, CallbackTaskSource.FollowUp, CallbackTaskStatus.Pending)), "the mis-selling check is opened");
        });

        using var twice = await seat.PostAsJsonAsync($"/api/desk/callbacks/tasks/{taskId}/result", new { result = "reached", answers }).WaitAsync(Timeout);
        Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task The_dialer_tick_dials_a_progressive_task_through_the_bridge_when_the_assigned_seat_is_ready()
    {
        await using var host = await CallbackHost.StartAsync();
        var campaign = await host.CampaignAsync(CampaignKind.Claims, DialingMode.Progressive, "agent-1001");
        var (taskId, _, _) = await NewPolicyTaskAsync(host, campaign.Id);
        var (_, cookies) = await host.SignInAsync(DemoLogins.SeatGuangzhou);
        await using var harnessConnection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Address, "/hubs/agent"), options => options.Cookies = cookies).Build();
        await harnessConnection.StartAsync().WaitAsync(Timeout);
        var tasks = host.Services.GetRequiredService<CallbackTaskQueries>();
        Assert.That((await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!.Status, Is.EqualTo(CallbackTaskStatus.Pending), "no free seat: not dialled");

        await harnessConnection.InvokeAsync("LogIn", true).WaitAsync(Timeout);

        await LiveHarness.Until(() => host.Stage.Actions.Any(a => a.StartsWith("Action: Originate|", StringComparison.Ordinal)), "the tick's Originate");
        var stored = (await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.That(stored.Status, Is.EqualTo(CallbackTaskStatus.Dialing));
        Assert.That(host.Stage.Actions.Single(a => a.StartsWith("Action: Originate|", StringComparison.Ordinal)),
            Does.Contain($"|ChannelId: {stored.CallId}|").And.Contain("|Variable: CC_INTENT=claims-callback|Variable: CC_SEAT=agent-1001|"));
    }

    [TestCase(CallbackConfirm.WrongPerson, CallbackTaskStatus.Failed, CallbackResult.WrongNumber)]
    [TestCase(CallbackConfirm.Later, CallbackTaskStatus.Pending, CallbackResult.CallLater)]
    [TestCase(null, CallbackTaskStatus.Pending, CallbackResult.CallLater)]
    public async Task A_callback_that_ends_in_callback_confirm_records_the_customers_answer_and_the_end_of_the_attempt(string? answer,
        CallbackTaskStatus status, CallbackResult result)
    {
        await using var host = await CallbackHost.StartAsync();
        var campaign = await host.CampaignAsync(CampaignKind.NewPolicy, DialingMode.Preview, "agent-1001");
        var (taskId, _, _) = await NewPolicyTaskAsync(host, campaign.Id);
        var tasks = host.Services.GetRequiredService<CallbackTaskQueries>();
        var task = (await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!;
        var now = host.Time.GetUtcNow();
        var callId = $"cb-gz-{taskId}-1-test";
        task.StartAttempt("gz", "agent-1001", callId, now);
        await tasks.StartAttemptAsync(task, false, now, CancellationToken.None).WaitAsync(Timeout);
        await tasks.RecordDialStatusAsync(callId, DialStatus.Answered, null, null, CancellationToken.None).WaitAsync(Timeout);

        // What the bridge hands the contact sink when the customer leaves inside the flow: outbound, no seat, the flow's answer.
        var contact = new ContactCenter.Core.Contacts.Contact(callId, ContactCenter.Core.Contacts.ContactDirection.Outbound, "gz",
            ivrData: answer is null ? null : new Dictionary<string, string> { ["callbackResult"] = answer });
        contact.Close(ContactCenter.Core.Contacts.ContactOutcome.Abandoned, now.AddSeconds(20), TimeSpan.FromSeconds(5));
        await host.Services.GetRequiredService<ContactCenter.Server.Callbacks.CallbackCalls>().ContactClosedAsync(contact, CancellationToken.None).WaitAsync(Timeout);

        var stored = (await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!;
        var attempt = (await tasks.ListAttemptsAsync(taskId, CancellationToken.None).WaitAsync(Timeout)).Single();
        Assert.Multiple(() =>
        {
            Assert.That((stored.Status, stored.Result), Is.EqualTo((status, (CallbackResult?)result)));
            Assert.That(attempt.Result, Is.EqualTo((CallbackResult?)result));
            Assert.That(attempt.EndedAt, Is.Not.Null, "the answered attempt ends with its call");
        });
    }

    [Test]
    public async Task A_progressive_callback_taken_by_another_seat_of_the_queue_becomes_that_seats_task_with_the_customer_on_its_contact()
    {
        await using var host = await CallbackHost.StartAsync();
        var campaign = await host.CampaignAsync(CampaignKind.Claims, DialingMode.Preview, "agent-1001");
        var (taskId, policy, phone) = await NewPolicyTaskAsync(host, campaign.Id);
        var tasks = host.Services.GetRequiredService<CallbackTaskQueries>();
        var task = (await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!;
        var now = host.Time.GetUtcNow();
        var callId = $"cb-gz-{taskId}-1-other";
        task.StartAttempt("gz", "agent-1001", callId, now);
        await tasks.StartAttemptAsync(task, false, now, CancellationToken.None).WaitAsync(Timeout);

        var contact = new ContactCenter.Core.Contacts.Contact(callId, ContactCenter.Core.Contacts.ContactDirection.Outbound, "gz", seatId: "agent-1002",
            answeredAt: now.AddSeconds(10));
        await host.Services.GetRequiredService<ContactCenter.Data.Contacts.ContactQueries>().InsertAsync(contact, CancellationToken.None).WaitAsync(Timeout);
        await host.Services.GetRequiredService<ContactCenter.Server.Callbacks.CallbackCalls>().ContactSavedAsync(contact, CancellationToken.None).WaitAsync(Timeout);

        var stored = (await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!;
        var attempt = (await tasks.ListAttemptsAsync(taskId, CancellationToken.None).WaitAsync(Timeout)).Single();
        var record = (await host.Services.GetRequiredService<ContactCenter.Data.Contacts.ContactQueries>().GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.Multiple(() =>
        {
            Assert.That((stored.SeatId, attempt.SeatId), Is.EqualTo(("agent-1002", "agent-1002")));
            Assert.That((record.CallerNumber, record.CustomerId, record.PolicyNumber), Is.EqualTo((phone, (int?)1, policy)));
        });
    }
}
