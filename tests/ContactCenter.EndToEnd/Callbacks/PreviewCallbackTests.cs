using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Core.Callbacks;
using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd.Callbacks;

/// <summary>
/// Callbacks (回访) on two real Asterisk sites: a seat claims a preview task on the desk API and dials it, the customer's
/// phone (a sipp UAS on the carrier trunk) answers, busy or rings, and callback-confirm runs; a progressive campaign
/// dials by itself. Each test checks the task, its attempt row and the contact record.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PreviewCallbackTests
{
    private CenterFixture _center = null!;
    private readonly List<Sipp> _customers = [];

    [OneTimeSetUp]
    public async Task StartAsync() => _center = await CenterFixture.StartAsync(new Dictionary<string, string?>
    {
        ["Scheduling:Dialer:RingTimeout"] = "00:00:08",
        ["Scheduling:Dialer:TickInterval"] = "00:00:01",
    });

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_center is not null)
        {
            await _center.DisposeAsync();
        }
    }

    [TearDown]
    public async Task ResetAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(_center.Diagnostics());
            foreach (var customer in _customers)
            {
                await TestContext.Out.WriteLineAsync(customer.Errors());
            }
        }

        foreach (var customer in _customers)
        {
            await customer.DisposeAsync();
        }

        _customers.Clear();
        await _center.ResetAsync();
    }

    [Test]
    public async Task A_preview_callback_the_customer_confirms_rings_the_seat_that_dialled_and_is_an_outbound_contact_with_the_customer()
    {
        var seat = await _center.SeatAsync(_center.Gz, "1001", SippScenario.Answering(ringMs: 800).HangUpWithin(3000));
        var task = await _center.CreateAsync(_center.Gz, "1001", CampaignKind.Claims, DialingMode.Preview);
        Customer(_center.Gz, ConfirmingCustomer());

        var (claimed, callId) = await ClaimAndDialAsync(seat, task);
        var offered = await seat.Desk.WaitForAsync("CallOffered");
        Assert.That(offered.GetProperty("call").GetProperty("callId").GetString(), Is.EqualTo(callId), "the seat that dialled rings for its own callback");

        await CenterFixture.UntilAsync(async () => (await _center.ContactAsync(callId))?.EndedAt is not null, "the callback's contact record closes", TimeSpan.FromSeconds(60));
        var contact = (await _center.ContactAsync(callId))!;
        Assert.Multiple(() =>
        {
            Assert.That(contact.Direction, Is.EqualTo("outbound"));
            Assert.That(contact.Outcome, Is.EqualTo("answered"));
            Assert.That(contact.SeatId, Is.EqualTo(task.SeatId));
            Assert.That(contact.CallerNumber, Is.EqualTo(task.Phone), "the number called");
            Assert.That(contact.CustomerId, Is.EqualTo(task.CustomerId));
            Assert.That(contact.PolicyNumber, Is.EqualTo(task.PolicyNumber));
            Assert.That(contact.RecordingFile, Is.Not.Null.And.Not.Empty);
        });

        await CenterFixture.UntilAsync(async () => (await _center.AttemptsAsync(task.TaskId)).SingleOrDefault()?.EndedAt is not null, "the attempt's end");
        var attempt = (await _center.AttemptsAsync(task.TaskId)).Single();
        Assert.That((attempt.DialStatus, attempt.SeatId, attempt.CallId), Is.EqualTo(("answered", task.SeatId, callId)));
        Assert.That((await _center.TaskAsync(task.TaskId)).Status, Is.EqualTo("dialing"), "the seat's result form is still to come");

        var answers = claimed.GetProperty("script").GetProperty("checklist").EnumerateArray().ToDictionary(i => i.GetProperty("code").GetString()!, _ => true);
        using var submit = await seat.Client.PostAsJsonAsync($"/api/desk/callbacks/tasks/{task.TaskId}/result", new { result = "reached", answers });
        Assert.That(submit.StatusCode, Is.EqualTo(HttpStatusCode.OK), await submit.Content.ReadAsStringAsync());
        var stored = await _center.TaskAsync(task.TaskId);
        Assert.That((stored.Status, stored.Result), Is.EqualTo(("completed", "reached")));
        Assert.That((await _center.AttemptsAsync(task.TaskId)).Single().Result, Is.EqualTo("reached"));
    }

    [Test]
    public async Task A_busy_customer_is_a_busy_attempt_retried_later_and_the_seat_hears_why()
    {
        var seat = await _center.SeatAsync(_center.Gz, "1002", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        var task = await _center.CreateAsync(_center.Gz, "1002", CampaignKind.NewPolicy, DialingMode.Preview);
        Customer(_center.Gz, SippScenario.Refusing(486, "Busy Here"));
        var desk = await DeskEventsAsync("1002");

        var (_, callId) = await ClaimAndDialAsync(seat, task);
        await CenterFixture.UntilAsync(async () => (await _center.TaskAsync(task.TaskId)).Status != "dialing", "the task's result", TimeSpan.FromSeconds(40));
        var stored = await _center.TaskAsync(task.TaskId);
        Assert.That((stored.Status, stored.Result), Is.EqualTo(("pending", "busy")), "busy is retried after the campaign's delay");
        var attempt = (await _center.AttemptsAsync(task.TaskId)).Single();
        Assert.That((attempt.DialStatus, attempt.Result, attempt.EndedAt is not null), Is.EqualTo(("busy", "busy", true)));
        Assert.That(await _center.ContactAsync(callId), Is.Null, "nobody answered: no contact record");
        var failed = await desk.WaitForAsync("CallbackDialFailed");
        Assert.That((failed.GetProperty("callId").GetString(), failed.GetProperty("reason").GetString()), Is.EqualTo((callId, "busy")));
    }

    [Test]
    public async Task A_customer_who_does_not_answer_is_a_no_answer_attempt_and_the_seat_hears_why()
    {
        var seat = await _center.SeatAsync(_center.Gz, "1003", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        var task = await _center.CreateAsync(_center.Gz, "1003", CampaignKind.ComplaintResolution, DialingMode.Preview);
        Customer(_center.Gz, SippScenario.RingingForever());
        var desk = await DeskEventsAsync("1003");

        var (_, callId) = await ClaimAndDialAsync(seat, task);
        await CenterFixture.UntilAsync(async () => (await _center.TaskAsync(task.TaskId)).Status != "dialing", "the task's result", TimeSpan.FromSeconds(60));
        var stored = await _center.TaskAsync(task.TaskId);
        Assert.That((stored.Status, stored.Result), Is.EqualTo(("pending", "no-answer")));
        var attempt = (await _center.AttemptsAsync(task.TaskId)).Single();
        Assert.That((attempt.DialStatus, attempt.Result, attempt.EndedAt is not null), Is.EqualTo(("no-answer", "no-answer", true)));
        Assert.That(await _center.ContactAsync(callId), Is.Null);
        var failed = await desk.WaitForAsync("CallbackDialFailed");
        Assert.That(failed.GetProperty("reason").GetString(), Is.EqualTo("no-answer"));
    }

    [Test]
    public async Task A_customer_who_hangs_up_inside_callback_confirm_closes_the_contact_and_the_task_is_called_again_later()
    {
        var seat = await _center.SeatAsync(_center.Gz, "1004", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        var task = await _center.CreateAsync(_center.Gz, "1004", CampaignKind.Satisfaction, DialingMode.Preview);
        Customer(_center.Gz, SippScenario.Answering(300).HangUpWithin(_center.Ms("callback-confirm", "intro") / 2 + 500));

        var (_, callId) = await ClaimAndDialAsync(seat, task);
        await CenterFixture.UntilAsync(async () => (await _center.ContactAsync(callId))?.EndedAt is not null, "the contact closes", TimeSpan.FromSeconds(40));
        var contact = (await _center.ContactAsync(callId))!;
        Assert.Multiple(() =>
        {
            Assert.That(contact.Direction, Is.EqualTo("outbound"));
            Assert.That(contact.Outcome, Is.EqualTo("abandoned"));
            Assert.That(contact.SeatId, Is.Null, "no seat took it");
            Assert.That(contact.CustomerId, Is.EqualTo(task.CustomerId));
        });
        await CenterFixture.UntilAsync(async () => (await _center.TaskAsync(task.TaskId)).Status != "dialing", "the task's result");
        var stored = await _center.TaskAsync(task.TaskId);
        Assert.That((stored.Status, stored.Result), Is.EqualTo(("pending", "call-later")));
        var attempt = (await _center.AttemptsAsync(task.TaskId)).Single();
        Assert.That((attempt.DialStatus, attempt.Result, attempt.EndedAt is not null), Is.EqualTo(("answered", "call-later", true)));
    }

    [Test]
    public async Task A_customer_who_says_wrong_person_fails_the_task_as_a_wrong_number()
    {
        var seat = await _center.SeatAsync(_center.Gz, "1005", SippScenario.Answering(ringMs: 500).HangUpWithin(2000));
        var task = await _center.CreateAsync(_center.Gz, "1005", CampaignKind.NewPolicy, DialingMode.Preview);
        var intro = _center.Ms("callback-confirm", "intro");
        var confirm = _center.Ms("callback-confirm", "confirmIdentity");
        Customer(_center.Gz, SippScenario.Answering(300).Pause(intro + Math.Min(confirm / 2, 1500) + 700).Keys("2").WaitForHangUp());

        var (_, callId) = await ClaimAndDialAsync(seat, task);
        await CenterFixture.UntilAsync(async () => (await _center.TaskAsync(task.TaskId)).Status != "dialing", "the task's result", TimeSpan.FromSeconds(60));
        var stored = await _center.TaskAsync(task.TaskId);
        Assert.That((stored.Status, stored.Result), Is.EqualTo(("failed", "wrong-number")));
        Assert.That((await _center.AttemptsAsync(task.TaskId)).Single().Result, Is.EqualTo("wrong-number"));
        await CenterFixture.UntilAsync(async () => (await _center.ContactAsync(callId))?.EndedAt is not null, "the contact closes");
        Assert.That((await _center.ContactAsync(callId))!.Direction, Is.EqualTo("outbound"));
    }

    [Test]
    public async Task A_progressive_campaign_dials_by_itself_and_queues_the_confirmed_customer_in_the_kinds_queue()
    {
        var task = await _center.CreateAsync(_center.Gz, "1006", CampaignKind.ComplaintResolution, DialingMode.Progressive);
        Customer(_center.Gz, ConfirmingCustomer());
        var seat = await _center.SeatAsync(_center.Gz, "1006", SippScenario.Answering(ringMs: 800).HangUpWithin(3000));
        await _center.AssignAsync(task);

        var offered = await seat.Desk.WaitForAsync("CallOffered");
        var callId = offered.GetProperty("call").GetProperty("callId").GetString()!;
        await CenterFixture.UntilAsync(async () => (await _center.ContactAsync(callId))?.EndedAt is not null, "the contact closes", TimeSpan.FromSeconds(60));
        var contact = (await _center.ContactAsync(callId))!;
        Assert.Multiple(() =>
        {
            Assert.That(contact.Direction, Is.EqualTo("outbound"));
            Assert.That(contact.Outcome, Is.EqualTo("answered"));
            Assert.That(contact.QueueId, Does.EndWith("complaints"), "complaint-resolution callbacks go to the complaints queue");
            Assert.That(contact.SeatId, Is.EqualTo(task.SeatId));
            Assert.That(contact.CallerNumber, Is.EqualTo(task.Phone));
            Assert.That(contact.CustomerId, Is.EqualTo(task.CustomerId));
        });
        await CenterFixture.UntilAsync(async () => (await _center.AttemptsAsync(task.TaskId)).SingleOrDefault()?.EndedAt is not null, "the attempt's end");
        var attempt = (await _center.AttemptsAsync(task.TaskId)).Single();
        Assert.That((attempt.DialStatus, attempt.CallId), Is.EqualTo(("answered", callId)));
        Assert.That((await _center.TaskAsync(task.TaskId)).Status, Is.EqualTo("dialing"), "waiting for the seat's result form");
    }

    /// <summary>Answers, says "I am the policyholder" (1) and "talk to a seat now" (1), then stays until hung up.</summary>
    private SippScenario ConfirmingCustomer()
    {
        var intro = _center.Ms("callback-confirm", "intro");
        var confirm = _center.Ms("callback-confirm", "confirmIdentity");
        var offer = _center.Ms("callback-confirm", "offerSeat");
        return SippScenario.Answering(500)
            .Pause(intro + Math.Min(confirm / 2, 1500) + 700).Keys("1")
            .Pause(Math.Min(offer / 2, 1500) + 700).Keys("1")
            .WaitForHangUp();
    }

    private void Customer(SitePlan site, SippScenario scenario) => _customers.Add(Sipp.Phone(_center, site.CustomerPort, scenario));

    private static async Task<(JsonElement Claimed, string CallId)> ClaimAndDialAsync(Seat seat, CallbackCampaigns.TestTask task)
    {
        using var claim = await seat.Client.PostAsync("/api/desk/callbacks/preview", null);
        Assert.That(claim.StatusCode, Is.EqualTo(HttpStatusCode.OK), await claim.Content.ReadAsStringAsync());
        var claimed = await claim.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(claimed.GetProperty("taskId").GetInt32(), Is.EqualTo(task.TaskId));
        await Task.Delay(150);
        using var dial = await seat.Client.PostAsync($"/api/desk/callbacks/tasks/{task.TaskId}/dial", null);
        Assert.That(dial.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await dial.Content.ReadAsStringAsync());
        var callId = (await dial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("callId").GetString()!;
        return (claimed, callId);
    }

    /// <summary>A second desk connection of the seat that records the callback messages.</summary>
    private async Task<ContactCenter.Testing.HubRecorder> DeskEventsAsync(string login)
    {
        var (_, cookies) = await _center.SignInAsync(login);
        return await _center.ConnectAsync("/hubs/agent", cookies, "CallbackDialFailed");
    }
}
