using System.Collections.Concurrent;
using ContactCenter.Core;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Dialects;

namespace ContactCenter.Data.Tests.Campaigns;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class CallbackTaskQueriesTests(string provider) : DatabaseFixture(provider)
{
    private static readonly CallingWindow AllDay = new(new TimeOnly(0, 0), new TimeOnly(23, 59));
    private CampaignQueries _campaigns = null!;
    private CallbackTaskQueries _tasks = null!;

    [OneTimeSetUp]
    public async Task Setup()
    {
        await TestData.EnsureSitesAsync(Db);
        _campaigns = new CampaignQueries(Db);
        _tasks = new CallbackTaskQueries(Db);
    }

    private DateTimeOffset Now => Time.GetUtcNow();

    private async Task<int> NewCampaignAsync(DialingMode mode = DialingMode.Progressive) =>
        await _campaigns.InsertAsync(new Campaign(0, Unique("回访"), CampaignKind.NewPolicy, TestData.Guangzhou, AllDay, 3, mode: mode), CancellationToken.None)
            .WaitAsync(Timeout);

    private async Task<int> NewTaskAsync(int campaignId, DateTimeOffset due, int priority = 0, DateTimeOffset? deadline = null) =>
        await _tasks.InsertAsync(new CallbackTask(0, campaignId, null, "13800000000", null, null, due, deadline, priority), null, CancellationToken.None)
            .WaitAsync(Timeout);

