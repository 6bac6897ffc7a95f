using System.Globalization;
using ContactCenter.Core.Complaints;
using ContactCenter.Data.Audit;
using ContactCenter.Data.Complaints;

namespace ContactCenter.Data.Tests.Complaints;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class CaseDeadlineQueriesTests(string provider) : ComplaintFixture(provider)
{
    private CaseDeadlineQueries _deadlines = null!;

    [OneTimeSetUp]
    public void Setup() => _deadlines = new CaseDeadlineQueries(Db);

    [Test]
    public async Task The_scan_finds_running_deadlines_up_to_the_horizon_but_not_paused_or_closed_cases()
    {
        var t = Cst(2024, 5, 6);
        var running = await InsertAsync(Case.Register(Registration(t), Days, ComplaintRuleSet.Cbirc2020, Seat));
        var paused = await InsertAsync(Case.Register(Registration(t), Days, ComplaintRuleSet.Cbirc2020, Seat));
        paused.Accept(t.AddHours(1), Supervisor);
        paused.AssignInvestigation("理赔部", Supervisor, t.AddHours(2), Supervisor);
        paused.Suspend(SuspensionReason.Mediation, Sms(t.AddHours(3)), t.AddHours(3), Supervisor);
        await SaveAsync(paused, t.AddHours(3));
        var later = await InsertAsync(Case.Register(Registration(t.AddDays(10)), Days, ComplaintRuleSet.Cbirc2020, Seat));

        var due = await _deadlines.ScanAsync(new DateOnly(2024, 5, 21), CancellationToken.None).WaitAsync(Timeout);

        var ids = due.Select(d => d.Id).ToList();
        Assert.That(ids, Does.Contain(running.Id).And.Not.Contain(paused.Id).And.Not.Contain(later.Id));
        Assert.That(due.Single(d => d.Id == running.Id), Is.EqualTo(new DueCase
        {
            Id = running.Id,
            CaseNumber = running.CaseNumber,
            SiteCode = TestData.Guangzhou,
            RegisteredByUserId = Seat,
            NextDueOn = new DateOnly(2024, 5, 21),
            NextDueKind = DueKind.Decide,
        }));
    }

    [Test]
    public async Task A_missed_deadline_is_escalated_once_and_a_new_deadline_can_be_escalated_again()
    {
        // Company rules, received Monday 3 March 2025: accept by 17 March (10 working days), decide by 18 March.
        var t = Cst(2025, 3, 3);
        var complaint = await InsertAsync(Case.Register(Registration(t), Days, ComplaintRuleSet.Company, Seat));
        var escalatedAt = Cst(2025, 3, 18, 9);

        var acceptDue = (await _deadlines.ScanAsync(new DateOnly(2025, 3, 18), CancellationToken.None).WaitAsync(Timeout)).Single(d => d.Id == complaint.Id);
        var first = await _deadlines.TryEscalateAsync(acceptDue, escalatedAt, CancellationToken.None).WaitAsync(Timeout);
        var again = await _deadlines.TryEscalateAsync(acceptDue, escalatedAt.AddMinutes(5), CancellationToken.None).WaitAsync(Timeout);
        var announced = await _deadlines.TryMarkDueSoonAsync(acceptDue, CancellationToken.None).WaitAsync(Timeout);
        var announcedAgain = await _deadlines.TryMarkDueSoonAsync(acceptDue, CancellationToken.None).WaitAsync(Timeout);

        var stored = await ReloadAsync(complaint);
        stored.Accept(Cst(2025, 3, 18, 11), Supervisor);
        await SaveAsync(stored, Cst(2025, 3, 18, 11));
        var decideDue = (await _deadlines.ScanAsync(new DateOnly(2025, 3, 19), CancellationToken.None).WaitAsync(Timeout)).Single(d => d.Id == complaint.Id);
        var second = await _deadlines.TryEscalateAsync(decideDue, Cst(2025, 3, 19, 9), CancellationToken.None).WaitAsync(Timeout);
        var timeline = (await ReloadAsync(complaint)).Events;
        var audit = await new AuditLog(Db).QueryAsync(
            new AuditQuery(Entity: "case", EntityId: complaint.Id.ToString(CultureInfo.InvariantCulture), Action: CaseDeadlineQueries.EscalateAction),
            CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That((acceptDue.NextDueOn, acceptDue.NextDueKind, acceptDue.IsOverdue(new DateOnly(2025, 3, 18))), Is.EqualTo((new DateOnly(2025, 3, 17), DueKind.Accept, true)));
            Assert.That((first, again, announced, announcedAgain, second), Is.EqualTo((true, false, true, false, true)));
            Assert.That((decideDue.NextDueOn, decideDue.NextDueKind, decideDue.EscalatedOn), Is.EqualTo((new DateOnly(2025, 3, 18), DueKind.Decide, (DateOnly?)new DateOnly(2025, 3, 17))));
            Assert.That(timeline.Select(e => e.Type), Is.EqualTo(new[]
            {
                CaseEventType.Registered, CaseEventType.DeadlineMissed, CaseEventType.Accepted, CaseEventType.DeadlineMissed,
            }));
            Assert.That(timeline[1].Detail, Is.EqualTo("accept deadline 2025-03-17 passed; escalated to the owner and the supervisor"));
            Assert.That(audit.Select(a => a.At), Is.EqualTo(new[] { Cst(2025, 3, 19, 9), escalatedAt }));
        });
    }
}
