using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Customers;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Scheduling.Jobs;
using ContactCenter.Scheduling.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace ContactCenter.Scheduling.Tests.Campaigns;

/// <summary>新契约回访 generation: every in-force policy in its cooling-off period gets exactly one task, due by the period's end.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class NewPolicyCallbackTests(string provider)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // Tuesday 2025-09-30 10:00 in China.
    private static readonly DateTimeOffset Tuesday10 = new(2025, 9, 30, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2025, 9, 30);
    private SchedulingDatabase _db = null!;

    [SetUp]
    public async Task CreateDatabase() => _db = await SchedulingDatabase.CreateAsync(provider);

    [TearDown]
    public async Task DropDatabase()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private async Task<int> CampaignAsync(CampaignKind kind) =>
        await _db.Campaigns.InsertAsync(new Campaign(0, kind.ToString(), kind, "gz", new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0)), 3),
            CancellationToken.None).WaitAsync(Timeout);

    /// <summary>One customer per policy; <paramref name="mobile"/> null means no phone at all.</summary>
    private async Task PolicyAsync(string number, DateOnly start, PolicyStatus status = PolicyStatus.InForce, ProductLine line = ProductLine.Life, int term = 10,
        string? mobile = "13800000000")
    {
        var customers = new CustomerQueries(_db.Factory);
        var id = await customers.InsertAsync(new Customer(0, "客户" + number, Gender.Female, null, mobile, null, "广州", Tuesday10), CancellationToken.None).WaitAsync(Timeout);
        var policy = Policy.Issue(number, id, line, "测试产品", 1000m, start, term, "广东分公司", CoolingOffRule.Default);
        policy.ChangeStatus(status);
        await customers.InsertPolicyAsync(policy, CancellationToken.None).WaitAsync(Timeout);
    }

    private CallbackTaskSources Sources(TimeProvider time) => new(_db.Campaigns, _db.Tasks, time);

    private async Task<List<(string Policy, int CampaignId, DateTimeOffset? Deadline, string Phone)>> NewPolicyTasksAsync()
    {
        await using var connection = await _db.Factory.OpenAsync(CancellationToken.None).WaitAsync(Timeout);
        var ids = await connection.QueryAsync<int>("SELECT id FROM callback_tasks WHERE policy_number IS NOT NULL ORDER BY policy_number").WaitAsync(Timeout);
        var result = new List<(string, int, DateTimeOffset?, string)>();
        foreach (var id in ids)
        {
            var task = (await _db.Tasks.GetAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
            result.Add((task.PolicyNumber!, task.CampaignId, task.Deadline, task.Phone));
        }

        return result;
    }

    [Test]
    public async Task Every_in_force_policy_in_its_cooling_off_period_gets_one_task_due_by_its_end_and_a_second_run_adds_none()
    {
        var newPolicy = await CampaignAsync(CampaignKind.NewPolicy);
        await CampaignAsync(CampaignKind.Claims);
        await PolicyAsync("P-NEW-1", Today.AddDays(-3));                          // ends 2025-10-12
        await PolicyAsync("P-NEW-2", Today);                                      // starts today, ends 2025-10-15
        await PolicyAsync("P-LAST-DAY", Today.AddDays(-15));                      // ends today
        await PolicyAsync("P-OVER", Today.AddDays(-16));                          // ended yesterday
        await PolicyAsync("P-FUTURE", Today.AddDays(2));                          // not started
        await PolicyAsync("P-CANCELLED", Today.AddDays(-1), PolicyStatus.Cancelled);
        await PolicyAsync("P-SHORT", Today.AddDays(-1), term: 1);                 // 1-year term: no cooling-off period
        await PolicyAsync("P-AUTO", Today.AddDays(-1), line: ProductLine.Auto);   // no cooling-off period
        await PolicyAsync("P-NO-PHONE", Today.AddDays(-1), mobile: null);
        var time = new FakeTimeProvider(Tuesday10);

        var created = await Sources(time).NewPolicyCallbacksAsync(100, CancellationToken.None).WaitAsync(Timeout);
        var again = await Sources(time).NewPolicyCallbacksAsync(100, CancellationToken.None).WaitAsync(Timeout);
        time.Advance(TimeSpan.FromDays(1));
        var tomorrow = await Sources(time).NewPolicyCallbacksAsync(100, CancellationToken.None).WaitAsync(Timeout);

        static DateTimeOffset EndOf(DateOnly day) => new(day.ToDateTime(new TimeOnly(23, 59, 59)), BusinessCalendar.ChinaOffset);
        Assert.That((created, again, tomorrow), Is.EqualTo((3, 0, 0)), "idempotent: the same policies are never given a second task");
        Assert.That(await NewPolicyTasksAsync(), Is.EqualTo(new[]
        {
            ("P-LAST-DAY", newPolicy, (DateTimeOffset?)EndOf(Today), "13800000000"),
            ("P-NEW-1", newPolicy, (DateTimeOffset?)EndOf(new DateOnly(2025, 10, 12)), "13800000000"),
            ("P-NEW-2", newPolicy, (DateTimeOffset?)EndOf(new DateOnly(2025, 10, 15)), "13800000000"),
        }));
    }

    [Test]
    public async Task A_policy_with_a_task_in_any_new_policy_campaign_is_skipped_and_without_such_a_campaign_nothing_is_made()
    {
        var time = new FakeTimeProvider(Tuesday10);
        await PolicyAsync("P-1", Today.AddDays(-1));
        await PolicyAsync("P-2", Today.AddDays(-1));
        Assert.That(await Sources(time).NewPolicyCallbacksAsync(100, CancellationToken.None).WaitAsync(Timeout), Is.Zero, "no new-policy campaign yet");

        var first = await CampaignAsync(CampaignKind.NewPolicy);
        var second = await CampaignAsync(CampaignKind.NewPolicy);
        // An operator already imported P-1 into the second campaign.
        await _db.Tasks.InsertAsync(new CallbackTask(0, second, null, "13800000000", "P-1", null, Tuesday10, null), null, CancellationToken.None).WaitAsync(Timeout);

        var created = await Sources(time).NewPolicyCallbacksAsync(1, CancellationToken.None).WaitAsync(Timeout);
        var rest = await Sources(time).NewPolicyCallbacksAsync(1, CancellationToken.None).WaitAsync(Timeout);

        Assert.That((created, rest), Is.EqualTo((1, 0)));
        Assert.That((await NewPolicyTasksAsync()).Select(t => (t.Policy, t.CampaignId)), Is.EqualTo(new[] { ("P-1", second), ("P-2", first) }));
    }

    [Test]
    public async Task The_maintenance_job_creates_them()
    {
        await CampaignAsync(CampaignKind.NewPolicy);
        await PolicyAsync("P-JOB", Today.AddDays(-1));
        var time = new FakeTimeProvider(Tuesday10);
        var job = new CallbackMaintenanceJob(_db.Tasks, Sources(time), Options.Create(new DialerOptions()), time, NullLogger<CallbackMaintenanceJob>.Instance);

        await job.Execute(null!, CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.That((await NewPolicyTasksAsync()).Select(t => t.Policy), Is.EqualTo(new[] { "P-JOB" }));
    }
}