    [Test]
    public async Task A_campaign_reads_back_with_its_dialing_rules_and_seats()
    {
        var retry = new RetryPolicy(TimeSpan.FromMinutes(90), null, TimeSpan.FromMinutes(20), TimeSpan.FromDays(1), TimeSpan.FromMinutes(45));
        var id = await _campaigns.InsertAsync(
            new Campaign(0, "理赔回访", CampaignKind.Claims, TestData.Shanghai, new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0)), 4,
                mode: DialingMode.Preview, retry: retry, timeZoneId: "Asia/Urumqi", connectExtension: "claims"),
            CancellationToken.None).WaitAsync(Timeout);
        await _campaigns.AssignSeatsAsync(id, [TestData.ShSeat, TestData.GzSeat, TestData.ShSeat], CancellationToken.None).WaitAsync(Timeout);

        var campaign = (await _campaigns.GetAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var seats = await _campaigns.ListSeatAssignmentsAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That((campaign.Kind, campaign.HomeSite, campaign.Mode, campaign.TimeZoneId, campaign.ConnectExtension, campaign.MaxAttempts),
                Is.EqualTo((CampaignKind.Claims, TestData.Shanghai, DialingMode.Preview, "Asia/Urumqi", (string?)"claims", 4)));
            Assert.That(campaign.Retry, Is.EqualTo(retry));
            Assert.That(campaign.Window, Is.EqualTo(new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0))));
            Assert.That(seats[id].Order(), Is.EqualTo(new[] { TestData.GzSeat, TestData.ShSeat }));
        });
    }

    [Test]
    public async Task The_claim_takes_due_tasks_by_priority_then_earliest_deadline_and_never_twice()
    {
        var campaign = await NewCampaignAsync();
        var low = await NewTaskAsync(campaign, Now.AddHours(-3));
        var lateDeadline = await NewTaskAsync(campaign, Now.AddHours(-2), priority: 5, deadline: Now.AddDays(10));
        var earlyDeadline = await NewTaskAsync(campaign, Now.AddHours(-1), priority: 5, deadline: Now.AddDays(2));
        _ = await NewTaskAsync(campaign, Now.AddHours(1), priority: 9);
        _ = await NewTaskAsync(campaign, Now.AddDays(-5), priority: 9, deadline: Now.AddDays(-1));

        var first = await _tasks.ClaimAsync(campaign, 2, Now, CancellationToken.None).WaitAsync(Timeout);
        var second = await _tasks.ClaimAsync(campaign, 5, Now, CancellationToken.None).WaitAsync(Timeout);
        var third = await _tasks.ClaimAsync(campaign, 5, Now, CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(t => t.Id), Is.EqualTo(new[] { earlyDeadline, lateDeadline }));
            Assert.That(second.Select(t => t.Id), Is.EqualTo(new[] { low }), "the future task and the one past its deadline are not claimed");
            Assert.That(third, Is.Empty);
            Assert.That(first.All(t => t.Status == CallbackTaskStatus.Pending && t.Version == 2), Is.True, "returned as before the claim, new version");
        });
    }

    [Test]
    public async Task An_attempt_is_recorded_from_claim_to_submitted_result()
    {
        var campaignId = await NewCampaignAsync();
        var campaign = (await _campaigns.GetAsync(campaignId, CancellationToken.None).WaitAsync(Timeout))!;
        var id = await NewTaskAsync(campaignId, Now.AddMinutes(-5));
        var task = (await _tasks.ClaimAsync(campaignId, 1, Now, CancellationToken.None).WaitAsync(Timeout)).Single();
        var callId = Unique("cb");

        task.StartAttempt(TestData.Shanghai, TestData.ShSeat, callId, Now);
        await _tasks.StartAttemptAsync(task, overflowed: true, Now, CancellationToken.None).WaitAsync(Timeout);
        await _tasks.RecordDialStatusAsync(callId, DialStatus.Answered, null, null, CancellationToken.None).WaitAsync(Timeout);
        var found = (await _tasks.FindByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;
        found.RecordAttempt(CallbackResult.Reached, Now.AddMinutes(3), campaign, null);
        await _tasks.RecordResultAsync(found, "{\"is-policyholder\":true}", "ok", CancellationToken.None).WaitAsync(Timeout);

        var stored = (await _tasks.GetAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var attempt = (await _tasks.ListAttemptsAsync(id, CancellationToken.None).WaitAsync(Timeout)).Single();
        Assert.Multiple(() =>
        {
            Assert.That((stored.Status, stored.Result, stored.Attempts, stored.DialedSite, stored.SeatId, stored.CallId),
                Is.EqualTo((CallbackTaskStatus.Completed, (CallbackResult?)CallbackResult.Reached, 1, (string?)TestData.Shanghai, (string?)TestData.ShSeat, (string?)callId)));
            Assert.That((attempt.Attempt, attempt.SiteCode, attempt.Overflowed, attempt.DialStatus, attempt.Result, attempt.Answers, attempt.Notes),
                Is.EqualTo((1, TestData.Shanghai, true, (DialStatus?)DialStatus.Answered, (CallbackResult?)CallbackResult.Reached, (string?)"{\"is-policyholder\":true}", (string?)"ok")));
        });
    }

    [Test]
    public async Task A_stale_save_is_a_concurrency_conflict()
    {
        var campaign = await NewCampaignAsync();
        var id = await NewTaskAsync(campaign, Now);
        var a = (await _tasks.GetAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var b = (await _tasks.GetAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        a.Reprioritize(3);
        await _tasks.UpdateAsync(a, CancellationToken.None).WaitAsync(Timeout);
        b.Cancel();

        Assert.ThrowsAsync<ConcurrencyConflictException>(() => _tasks.UpdateAsync(b, CancellationToken.None).WaitAsync(Timeout));
    }

    [Test]
    public async Task Automatic_tasks_are_created_once_per_source_event()
    {
        var campaign = await NewCampaignAsync();
        var reference = Unique("complaint");
        var task = new CallbackTask(0, campaign, null, "13800000001", null, null, Now, null);

        var first = await _tasks.InsertAsync(task, reference, CancellationToken.None).WaitAsync(Timeout);
        var again = await _tasks.InsertAsync(task, reference, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public async Task Overdue_tasks_expire_and_stale_claims_return_to_the_queue()
    {
        var campaign = await NewCampaignAsync();
        var overdue = await NewTaskAsync(campaign, Now.AddDays(-3), deadline: Now.AddDays(-1));
        var stale = await NewTaskAsync(campaign, Now.AddHours(-1));
        _ = await _tasks.ClaimAsync(campaign, 10, Now, CancellationToken.None).WaitAsync(Timeout);

        var expired = await _tasks.ExpireOverdueAsync(Now, CancellationToken.None).WaitAsync(Timeout);
        var requeued = await _tasks.RequeueStaleClaimsAsync(Now.AddMinutes(1), Now, CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(async () =>
        {
            Assert.That(expired, Is.GreaterThanOrEqualTo(1));
            Assert.That((await _tasks.GetAsync(overdue, CancellationToken.None).WaitAsync(Timeout))!.Status, Is.EqualTo(CallbackTaskStatus.Expired));
            Assert.That(requeued, Is.GreaterThanOrEqualTo(1));
            Assert.That((await _tasks.GetAsync(stale, CancellationToken.None).WaitAsync(Timeout))!.Status, Is.EqualTo(CallbackTaskStatus.Pending));
        });
    }

    [Test]
    public async Task Do_not_call_numbers_are_stored_normalized_and_found()
    {
        var number = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var stored = await _campaigns.AddDoNotCallAsync("+86 " + number, "客户要求", Now, CancellationToken.None).WaitAsync(Timeout);

        var found = await _campaigns.FindDoNotCallAsync([number, "13000000000"], CancellationToken.None).WaitAsync(Timeout);
        await _campaigns.RemoveDoNotCallAsync(number, CancellationToken.None).WaitAsync(Timeout);
        var afterRemoval = await _campaigns.FindDoNotCallAsync([number], CancellationToken.None).WaitAsync(Timeout);

        Assert.That((stored, found.ToArray(), afterRemoval.Count), Is.EqualTo((number, new[] { number }, 0)));
    }

    [Test]
    public async Task Kpi_counts_come_from_task_results_and_the_daily_roll_up_is_replaceable()
    {
        var campaign = await NewCampaignAsync();
        var from = Now.AddDays(-1);
        var ids = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await NewTaskAsync(campaign, Now.AddHours(-2)));
        }

        var claimed = await _tasks.ClaimAsync(campaign, 3, Now, CancellationToken.None).WaitAsync(Timeout);
        var c = (await _campaigns.GetAsync(campaign, CancellationToken.None).WaitAsync(Timeout))!;
        foreach (var (task, result) in claimed.Zip(new[] { CallbackResult.Reached, CallbackResult.Reached, CallbackResult.WrongNumber }))
        {
            task.StartAttempt(TestData.Guangzhou, TestData.GzSeat, Unique("cb"), Now);
            await _tasks.StartAttemptAsync(task, false, Now, CancellationToken.None).WaitAsync(Timeout);
            task.RecordAttempt(result, Now, c, null);
            await _tasks.RecordResultAsync(task, null, null, CancellationToken.None).WaitAsync(Timeout);
        }

        var counts = (await _tasks.CountKpisAsync(from, Now, CancellationToken.None).WaitAsync(Timeout)).Single(k => k.CampaignId == campaign);
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        await _tasks.SaveDailyKpisAsync(day, [counts with { Reached = 0 }], Now, CancellationToken.None).WaitAsync(Timeout);
        await _tasks.SaveDailyKpisAsync(day, [counts], Now, CancellationToken.None).WaitAsync(Timeout);
        var stored = (await _tasks.ListDailyKpisAsync(day, CancellationToken.None).WaitAsync(Timeout)).Single(k => k.CampaignId == campaign);

        Assert.That((counts.Kind, counts.Due, counts.Reached, stored.Due, stored.Reached), Is.EqualTo((CampaignKind.NewPolicy, 4, 2, 4, 2)));
    }

    [Test]
    public async Task Two_dialers_racing_on_one_campaign_never_claim_the_same_task()
    {
        var campaign = await NewCampaignAsync();
        const int Count = 300;
        var tasks = Enumerable.Range(0, Count)
            .Select(i => new CallbackTask(0, campaign, null, "13800000000", null, null, Now.AddMinutes(-i), null, priority: i % 7))
            .ToList();
        var inserted = await _tasks.InsertManyAsync(tasks, CancellationToken.None).WaitAsync(Timeout);
        var claimedBy = new ConcurrentDictionary<int, int>();
        var duplicates = 0;

        async Task DialerAsync(int dialer)
        {
            while (true)
            {
                var batch = await _tasks.ClaimAsync(campaign, 7, Now, CancellationToken.None);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var task in batch)
                {
                    if (!claimedBy.TryAdd(task.Id, dialer))
                    {
                        Interlocked.Increment(ref duplicates);
                    }
                }
            }
        }

        await Task.WhenAll(Task.Run(() => DialerAsync(1)), Task.Run(() => DialerAsync(2)), Task.Run(() => DialerAsync(3))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(duplicates, Is.Zero);
            Assert.That(claimedBy.Keys.Order(), Is.EqualTo(inserted.Order()));
            if (Provider == "postgres")
            {
                // SQLite runs one writer at a time, so one dialer may drain it; PostgreSQL must share the work.
                Assert.That(claimedBy.Values.Distinct().Count(), Is.GreaterThan(1), "the dialers shared the work");
            }
        });
    }

    [Test]
    public void The_claim_sql_uses_each_dialects_skip_locked_form()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CallbackTaskQueries.ClaimSql(new PostgresDialect()), Does.Contain("FOR UPDATE SKIP LOCKED"));
            Assert.That(CallbackTaskQueries.ClaimSql(new SqlServerDialect()), Does.Contain("WITH (UPDLOCK, READPAST, ROWLOCK)").And.Contain("OUTPUT INSERTED.id"));
            Assert.That(CallbackTaskQueries.ClaimSql(new SqliteDialect()), Does.StartWith("UPDATE callback_tasks SET").And.Contain("RETURNING"));
        });
    }
}
