using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Complaints;

namespace ContactCenter.Data.Tests.Complaints;

/// <summary>
/// The report figures on a small seeded set, against numbers counted by hand (period 2025-Q1, today 15 April 2025):
/// <code>
/// #  branch  received    answer (notice)      due     on time  cause            line
/// 1  广东     2025-01-06  decided 01-15        01-21   yes      claims           health
/// 2  广东     2025-02-10  decided 02-28        02-25   no       mis-selling      life
/// 3  广东     2025-03-25  open, in progress    04-09   -        -                health   (overdue today)
/// 4  广东     2024-02-01  decided 2024-02-05   -       -        claims           health   (last year)
/// 5  上海     2025-03-01  open, accepted       03-16   no       -                health   (overdue today)
/// 6  上海     2025-01-20  rejected, told 01-22 02-04   yes      -                health
/// 7  上海     2025-03-02  merged into 5: left out everywhere
/// 8,9 上海    2024-01-10  decided 2024-01-12   -       -        service-attitude health   (last year)
/// premium/policies 2025-Q1: 广东 3 亿 / 60,000; 上海 1 亿 / 20,000
/// </code>
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class ComplaintReportsTests(string provider) : ComplaintFixture(provider)
{
    private const string Gd = "广东分公司";
    private const string Sh = "上海分公司";
    private static readonly DateOnly Today = new(2025, 4, 15);
    private readonly List<Case> _gd = [];

    [OneTimeSetUp]
    public async Task Seed()
    {
        _gd.Add(await AnsweredAsync(Cst(2025, 1, 6), Cst(2025, 1, 15), Gd, ProductLine.Health, ComplaintCause.Claims));
        _gd.Add(await AnsweredAsync(Cst(2025, 2, 10), Cst(2025, 2, 28), Gd, ProductLine.Life, ComplaintCause.MisSelling));
        var open = await InsertAsync(Case.Register(Registration(Cst(2025, 3, 25), branch: Gd), Days, ComplaintRuleSet.Cbirc2020, Seat));
        open.Accept(Cst(2025, 3, 25, 11), Supervisor);
        open.AssignInvestigation("理赔部", Supervisor, Cst(2025, 3, 25, 12), Supervisor);
        await SaveAsync(open, Cst(2025, 3, 25, 12));
        _gd.Add(open);
        await AnsweredAsync(Cst(2024, 2, 1), Cst(2024, 2, 5), Gd, ProductLine.Health, ComplaintCause.Claims);

        var phone = Phone();
        var late = await InsertAsync(Case.Register(Registration(Cst(2025, 3, 1), phone, Sh), Days, ComplaintRuleSet.Cbirc2020, Seat), TestData.Shanghai);
        var rejected = await InsertAsync(Case.Register(Registration(Cst(2025, 1, 20), branch: Sh), Days, ComplaintRuleSet.Cbirc2020, Seat), TestData.Shanghai);
        rejected.Reject(RejectionGround.NotByConsumerOrAgent, "非消费者本人", Cst(2025, 1, 21), Supervisor);
        rejected.DeliverNotice(Sms(Cst(2025, 1, 22)), Supervisor);
        await SaveAsync(rejected, Cst(2025, 1, 22));
        var repeat = await InsertAsync(Case.Register(Registration(Cst(2025, 3, 2), phone, Sh), Days, ComplaintRuleSet.Cbirc2020, Seat), TestData.Shanghai);
        repeat.MergeInto(late, false, Days, Cst(2025, 3, 2, 11), Supervisor);
        late.Accept(Cst(2025, 3, 2, 12), Supervisor);
        await Cases.SaveAsync([late, repeat], Supervisor, Cst(2025, 3, 2, 12), CancellationToken.None).WaitAsync(Timeout);
        await AnsweredAsync(Cst(2024, 1, 10), Cst(2024, 1, 12), Sh, ProductLine.Health, ComplaintCause.ServiceAttitude);
        await AnsweredAsync(Cst(2024, 1, 10), Cst(2024, 1, 12), Sh, ProductLine.Health, ComplaintCause.ServiceAttitude);

        var import = ComplaintVolumeBases.Parse("\uFEFFbranch,period,premium,policies\r\n广东分公司,2025-Q1,300000000,60000\r\n上海分公司,2025-q1,100000000.00,20000\r\n");
        await new ComplaintVolumeBases(Db).UpsertAsync(import.Accepted, CancellationToken.None).WaitAsync(Timeout);
    }

    [Test]
    public async Task Branch_lines_give_volume_year_on_year_timeliness_handling_days_rates_per_premium_and_policies_open_overdue_and_rank()
    {
        var report = await new ComplaintReports(Db).BuildAsync(ReportDimension.Branch, ReportPeriod.Parse("2025-Q1"), CaseScope.All, Today, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(report.Lines, Is.EqualTo(new[]
        {
            new ReportLine(Sh, 2, 2, 0.0, 2, 1, 0.5, 1, 2.0, 100_000_000m, 20_000, 2.0, 1.0, 1, 1, 1),
            new ReportLine(Gd, 3, 1, 2.0, 2, 1, 0.5, 2, 13.5, 300_000_000m, 60_000, 1.0, 0.5, 1, 1, 2),
        }));
        Assert.That(report.Total with { YearOnYearChange = Math.Round(report.Total.YearOnYearChange!.Value, 4), AverageHandlingDays = Math.Round(report.Total.AverageHandlingDays!.Value, 4) },
            Is.EqualTo(new ReportLine(string.Empty, 5, 3, 0.6667, 4, 2, 0.5, 3, 9.6667, 400_000_000m, 80_000, 1.25, 0.625, 2, 2, 0)));
    }

    [Test]
    public async Task An_unanswered_case_whose_deadline_is_still_to_come_is_not_counted_late_yet()
    {
        // On 10 March case 5 (due 16 March, unanswered) is not late yet; case 6 was answered on time.
        var report = await new ComplaintReports(Db).BuildAsync(ReportDimension.Branch, ReportPeriod.Parse("2025-Q1"), CaseScope.All, new DateOnly(2025, 3, 10), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(report.Lines.Single(l => l.Key == Sh) is { Due: 1, AnsweredOnTime: 1, TimelinessRate: 1.0 }, Is.True);
    }

    [Test]
    public async Task The_sql_figures_match_the_domain_timeliness_summary()
    {
        var report = await new ComplaintReports(Db).BuildAsync(ReportDimension.Branch, ReportPeriod.Parse("2025-Q1"), CaseScope.All, Today, CancellationToken.None).WaitAsync(Timeout);
        var stored = new List<Case>();
        foreach (var c in _gd)
        {
            stored.Add(await ReloadAsync(c));
        }

        var summary = ComplaintTimeliness.Summarize(stored, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31));
        var line = report.Lines.Single(l => l.Key == Gd);

        Assert.That((line.Due, line.AnsweredOnTime, line.TimelinessRate, line.Answered, line.AverageHandlingDays),
            Is.EqualTo((summary.Due, summary.AnsweredOnTime, summary.TimelinessRate, summary.Answered, summary.AverageHandlingDays)));
    }

    [Test]
    public async Task Cause_and_product_line_lines_count_unclassified_cases_under_an_empty_key()
    {
        var reports = new ComplaintReports(Db);
        var period = ReportPeriod.Parse("2025-Q1");
        var causes = await reports.BuildAsync(ReportDimension.Cause, period, CaseScope.All, Today, CancellationToken.None).WaitAsync(Timeout);
        var lines = await reports.BuildAsync(ReportDimension.ProductLine, period, CaseScope.Site(TestData.Guangzhou), Today, CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(causes.Lines.Select(l => (l.Key, l.Volume, l.VolumeYearBefore, l.YearOnYearChange)), Is.EquivalentTo(new[]
            {
                ("claims", 1, 1, (double?)0.0), ("mis-selling", 1, 0, null), (string.Empty, 3, 0, null), ("service-attitude", 0, 2, -1.0),
            }));
            Assert.That(causes.Lines.All(l => l.Premium is null), Is.True, "premium counts are per branch");
            Assert.That(lines.Lines.Select(l => (l.Key, l.Volume, l.Open)), Is.EquivalentTo(new[] { ("health", 2, 1), ("life", 1, 0) }), "the 广州 site's cases only");
        });
    }

    [Test]
    public void A_volume_import_reports_the_lines_it_refused()
    {
        var import = ComplaintVolumeBases.Parse("branch,period,premium,policies\n广东分公司,2025-Q1,300000000,60000\n深圳分公司,2025-Q5,1,1\n深圳分公司,2025-Q1,-5,10\n深圳分公司,2025-Q1,5\n\n");

        Assert.That(import.Accepted.Select(a => (a.Branch, a.Period, a.Premium, a.Policies)), Is.EqualTo(new[] { ("广东分公司", "2025-Q1", 300_000_000m, 60_000) }));
        Assert.That(import.Rejected.Select(r => (r.Line, r.Reason)), Is.EqualTo(new[]
        {
            (3, "report period '2025-Q5' is not a year (2025), a quarter (2025-Q1) or a month (2025-03)"),
            (4, "premium '-5' is not a non-negative number of yuan"),
            (5, "expected 4 fields, found 3"),
        }));
    }

    [Test]
    public void Report_periods_are_years_quarters_or_months_and_know_the_year_before()
    {
        Assert.That(ReportPeriod.Parse("2025-q4"), Is.EqualTo(new ReportPeriod("2025-Q4", new DateOnly(2025, 10, 1), new DateOnly(2025, 12, 31))));
        Assert.That(ReportPeriod.Parse("2024-02").YearBefore(), Is.EqualTo(new ReportPeriod("2023-02", new DateOnly(2023, 2, 1), new DateOnly(2023, 2, 28))));
        Assert.That(ReportPeriod.Parse("2025").YearBefore().Key, Is.EqualTo("2024"));
    }

    private async Task<Case> AnsweredAsync(DateTimeOffset received, DateTimeOffset noticeAt, string branch, ProductLine line, ComplaintCause cause)
    {
        var c = await InsertAsync(Case.Register(Registration(received, branch: branch, line: line), Days, ComplaintRuleSet.Cbirc2020, Seat),
            branch == Gd ? TestData.Guangzhou : TestData.Shanghai);
        c.Accept(received.AddHours(1), Supervisor);
        c.AssignInvestigation("理赔部", Supervisor, received.AddHours(2), Supervisor);
        c.RecordInvestigation("属实", received.AddHours(3), Supervisor);
        c.Decide(FullNotice, noticeAt.AddHours(-1), Supervisor);
        c.DeliverNotice(Sms(noticeAt), Supervisor);
        c.Close(new CaseClassification(CaseValidity.Valid, cause, "理赔部"), noticeAt.AddHours(1), Supervisor);
        await SaveAsync(c, noticeAt.AddHours(1));
        return c;
    }
}
