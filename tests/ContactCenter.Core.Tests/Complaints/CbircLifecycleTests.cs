using ContactCenter.Core.Calendar;
using ContactCenter.Core.Complaints;
using Microsoft.Extensions.Time.Testing;
using static ContactCenter.Core.Tests.Complaints.ComplaintTestData;

namespace ContactCenter.Core.Tests.Complaints;

/// <summary>Cases walked end to end under CBIRC 2020 (calendar days), across the 2025 holidays.</summary>
public class CbircLifecycleTests
{
    [Test]
    public void A_complex_case_over_national_day_is_extended_to_30_then_60_days_and_no_further()
    {
        var time = new FakeTimeProvider(Cst(2025, 9, 20));
        var complaint = Case.Register(Registration("TS20250920001", time.GetUtcNow()), Days, actorUserId: Seat);
        var firstDeadline = complaint.Deadlines.Decide;
        time.Advance(TimeSpan.FromHours(2));
        complaint.Accept(time.GetUtcNow(), Supervisor);
        complaint.AssignInvestigation("广东分公司理赔部", Investigator, time.GetUtcNow(), Supervisor);

        time.SetUtcNow(Cst(2025, 10, 3));
        complaint.Extend(Manager, "需调取外院病历", null, time.GetUtcNow(), Supervisor);
        var after30 = complaint.Deadlines.Decide;
        time.SetUtcNow(Cst(2025, 10, 15));
        var noNotice = Assert.Throws<ComplaintRuleException>(() => complaint.Extend(Manager, "需再次鉴定", null, time.GetUtcNow(), Supervisor));
        complaint.Extend(Manager, "需再次鉴定", Sms(time.GetUtcNow()), time.GetUtcNow(), Supervisor);
        var after60 = complaint.Deadlines.Decide;
        var third = Assert.Throws<ComplaintRuleException>(() => complaint.Extend(Manager, "仍需时间", Sms(time.GetUtcNow()), time.GetUtcNow(), Supervisor));

        time.SetUtcNow(Cst(2025, 11, 10));
        complaint.RecordInvestigation("理赔材料齐全后超期未赔付", time.GetUtcNow(), Investigator);
        complaint.Decide(FullNotice, time.GetUtcNow(), Investigator);
        time.Advance(TimeSpan.FromDays(1));
        complaint.DeliverNotice(new NoticeDelivery(NoticeMethod.Written, time.GetUtcNow(), "EMS 1190012345678"), Investigator);
        time.Advance(TimeSpan.FromDays(1));
        complaint.Close(ValidClaims, time.GetUtcNow(), Supervisor);

        Assert.Multiple(() =>
        {
            // 20 Sep + 15 calendar days = 5 Oct, inside the National Day holiday: CBIRC counts calendar days, not moved.
            Assert.That(firstDeadline, Is.EqualTo(D(2025, 10, 5)));
            Assert.That(Days.IsWorkingDay(firstDeadline), Is.False);
            Assert.That(after30, Is.EqualTo(D(2025, 10, 20)));
            Assert.That(noNotice!.Message, Does.StartWith("CBIRC 2020 Art 18: a further extension needs senior approval and notice to the complainant"));
            Assert.That(after60, Is.EqualTo(D(2025, 11, 19)));
            Assert.That(third!.Message, Does.StartWith("CBIRC 2020 Art 18: the decision period is 60 days at most"));
            Assert.That(complaint.ExtensionLevel, Is.EqualTo(2));
            Assert.That(complaint.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(complaint.Deadlines.ReviewApplyBy, Is.EqualTo(D(2025, 12, 11)));
            Assert.That(complaint.Classification, Is.EqualTo(ValidClaims));
            Assert.That(complaint.Events.Select(e => e.Type), Is.EqualTo(new[]
            {
                CaseEventType.Registered, CaseEventType.Accepted, CaseEventType.InvestigationAssigned, CaseEventType.Extended,
                CaseEventType.Extended, CaseEventType.InvestigationRecorded, CaseEventType.Decided, CaseEventType.NoticeDelivered,
                CaseEventType.Closed,
            }));
            Assert.That(complaint.Events[4].Detail, Does.Contain("approved by user 31").And.Contain("complainant told by sms"));
            Assert.That(ComplaintTimeliness.Of(complaint), Is.EqualTo(new CaseTimeliness("TS20250920001", D(2025, 9, 20), D(2025, 11, 19), D(2025, 11, 11))));
            Assert.That(ComplaintTimeliness.Of(complaint)!.HandlingDays, Is.EqualTo(52));
        });
    }

    [Test]
    public void An_extension_after_the_deadline_has_passed_is_refused()
    {
        var complaint = Investigated("TS2", Cst(2025, 3, 3));

        var ex = Assert.Throws<ComplaintRuleException>(() => complaint.Extend(Manager, "复杂", null, Cst(2025, 3, 19), Supervisor));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("CBIRC 2020 Art 18: an extension is decided before the deadline it extends (2025-03-18 has passed) (case TS2)"));
            Assert.That(complaint.Deadlines.Decide, Is.EqualTo(D(2025, 3, 18)));
        });
    }

    [Test]
    public void Outside_appraisal_time_is_not_counted_and_the_deadlines_shift_by_it()
    {
        var time = new FakeTimeProvider(Cst(2025, 3, 3));
        var complaint = Investigated("TS3", time.GetUtcNow());
        time.SetUtcNow(Cst(2025, 3, 10));
        complaint.Suspend(SuspensionReason.OutsideAppraisal, Sms(time.GetUtcNow()), time.GetUtcNow(), Investigator);
        time.SetUtcNow(Cst(2025, 3, 12));
        var whilePaused = Assert.Throws<ComplaintRuleException>(() => complaint.Decide(FullNotice, time.GetUtcNow(), Investigator));
        var twice = Assert.Throws<ComplaintRuleException>(() => complaint.Suspend(SuspensionReason.Mediation, Sms(time.GetUtcNow()), time.GetUtcNow(), Investigator));

        time.SetUtcNow(Cst(2025, 3, 24, 16));
        complaint.Resume(time.GetUtcNow(), Investigator);
        var afterResume = complaint.Deadlines.Decide;
        time.Advance(TimeSpan.FromDays(1));
        complaint.Extend(Manager, "鉴定结论需复核", null, time.GetUtcNow(), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(whilePaused!.Message, Does.StartWith("CBIRC 2020 Art 18: the clock is paused for appraisal or mediation"));
            Assert.That(twice!.Message, Does.StartWith("CBIRC 2020 Art 18: the clock is already paused"));
            Assert.That(complaint.SuspendedDays, Is.EqualTo(14));
            Assert.That(afterResume, Is.EqualTo(D(2025, 4, 1)), "18 Mar + 14 paused days");
            Assert.That(complaint.Deadlines.Decide, Is.EqualTo(D(2025, 4, 16)), "3 Mar + 30 + 14");
            Assert.That(complaint.Events.Single(e => e.Type == CaseEventType.Suspended).Detail, Does.Contain("outside-appraisal").And.Contain("complainant told"));
        });
    }

    [Test]
    public void A_repeat_with_new_facts_is_merged_and_restarts_the_survivors_clock()
    {
        var first = Stored(Investigated("TS20250120001", Cst(2025, 1, 20)), 1);
        first.Extend(Manager, "复杂", null, Cst(2025, 1, 22), Supervisor);
        var repeat = Case.Register(Registration("TS20250205007", Cst(2025, 2, 5), subject: "理赔款迟迟未到账！"), Days, actorUserId: Seat);

        var found = DuplicateDetector.Find(repeat, [first]);
        var (survivorEvent, mergedEvent) = repeat.MergeInto(first, newFacts: true, Days, Cst(2025, 2, 5, 11), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(found.Select(m => (m.Existing.CaseNumber, m.Kind)), Is.EqualTo(new[] { ("TS20250120001", DuplicateKind.InHandling) }));
            Assert.That(repeat.Status, Is.EqualTo(CaseStatus.Merged));
            Assert.That(repeat.MergedIntoCaseId, Is.EqualTo(1));
            Assert.That(first.ClockStartedAt, Is.EqualTo(Cst(2025, 2, 5, 11)));
            Assert.That(first.ExtensionLevel, Is.Zero, "a restarted clock starts from 15 days again");
            Assert.That(first.Deadlines.Decide, Is.EqualTo(D(2025, 2, 20)));
            Assert.That(first.ReceivedAt, Is.EqualTo(Cst(2025, 1, 20)), "the first receipt is kept");
            Assert.That(survivorEvent.Detail, Does.Contain("repeat TS20250205007 merged in"));
            Assert.That(mergedEvent.Detail, Does.Contain("merged into TS20250120001"));
            Assert.That(first.Events.TakeLast(2).Select(e => e.Type), Is.EqualTo(new[] { CaseEventType.RepeatMerged, CaseEventType.ClockRestarted }));
            Assert.That(repeat.Events.Select(e => e.Type), Is.EqualTo(new[] { CaseEventType.Registered, CaseEventType.MergedInto }), "the repeat keeps its own history");
            Assert.That(ComplaintTimeliness.Of(repeat), Is.Null, "a merged case is counted through its survivor");
        });
    }

    [Test]
    public void Under_cbirc_a_repeat_without_new_facts_is_merged_and_the_clock_runs_on()
    {
        var first = Stored(Investigated("TS5", Cst(2025, 1, 20)), 5);
        var repeat = Case.Register(Registration("TS6", Cst(2025, 1, 27)), Days);

        repeat.MergeInto(first, newFacts: false, Days, Cst(2025, 1, 27, 11), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(repeat.Status, Is.EqualTo(CaseStatus.Merged));
            Assert.That(first.Deadlines.Decide, Is.EqualTo(D(2025, 2, 4)));
            Assert.That(first.Events[^1].Type, Is.EqualTo(CaseEventType.RepeatMerged));
        });
    }

    [Test]
    public void A_repeat_is_not_merged_into_a_decided_case_nor_into_someone_elses()
    {
        var decided = Stored(Investigated("TS7", Cst(2025, 1, 20)), 7);
        decided.Decide(FullNotice, Cst(2025, 1, 21), Investigator);
        var other = Stored(Case.Register(Registration("TS8", Cst(2025, 1, 20), customerId: 999), Days), 8);
        var repeat = Case.Register(Registration("TS9", Cst(2025, 1, 27)), Days);

        Assert.Multiple(() =>
        {
            Assert.That(() => repeat.MergeInto(decided, true, Days, Cst(2025, 1, 27, 11), Supervisor),
                Throws.TypeOf<ComplaintRuleException>().With.Message.Contains("still in its handling period; TS7 is Decided"));
            Assert.That(() => repeat.MergeInto(other, true, Days, Cst(2025, 1, 27, 11), Supervisor),
                Throws.TypeOf<ComplaintRuleException>().With.Message.Contains("same complainant"));
            Assert.That(DuplicateDetector.Find(repeat, [decided, other]).Select(m => m.Kind), Is.EqualTo(new[] { DuplicateKind.AfterDecision }));
            Assert.That(repeat.Status, Is.EqualTo(CaseStatus.Registered));
        });
    }

    [Test]
    public void New_facts_during_the_investigation_restart_the_clock()
    {
        var complaint = Investigated("TS10", Cst(2025, 3, 3));
        complaint.Extend(Manager, "复杂", null, Cst(2025, 3, 10), Supervisor);

        complaint.ReceiveMaterial("客户补充了新的就诊记录", newFacts: true, Days, Cst(2025, 3, 20), Investigator);

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Deadlines.Decide, Is.EqualTo(D(2025, 4, 4)));
            Assert.That(complaint.ExtensionLevel, Is.Zero);
            Assert.That(complaint.Events[^1].Detail, Does.Contain("clock restarted (new material); decide by 2025-04-04"));
        });
    }

    [Test]
    public void A_review_is_applied_for_within_30_days_decided_within_30_and_only_once()
    {
        var time = new FakeTimeProvider(Cst(2025, 3, 20));
        var complaint = Investigated("TS11", time.GetUtcNow());
        time.SetUtcNow(Cst(2025, 4, 1));
        complaint.Decide(FullNotice, time.GetUtcNow(), Investigator);
        complaint.DeliverNotice(new NoticeDelivery(NoticeMethod.Phone, time.GetUtcNow(), "call 1743472800.55"), Investigator);
        time.Advance(TimeSpan.FromDays(1));
        complaint.Close(ValidClaims, time.GetUtcNow(), Supervisor);

        time.SetUtcNow(Cst(2025, 4, 20));
        complaint.ApplyForReview("对赔付金额有异议", time.GetUtcNow(), Seat);
        var reviewDue = complaint.Deadlines.ReviewDecideBy;
        time.SetUtcNow(Cst(2025, 4, 25));
        complaint.Suspend(SuspensionReason.Mediation, Sms(time.GetUtcNow()), time.GetUtcNow(), Investigator);
        time.SetUtcNow(Cst(2025, 5, 5));
        complaint.Resume(time.GetUtcNow(), Investigator);
        time.SetUtcNow(Cst(2025, 5, 28));
        complaint.DecideReview(FullNotice with { FactsVerified = "复核维持原处理决定" }, upheld: true, Sms(time.GetUtcNow()), time.GetUtcNow(), Manager);
        time.Advance(TimeSpan.FromDays(1));
        complaint.Close(ValidClaims, time.GetUtcNow(), Supervisor);
        var again = Assert.Throws<ComplaintRuleException>(() => complaint.ApplyForReview("再次复核", time.GetUtcNow(), Seat));

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Deadlines.ReviewApplyBy, Is.EqualTo(D(2025, 5, 1)));
            Assert.That(reviewDue, Is.EqualTo(D(2025, 5, 20)));
            Assert.That(complaint.Deadlines.ReviewDecideBy, Is.EqualTo(D(2025, 5, 30)), "10 days of mediation are not counted");
            Assert.That(complaint.ReviewUpheld, Is.True);
            Assert.That(complaint.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(again!.Message, Does.StartWith("CBIRC 2020 Art 20: a decision is reviewed once"));
            Assert.That(complaint.Events.Count(e => e.Type == CaseEventType.Closed), Is.EqualTo(2));
        });
    }

    [Test]
    public void A_review_applied_for_after_30_days_is_refused()
    {
        var complaint = Investigated("TS12", Cst(2025, 3, 20));
        complaint.Decide(FullNotice, Cst(2025, 4, 1), Investigator);
        complaint.DeliverNotice(Sms(Cst(2025, 4, 1, 15)), Investigator);

        var ex = Assert.Throws<ComplaintRuleException>(() => complaint.ApplyForReview("不服", Cst(2025, 5, 2), Seat));

        Assert.That(ex!.Message, Is.EqualTo("CBIRC 2020 Art 20: a review is applied for within 30 days of the decision notice (by 2025-05-01) (case TS12)"));
    }

    [Test]
    public void A_complaint_forwarded_by_the_regulator_closes_only_after_its_written_report()
    {
        var registration = Registration("TS13", Cst(2025, 6, 3), CaseChannel.Regulator, customerId: null) with { RegulatorReference = "粤银保监转〔2025〕88号" };
        var complaint = Case.Register(registration, Days);
        complaint.Accept(Cst(2025, 6, 3, 11), Supervisor);
        complaint.AssignInvestigation("广东分公司", Investigator, Cst(2025, 6, 3, 12), Supervisor);
        var tooEarly = Assert.Throws<ComplaintRuleException>(() => complaint.ReportToRegulator("BG-2025-061", Cst(2025, 6, 4), Supervisor));
        complaint.RecordInvestigation("核实属实", Cst(2025, 6, 10), Investigator);
        complaint.Decide(FullNotice, Cst(2025, 6, 12), Investigator);
        complaint.DeliverNotice(Sms(Cst(2025, 6, 12, 15)), Investigator);
        var noReport = Assert.Throws<ComplaintRuleException>(() => complaint.Close(ValidClaims, Cst(2025, 6, 13), Supervisor));

        complaint.ReportToRegulator("BG-2025-061", Cst(2025, 6, 13), Supervisor);
        complaint.Close(ValidClaims, Cst(2025, 6, 13, 11), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(tooEarly!.Message, Does.StartWith("CBIRC 2020 Art 33: the written report gives the outcome"));
            Assert.That(noReport!.Message, Is.EqualTo("CBIRC 2020 Art 33: a complaint forwarded by the regulator needs its written report back before closure (case TS13)"));
            Assert.That(complaint.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(complaint.RegulatorReportedAt, Is.EqualTo(Cst(2025, 6, 13)));
            Assert.That(complaint.Events.Single(e => e.Type == CaseEventType.ReportedToRegulator).Detail, Does.Contain("粤银保监转〔2025〕88号"));
        });
    }

    [Test]
    public void Only_a_regulator_forwarded_complaint_is_reported_back()
    {
        var complaint = Investigated("TS14", Cst(2025, 6, 3));
        complaint.Decide(FullNotice, Cst(2025, 6, 4), Investigator);

        Assert.That(() => complaint.ReportToRegulator("BG-1", Cst(2025, 6, 5), Supervisor),
            Throws.TypeOf<ComplaintRuleException>().With.Message.StartsWith("CBIRC 2020 Art 33: only a complaint forwarded by the regulator"));
    }

    [Test]
    public void A_major_complaint_needs_an_art_29_ground()
    {
        var group = Case.Register(Registration("TS15", Cst(2025, 7, 1)), Days);
        var disaster = Case.Register(Registration("TS16", Cst(2025, 7, 1)), Days);

        var tooSmall = Assert.Throws<ComplaintRuleException>(() => group.MarkMajor(MajorComplaintReason.GroupOfTwentyOrMore, 12, Cst(2025, 7, 1, 11), Supervisor));
        group.MarkMajor(MajorComplaintReason.GroupOfTwentyOrMore, 25, Cst(2025, 7, 1, 11), Supervisor);
        disaster.MarkMajor(MajorComplaintReason.DisasterOrPublicHealthEvent, null, Cst(2025, 7, 1, 11), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That(tooSmall!.Message, Is.EqualTo("CBIRC 2020 Art 29: a group complaint is major from 20 people (got 12) (case TS15)"));
            Assert.That((group.IsMajor, group.MajorReason), Is.EqualTo((true, (MajorComplaintReason?)MajorComplaintReason.GroupOfTwentyOrMore)));
            Assert.That(disaster.IsMajor, Is.True);
            Assert.That(disaster.Events[^1].Detail, Is.EqualTo("major complaint: disaster-or-public-health-event"));
        });
    }

    [Test]
    public void Rectification_has_an_owner_a_due_date_and_a_recheck_that_can_send_it_back()
    {
        var complaint = Investigated("TS17", Cst(2025, 3, 3));
        var task = complaint.AddRectification("理赔时效监控缺失，需上线超时预警", Manager, D(2025, 3, 31), Cst(2025, 3, 5), Supervisor);
        complaint.CompleteRectification(task.Number, "已上线预警", Cst(2025, 3, 28), Manager);
        complaint.RecheckRectification(task.Number, passed: false, "预警未覆盖团险", D(2025, 4, 15), Cst(2025, 4, 1), Supervisor);
        var reopened = complaint.Rectifications[0];
        var notDone = Assert.Throws<ComplaintRuleException>(() => complaint.RecheckRectification(1, true, "ok", null, Cst(2025, 4, 2), Supervisor));
        complaint.CompleteRectification(1, "团险已覆盖", Cst(2025, 4, 16), Manager);
        complaint.RecheckRectification(1, passed: true, "复查通过", null, Cst(2025, 4, 18), Supervisor);

        Assert.Multiple(() =>
        {
            Assert.That((task.Number, task.OwnerUserId, task.Status), Is.EqualTo((1, Manager, RectificationStatus.Open)));
            Assert.That((reopened.Status, reopened.DueOn, reopened.RecheckPassed), Is.EqualTo((RectificationStatus.Open, D(2025, 4, 15), (bool?)false)));
            Assert.That(reopened.IsOverdue(D(2025, 4, 16)), Is.True);
            Assert.That(notDone!.Message, Does.StartWith("company rules: rectification 1 is re-checked after it is reported done"));
            Assert.That(complaint.Rectifications[0].Status, Is.EqualTo(RectificationStatus.Verified));
            Assert.That(complaint.Rectifications[0].RecheckedByUserId, Is.EqualTo(Supervisor));
            Assert.That(complaint.Events.Single(e => e.Type == CaseEventType.RectificationCompleted && e.At == Cst(2025, 4, 16)).Detail,
                Does.Contain("late: due 2025-04-15"));
        });
    }

    [Test]
    public void Illegal_steps_are_refused_with_the_rule_they_break()
    {
        var registered = Case.Register(Registration("TS18", Cst(2025, 3, 3)), Days);
        var accepted = Case.Register(Registration("TS19", Cst(2025, 3, 3)), Days);
        accepted.Accept(Cst(2025, 3, 3, 11), Supervisor);
        var noFindings = Case.Register(Registration("TS20", Cst(2025, 3, 3)), Days);
        noFindings.Accept(Cst(2025, 3, 3, 11), Supervisor);
        noFindings.AssignInvestigation("理赔部", Investigator, Cst(2025, 3, 3, 12), Supervisor);
        var investigated = Investigated("TS21", Cst(2025, 3, 3));
        var decided = Investigated("TS22", Cst(2025, 3, 3));
        decided.Decide(FullNotice, Cst(2025, 3, 5), Investigator);

        Assert.Multiple(() =>
        {
            Assert.That(() => registered.Close(ValidClaims, Cst(2025, 3, 4), Supervisor), Throws.TypeOf<ComplaintRuleException>().With.Message.EqualTo(
                "CBIRC 2020 Art 18: a complaint is closed after it is accepted, investigated and decided (or forwarded); the case is Registered (case TS18)"));
            Assert.That(() => accepted.Decide(FullNotice, Cst(2025, 3, 4), Investigator), Throws.TypeOf<ComplaintRuleException>().With.Message.EqualTo(
                "CBIRC 2020 Art 19: a decision states what was verified, so it follows an investigation with recorded findings; the case is Accepted (case TS19)"));
            Assert.That(() => noFindings.Decide(FullNotice, Cst(2025, 3, 4), Investigator),
                Throws.TypeOf<ComplaintRuleException>().With.Message.Contains("the case is InProgress without findings"));
            Assert.That(() => investigated.Decide(FullNotice with { Remedies = " " }, Cst(2025, 3, 4), Investigator), Throws.TypeOf<ComplaintRuleException>()
                .With.Message.StartsWith("CBIRC 2020 Art 19: the decision notice states the facts verified, the basis and reasons, and the remedies"));
            Assert.That(() => decided.Close(ValidClaims, Cst(2025, 3, 6), Supervisor), Throws.TypeOf<ComplaintRuleException>()
                .With.Message.StartsWith("CBIRC 2020 Art 21: the decision notice is delivered, with proof, before the case is closed"));
            Assert.That(() => registered.Reject(null, null, Cst(2025, 3, 4), Supervisor), Throws.TypeOf<ComplaintRuleException>()
                .With.Message.StartsWith("CBIRC 2020 Art 18: a rejection must give its reason"));
            Assert.That(() => registered.AssignInvestigation("理赔部", Investigator, Cst(2025, 3, 4), Supervisor), Throws.TypeOf<ComplaintRuleException>()
                .With.Message.StartsWith("CBIRC 2020 Art 18: a complaint is investigated only after it is accepted; the case is Registered"));
            Assert.That(() => new NoticeDelivery(NoticeMethod.Phone, Cst(2025, 3, 6), " "), Throws.TypeOf<DomainValidationException>()
                .With.Message.Contains("proof of notice"));
            Assert.That(registered.Status, Is.EqualTo(CaseStatus.Registered));
            Assert.That(accepted.Status, Is.EqualTo(CaseStatus.Accepted));
        });
    }

    [Test]
    public void A_notice_is_delivered_once()
    {
        var decided = Investigated("TS23", Cst(2025, 3, 3));
        decided.Decide(FullNotice, Cst(2025, 3, 5), Investigator);
        decided.DeliverNotice(Sms(Cst(2025, 3, 5, 15)), Investigator);

        Assert.That(() => decided.DeliverNotice(Sms(Cst(2025, 3, 6)), Investigator),
            Throws.TypeOf<ComplaintRuleException>().With.Message.StartsWith("CBIRC 2020 Art 21: a notice is delivered once").And.Message.Contains("already notified"));
    }

    [Test]
    public void Calendar_day_deadlines_work_beyond_the_calendar_data()
    {
        var complaint = Case.Register(Registration("TS24", Cst(2026, 12, 28)), Days);

        Assert.That(complaint.Deadlines.Decide, Is.EqualTo(D(2027, 1, 12)));
    }
}
