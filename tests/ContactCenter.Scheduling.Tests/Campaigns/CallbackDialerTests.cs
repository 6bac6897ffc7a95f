using System.Collections.Concurrent;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Scheduling.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Scheduling.Tests.Campaigns;

/// <summary>Fake dialer: answers with a scripted outcome per phone number and records every request.</summary>
internal sealed class FakeDialer : ICallbackDialer
{
    public ConcurrentQueue<DialRequest> Requests { get; } = new();

    public Func<DialRequest, DialOutcome> Answer { get; set; } = _ => new DialOutcome(DialStatus.NoAnswer);

    public Task<DialOutcome> DialAsync(DialRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Task.FromResult(Answer(request));
    }
}

internal sealed class FakeSeats(params FreeSeat[] seats) : ISeatAvailability
{
    public List<FreeSeat> Seats { get; } = [.. seats];

    public IReadOnlyList<FreeSeat> FreeSeats() => Seats;
}

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class CallbackDialerTests(string provider)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Tuesday 2025-09-30 10:00 in China.
    private static readonly DateTimeOffset Tuesday10 = new(2025, 9, 30, 2, 0, 0, TimeSpan.Zero);
    private SchedulingDatabase _db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _db = await SchedulingDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private async Task<Campaign> CampaignAsync(CampaignKind kind, DialingMode mode, params string[] seats)
    {
        var id = await _db.Campaigns.InsertAsync(new Campaign(0, kind + Guid.NewGuid().ToString("N")[..6], kind, "gz",
            new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0)), 3, mode: mode), CancellationToken.None).WaitAsync(Timeout);
        await _db.Campaigns.AssignSeatsAsync(id, seats, CancellationToken.None).WaitAsync(Timeout);
        return (await _db.Campaigns.GetAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
    }

    private async Task<int> TaskAsync(int campaignId, string phone, DateTimeOffset due) =>
        await _db.Tasks.InsertAsync(new CallbackTask(0, campaignId, null, phone, null, null, due, due.AddDays(10)), null, CancellationToken.None).WaitAsync(Timeout);

    private CallbackDialer Dialer(FakeDialer dialer, FakeSeats seats, FakeTimeProvider time) =>
        new(_db.Campaigns, _db.Tasks, dialer, seats, Options.Create(new DialerOptions()), time, NullLogger<CallbackDialer>.Instance);

    private async Task DeleteOtherCampaignsWorkAsync()
    {
        // Each test owns its campaigns; earlier tests' campaigns keep no pending task.
        await using var connection = await _db.Factory.OpenAsync(CancellationToken.None);
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE callback_tasks SET status = 'cancelled' WHERE status = 'pending'");
    }

    [Test]
    public async Task A_progressive_call_is_sent_to_the_queue_of_its_kind_and_a_preview_call_to_the_seat_that_dialled()
    {
        await DeleteOtherCampaignsWorkAsync();
        var time = new FakeTimeProvider(Tuesday10);
        var progressive = await CampaignAsync(CampaignKind.ComplaintResolution, DialingMode.Progressive, "agent-1001");
        await _db.Tasks.InsertAsync(new CallbackTask(0, progressive.Id, null, "13900000101", null, null, Tuesday10.AddMinutes(-5), null), null, CancellationToken.None)
            .WaitAsync(Timeout);
        var fake = new FakeDialer { Answer = _ => new DialOutcome(DialStatus.Answered) };
        var dialer = Dialer(fake, new FakeSeats(new FreeSeat("agent-1001", "gz", "1001")), time);
        await Task.WhenAll((await dialer.TickAsync(CancellationToken.None).WaitAsync(Timeout)).Dials).WaitAsync(Timeout);

        var preview = await CampaignAsync(CampaignKind.NewPolicy, DialingMode.Preview, "agent-2001");
        var task = new CallbackTask(0, preview.Id, null, "13900000102", null, null, Tuesday10.AddMinutes(-5), null);
        var taskId = await _db.Tasks.InsertAsync(task, null, CancellationToken.None).WaitAsync(Timeout);
        var stored = (await _db.Tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(Timeout))!;
        await (await dialer.DialClaimedAsync(preview, stored, new FreeSeat("agent-2001", "sh", "2001"), CancellationToken.None).WaitAsync(Timeout)).WaitAsync(Timeout);

        var sent = fake.Requests.Select(r => r.ToOriginate(new DialerOptions()).Headers.Where(h => h.Key is "Context" or "Exten").Select(h => h.Value).ToList()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sent[0], Is.EqualTo(new[] { "outbound-connect", DialRequest.QueueByKind }), "progressive: callback-confirm picks the queue from CC_INTENT");
            Assert.That(sent[1], Is.EqualTo(new[] { "outbound-connect", "seat-2001" }), "preview: outbound-connect seat-<extension>, the seat that dialled");
            Assert.That(fake.Requests.Select(r => r.Intent), Is.EqualTo(new[] { "complaint-resolution-callback", "new-policy-callback" }));
        });
    }

    [Test]
    public void The_originate_carries_the_seat_and_the_policy_of_the_task()
    {
        var action = new DialRequest("gz", "cb-1", "13900000001", "agent-1001", "1001", null, "new-policy-callback", "P2025000001").ToOriginate(new DialerOptions());
        Assert.That(action.Headers.Where(h => h.Key == "Variable").Select(h => h.Value), Is.EqualTo(new[]
        {
            "CC_CALLID=cb-1", "CC_INTENT=new-policy-callback", "CC_SEAT=agent-1001", "CC_POLICY=P2025000001",
        }));
        Assert.That(action.Headers.Single(h => h.Key == "Exten").Value, Is.EqualTo("seat-1001"));
    }

    [Test]
    public async Task Progressive_dialing_places_one_call_per_free_assigned_seat_and_overflows_to_another_site()
    {
        await DeleteOtherCampaignsWorkAsync();
        var time = new FakeTimeProvider(Tuesday10);
        var campaign = await CampaignAsync(CampaignKind.Claims, DialingMode.Progressive, "agent-1001", "agent-2001", "agent-2002");
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await TaskAsync(campaign.Id, $"1390000{i:D4}", Tuesday10.AddMinutes(-10 - i)));
        }

        var fake = new FakeDialer { Answer = _ => new DialOutcome(DialStatus.Answered) };
        // agent-1002 is free but not assigned; agent-1001 (home gz) and the two sh seats are.
        var seats = new FakeSeats(new("agent-1002", "gz", "1002"), new("agent-2001", "sh", "2001"), new("agent-1001", "gz", "1001"), new("agent-2002", "sh", "2002"));
        var dialer = Dialer(fake, seats, time);

        var report = await dialer.TickAsync(CancellationToken.None).WaitAsync(Timeout);
        await Task.WhenAll(report.Dials).WaitAsync(Timeout);

        var requests = fake.Requests.ToList();
        var first = (await _db.Tasks.GetAsync(ids[4], CancellationToken.None).WaitAsync(Timeout))!;
        var attempts = await _db.Tasks.ListAttemptsAsync(ids[3], CancellationToken.None).WaitAsync(Timeout);
        Assert.Multiple(() =>
        {
            Assert.That((report.Claimed, report.Dialed), Is.EqualTo((3, 3)));
            Assert.That(requests.Select(r => r.SeatId), Is.EqualTo(new[] { "agent-1001", "agent-2001", "agent-2002" }), "home site first");
            Assert.That(requests.Select(r => r.CallId).Distinct().Count(), Is.EqualTo(3));
            Assert.That((first.Status, first.DialedSite, first.SeatId, first.Attempts), Is.EqualTo((CallbackTaskStatus.Dialing, (string?)"gz", (string?)"agent-1001", 1)),
                "answered: waits for the seat's form");
            Assert.That((attempts.Single().SiteCode, attempts.Single().Overflowed, attempts.Single().DialStatus), Is.EqualTo(("sh", true, (DialStatus?)DialStatus.Answered)));
            Assert.That(requests[0].Intent, Is.EqualTo("claims-callback"));
        });
    }

    [Test]
    public async Task Busy_and_no_answer_schedule_retries_and_do_not_call_numbers_are_never_dialed()
    {
        await DeleteOtherCampaignsWorkAsync();
        var time = new FakeTimeProvider(Tuesday10);
        var campaign = await CampaignAsync(CampaignKind.Satisfaction, DialingMode.Progressive, "agent-1001", "agent-1002");
        var busy = await TaskAsync(campaign.Id, "13911110001", Tuesday10.AddMinutes(-3));
        var silent = await TaskAsync(campaign.Id, "13911110002", Tuesday10.AddMinutes(-2));
        var blocked = await TaskAsync(campaign.Id, "13911110003", Tuesday10.AddMinutes(-1));
        await _db.Campaigns.AddDoNotCallAsync("13911110003", "test", Tuesday10, CancellationToken.None).WaitAsync(Timeout);
        var fake = new FakeDialer
        {
            Answer = r => r.Phone.EndsWith('1') ? new DialOutcome(DialStatus.Busy, 17) : new DialOutcome(DialStatus.NoAnswer),
        };
        var dialer = Dialer(fake, new FakeSeats(new("agent-1001", "gz", "1001"), new("agent-1002", "gz", "1002")), time);

        var report = await dialer.TickAsync(CancellationToken.None).WaitAsync(Timeout);
        await Task.WhenAll(report.Dials).WaitAsync(Timeout);
        var again = await dialer.TickAsync(CancellationToken.None).WaitAsync(Timeout);

        var b = (await _db.Tasks.GetAsync(busy, CancellationToken.None).WaitAsync(Timeout))!;
        var s = (await _db.Tasks.GetAsync(silent, CancellationToken.None).WaitAsync(Timeout))!;
        var d = (await _db.Tasks.GetAsync(blocked, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.Multiple(() =>
        {
            Assert.That((b.Status, b.Result, b.NextAttemptAt), Is.EqualTo((CallbackTaskStatus.Pending, (CallbackResult?)CallbackResult.Busy, (DateTimeOffset?)Tuesday10.AddMinutes(15))));
            Assert.That((s.Status, s.Result, s.NextAttemptAt), Is.EqualTo((CallbackTaskStatus.Pending, (CallbackResult?)CallbackResult.NoAnswer, (DateTimeOffset?)Tuesday10.AddHours(2))));
            Assert.That((d.Status, d.Result, d.Attempts), Is.EqualTo((CallbackTaskStatus.Failed, (CallbackResult?)CallbackResult.DoNotCall, 0)));
            Assert.That(fake.Requests.Select(r => r.Phone), Does.Not.Contain("13911110003"));
            Assert.That((report.Dialed, again.Dialed, again.Blocked), Is.EqualTo((2, 0, 1)), "two seats: the blocked task comes in the second tick; retries are not due yet");
        });
    }

    [Test]
    public async Task Nothing_is_dialed_outside_the_calling_window()
    {
        await DeleteOtherCampaignsWorkAsync();
        var evening = Tuesday10.AddHours(11); // 21:00 in China
        var campaign = await CampaignAsync(CampaignKind.Claims, DialingMode.Progressive, "agent-1001");
        _ = await TaskAsync(campaign.Id, "13922220001", evening.AddHours(-1));
        var fake = new FakeDialer();

        var report = await Dialer(fake, new FakeSeats(new FreeSeat("agent-1001", "gz", "1001")), new FakeTimeProvider(evening)).TickAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That((report.Claimed, fake.Requests.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task A_new_policy_callback_with_a_no_opens_a_mis_selling_check_and_the_kpis_follow_the_results()
    {
        await DeleteOtherCampaignsWorkAsync();
        var time = new FakeTimeProvider(Tuesday10);
        var newPolicy = await CampaignAsync(CampaignKind.NewPolicy, DialingMode.Preview, "agent-1001");
        var check = await CampaignAsync(CampaignKind.MisSellingCheck, DialingMode.Preview);
        var desk = new CallbackDesk(_db.Campaigns, _db.Tasks, time, NullLogger<CallbackDesk>.Instance);
        var fake = new FakeDialer { Answer = _ => new DialOutcome(DialStatus.Answered) };
        var dialer = Dialer(fake, new FakeSeats(), time);
        var seat = new FreeSeat("agent-1001", "gz", "1001");
        var results = new[] { true, true, true, false };
        var taskIds = new List<int>();
        foreach (var allYes in results)
        {
            taskIds.Add(await TaskAsync(newPolicy.Id, "1393333" + taskIds.Count.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Tuesday10.AddMinutes(-1)));
        }

        var followUps = new List<int?>();
        foreach (var allYes in results)
        {
            var view = (await desk.ClaimPreviewAsync("agent-1001", CancellationToken.None).WaitAsync(Timeout))!;
            await (await dialer.DialClaimedAsync(view.Campaign, view.Task, seat, CancellationToken.None).WaitAsync(Timeout)).WaitAsync(Timeout);
            var call = (await desk.GetCallAsync(fake.Requests.Last().CallId, CancellationToken.None).WaitAsync(Timeout))!;
            var answers = call.Script.Checklist.ToDictionary(i => i.Code, i => allYes || i.Code != "is-policyholder");
            var submitted = await desk.SubmitResultAsync(new CallbackResultForm(call.Task.Id, CallbackResult.Reached, answers), CancellationToken.None).WaitAsync(Timeout);
            followUps.Add(submitted.FollowUpTaskId);
        }

        var unreached = await TaskAsync(newPolicy.Id, "13933339999", Tuesday10.AddMinutes(-1));
        var counts = await _db.Tasks.CountKpisAsync(Tuesday10.AddDays(-1), Tuesday10, CancellationToken.None).WaitAsync(Timeout);
        var kpis = CallbackKpis.From(counts.Sum(c => c.Due), counts.Sum(c => c.Reached),
            counts.Where(c => c.Kind == CampaignKind.NewPolicy).Sum(c => c.Due), counts.Where(c => c.Kind == CampaignKind.NewPolicy).Sum(c => c.Reached));
        var followUp = (await _db.Tasks.GetAsync(followUps[3]!.Value, CancellationToken.None).WaitAsync(Timeout))!;

        Assert.Multiple(() =>
        {
            Assert.That(followUps.Take(3), Is.All.Null);
            Assert.That((followUp.CampaignId, followUp.Source, followUp.Phone), Is.EqualTo((check.Id, CallbackTaskSource.FollowUp, "13933330003")));
            Assert.That((kpis.NewPolicyDue, kpis.NewPolicyReached), Is.EqualTo((5, 4)), $"the unreached task {unreached} counts as due");
            Assert.That(kpis.NewPolicyRate, Is.EqualTo(0.8).Within(1e-9));
            Assert.That(kpis.MeetsNewPolicyTarget, Is.False);
            Assert.That((kpis.Due, kpis.Reached), Is.EqualTo((6, 4)), "the follow-up task is due too");
        });
    }

    [Test]
    public async Task Sources_create_automatic_tasks_once_and_the_csv_import_reports_rejected_rows()
    {
        var time = new FakeTimeProvider(Tuesday10);
        var complaints = await CampaignAsync(CampaignKind.ComplaintResolution, DialingMode.Progressive);
        var sources = new CallbackTaskSources(_db.Campaigns, _db.Tasks, time);
        await _db.Campaigns.AddDoNotCallAsync("13944440009", null, Tuesday10, CancellationToken.None).WaitAsync(Timeout);

        var claims = await CampaignAsync(CampaignKind.Claims, DialingMode.Progressive);
        var first = await sources.ClaimClosedAsync("CLM-4242", null, "13944440001", null, CancellationToken.None).WaitAsync(Timeout);
        var again = await sources.ClaimClosedAsync("CLM-4242", null, "13944440001", null, CancellationToken.None).WaitAsync(Timeout);
        var blockedClaim = await sources.ClaimClosedAsync("CLM-4243", null, "13944440009", null, CancellationToken.None).WaitAsync(Timeout);
        var csv = string.Join('\n',
            "phone,due_at,deadline,policy_number,customer_id,priority,time_zone",
            "13944440002,2025-10-09T09:00:00+08:00,2025-10-20T20:00:00+08:00,,,5,",
            ",2025-10-09T09:00:00+08:00,,,,,",
            "13944440003,yesterday,,,,,",
            "13944440004,2025-10-09T09:00:00+08:00,2025-10-01T09:00:00+08:00,,,,",
            "13944440005,,,,,,Mars/Olympus",
            "13944440002,,,,,,",
            "13944440009,,,,,,",
            "13944440006,,,,,,Asia/Urumqi");
        var report = await sources.ImportCsvAsync(complaints.Id, new StringReader(csv), CancellationToken.None).WaitAsync(Timeout);
        var imported = (await _db.Tasks.GetAsync(report.ImportedTaskIds[0], CancellationToken.None).WaitAsync(Timeout))!;

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Null);
            Assert.That(again, Is.EqualTo(first));
            Assert.That(blockedClaim, Is.Null, "a number on the do-not-call list gets no task");
            Assert.That(report.ImportedTaskIds, Has.Count.EqualTo(2));
            Assert.That(report.Rejected.Select(r => r.Line), Is.EqualTo(new[] { 3, 4, 5, 6, 7, 8 }));
            Assert.That(report.Rejected[0].Reason, Does.Contain("phone"));
            Assert.That(report.Rejected[2].Reason, Does.Contain("deadline"));
            Assert.That(report.Rejected[4].Reason, Does.Contain("already in this file"));
            Assert.That(report.Rejected[5].Reason, Does.Contain("do-not-call"));
            Assert.That((imported.Source, imported.Priority, imported.Deadline), Is.EqualTo((CallbackTaskSource.Import, 5, (DateTimeOffset?)new DateTimeOffset(2025, 10, 20, 12, 0, 0, TimeSpan.Zero))));
        });
    }
}
