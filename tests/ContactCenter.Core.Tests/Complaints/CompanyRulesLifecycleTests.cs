using ContactCenter.Core.Complaints;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Core.Tests.Complaints.ComplaintTestData;

namespace ContactCenter.Core.Tests.Complaints;

/// <summary>Cases walked end to end under the seed company rules (working days), across the 2025 holidays.</summary>
public class CompanyRulesLifecycleTests
{
    private const ComplaintRuleSet Company = ComplaintRuleSet.Company;

    [Test]
    public void Incomplete_material_over_the_spring_festival_then_acceptance_within_10_working_days()
    {
        var time = new FakeTimeProvider(Cst(2025, 1, 24));
        var complaint = Case.Register(Registration("TS20250124003", time.GetUtcNow()) with { MaterialComplete = false }, Days, Company, Seat);
        var atRegistration = complaint.Deadlines;
        var tooSoon = Assert.Throws<ComplaintRuleException>(() => complaint.Accept(time.GetUtcNow(), Supervisor));
        time.SetUtcNow(Cst(2025, 1, 27));
        complaint.RequestMaterial("医院诊断证明、发票原件", time.GetUtcNow(), Seat);

        time.SetUtcNow(Cst(2025, 2, 5));
        complaint.ReceiveMaterial("诊断证明与发票已补齐", newFacts: false, Days, time.GetUtcNow(), Seat);
        var afterMaterial = complaint.Deadlines;
        time.SetUtcNow(Cst(2025, 2, 17));
        complaint.Accept(time.GetUtcNow(), Supervisor);
        complaint.AssignInvestigation("广东分公司理赔部", Investigator, time.GetUtcNow(), Supervisor);
        time.SetUtcNow(Cst(2025, 2, 19));
        complaint.RecordInvestigation("发票齐全后超期", time.GetUtcNow(), Investigator);
        complaint.Decide(FullNotice, time.GetUtcNow(), Investigator);
        time.SetUtcNow(Cst(2025, 2, 20, 9));
        complaint.DeliverNotice(Sms(time.GetUtcNow()), Investigator);
        complaint.Close(ValidClaims, time.GetUtcNow(), Supervisor);
        var timeliness = ComplaintTimeliness.Of(complaint)!;

        Assert.Multiple(() =>
        {
            // Fri 24 Jan + 5 working days: Sun 26 (调休), Mon 27, [28 Jan - 4 Feb off], Wed 5, Thu 6, Fri 7.
            Assert.That(atRegistration, Is.EqualTo(new CaseDeadlines(D(2025, 2, 7), null, D(2025, 2, 8), null, null)));
            Assert.That(tooSoon!.Message, Is.EqualTo(
                "company rules: acceptance is decided on complete material; ask for the missing material first (case TS20250124003)"));
            // Wed 5 Feb + 10 working days: 6, 7, Sat 8 (调休), 10, 11, 12, 13, 14, 17, 18. Decision: 5 Feb + 15 days.
            Assert.That(afterMaterial, Is.EqualTo(new CaseDeadlines(D(2025, 2, 7), D(2025, 2, 18), D(2025, 2, 20), null, null)));
            Assert.That(complaint.Events.Single(e => e.Type == CaseEventType.Accepted).Detail, Does.Not.Contain("late"));
            Assert.That(complaint.Events.Single(e => e.Type == CaseEventType.MaterialRequested).Detail, Does.Not.Contain("late"));
            Assert.That(complaint.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That((timeliness.DueOn, timeliness.AnsweredOnTime, timeliness.HandlingDays), Is.EqualTo((D(2025, 2, 20), true, 27)));
        });
    }

    [Test]
    public void A_late_acceptance_and_a_late_material_request_are_recorded_as_late()
    {
        var complaint = Case.Register(Registration("TS2", Cst(2025, 1, 24)) with { MaterialComplete = false }, Days, Company);
        complaint.RequestMaterial("发票", Cst(2025, 2, 10), Seat);
        complaint.ReceiveMaterial("发票已补", false, Days, Cst(2025, 2, 11), Seat);
        complaint.Accept(Cst(2025, 3, 3), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Events.Single(e => e.Type == CaseEventType.MaterialRequested).Detail, Does.EndWith("(late: due 2025-02-07)"));
            Assert.That(complaint.Events.Single(e => e.Type == CaseEventType.Accepted).Detail, Does.Contain("(late: due 2025-02-25)"));
        });
    }

    [Test]
    public void A_rejection_without_its_reason_is_refused_and_with_it_is_timed_against_the_acceptance_deadline()
    {
        // Fri 26 Sep 2025, complete: Sun 28 (调休), 29, 30, [1-8 Oct off], 9, 10, Sat 11 (调休), 13, 14, 15, 16.
        var complaint = Case.Register(Registration("TS20250926001", Cst(2025, 9, 26)), Days, Company);

        var noGround = Assert.Throws<ComplaintRuleException>(() => complaint.Reject(null, "重复投诉", Cst(2025, 9, 29), Supervisor));
        var noReason = Assert.Throws<ComplaintRuleException>(() => complaint.Reject(RejectionGround.RepeatAfterDecision, "  ", Cst(2025, 9, 29), Supervisor));
        complaint.Reject(RejectionGround.RepeatAfterDecision, "已于8月作出处理决定，本次无新事实和理由", Cst(2025, 10, 13), Supervisor);
        complaint.DeliverNotice(new NoticeDelivery(NoticeMethod.Written, Cst(2025, 10, 14), "EMS 1190099887766"), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(noGround!.Message, Does.StartWith("company rules: a rejection must give its reason"));
            Assert.That(noReason!.Rule, Is.EqualTo("company rules"));
            Assert.That(complaint.Deadlines.Accept, Is.EqualTo(D(2025, 10, 16)));
            Assert.That(complaint.Deadlines.Decide, Is.EqualTo(D(2025, 10, 11)), "the statutory 15 calendar days still bind");
            Assert.That((complaint.Status, complaint.RejectionGround), Is.EqualTo((CaseStatus.Rejected, (RejectionGround?)RejectionGround.RepeatAfterDecision)));
            Assert.That(complaint.Deadlines.ReviewApplyBy, Is.Null, "a rejection is not a decision to review");
            Assert.That(ComplaintTimeliness.Of(complaint), Is.EqualTo(new CaseTimeliness("TS20250926001", D(2025, 9, 26), D(2025, 10, 16), D(2025, 10, 14))));
            Assert.That(complaint.Events[^2].Detail, Is.EqualTo("rejected: repeat-after-decision"));
        });
    }

    [Test]
    public void Triage_forwards_external_and_internal_complaints_which_then_close()
    {
        var external = Case.Register(Registration("TS3", Cst(2025, 5, 6)), Days, Company);
        var internalCase = Case.Register(Registration("TS4", Cst(2025, 5, 6)), Days, Company);

        external.Forward(ForwardKind.External, "某某银行广州分行", Cst(2025, 5, 7), Supervisor);
        external.Close(new CaseClassification(CaseValidity.Invalid, ComplaintCause.Other, "客户服务中心"), Cst(2025, 5, 7, 11), Supervisor);
        internalCase.Forward(ForwardKind.Internal, "人力资源部", Cst(2025, 5, 7), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That((external.Status, external.ForwardKind, external.ForwardedTo), Is.EqualTo((CaseStatus.Closed, (ForwardKind?)ForwardKind.External, "某某银行广州分行")));
            Assert.That(ComplaintTimeliness.Of(external)!.AnsweredOn, Is.EqualTo(D(2025, 5, 7)));
            Assert.That((internalCase.Status, internalCase.ForwardKind), Is.EqualTo((CaseStatus.Forwarded, (ForwardKind?)ForwardKind.Internal)));
            Assert.That(internalCase.Events[^1].Detail, Is.EqualTo("forwarded (internal) to 人力资源部"));
        });
    }

    [Test]
    public void A_repeat_without_new_facts_is_rejected_not_merged_and_with_new_facts_is_merged()
    {
        var first = Stored(Investigated("TS5", Cst(2025, 9, 22), Company), 5);
        var plainRepeat = Case.Register(Registration("TS6", Cst(2025, 9, 25)), Days, Company);
        var newFacts = Case.Register(Registration("TS7", Cst(2025, 9, 29)), Days, Company);

        var refused = Assert.Throws<ComplaintRuleException>(() => plainRepeat.MergeInto(first, false, Days, Cst(2025, 9, 25, 11), Supervisor));
        plainRepeat.Reject(RejectionGround.RepeatInHandling, "同一事项正在处理中，无新事实", Cst(2025, 9, 25, 12), Supervisor);
        newFacts.MergeInto(first, true, Days, Cst(2025, 9, 29, 11), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Is.EqualTo("company rules: a repeat without new facts is rejected (repeat-in-handling), not merged (case TS6)"));
            Assert.That(plainRepeat.Status, Is.EqualTo(CaseStatus.Rejected));
            Assert.That(newFacts.Status, Is.EqualTo(CaseStatus.Merged));
            Assert.That(first.Deadlines.Decide, Is.EqualTo(D(2025, 10, 14)), "29 Sep + 15 calendar days");
        });
    }

    [Test]
    public void A_company_rules_step_out_of_order_names_the_company_rules()
    {
        var complaint = Case.Register(Registration("TS8", Cst(2025, 3, 3)), Days, Company);

        Assert.That(() => complaint.Close(ValidClaims, Cst(2025, 3, 4), Supervisor), Throws.TypeOf<ComplaintRuleException>()
            .With.Message.StartsWith("company rules: a complaint is closed after it is accepted, investigated and decided"));
    }

    [Test]
    public void Working_day_deadlines_beyond_the_calendar_data_are_an_error_not_a_guess()
    {
        var registration = Registration("TS9", Cst(2026, 12, 24));

        Assert.That(() => Case.Register(registration, Days, Company), Throws.TypeOf<Core.Calendar.CalendarRangeException>()
            .With.Message.Contains("last year covered is 2026"));
    }
}
