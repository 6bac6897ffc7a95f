using ContactCenter.Core.Complaints;
using static ContactCenter.Core.Tests.Complaints.ComplaintTestData;

namespace ContactCenter.Core.Tests.Complaints;

public class CaseTests
{
    private static readonly DateTimeOffset Received = new(2025, 3, 3, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_new_complaint_is_registered_under_the_cbirc_rules_by_default()
    {
        var complaint = Case.Register(Registration("TS20250303001", Received), Days);

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Status, Is.EqualTo(CaseStatus.Registered));
            Assert.That(complaint.RuleSet, Is.EqualTo(ComplaintRuleSet.Cbirc2020));
            Assert.That(DomainCodes.ToCode(complaint.RuleSet), Is.EqualTo("cbirc-2020"));
            Assert.That(DomainCodes.ToCode(CaseStatus.InProgress), Is.EqualTo("in-progress"));
            Assert.That(DomainCodes.ToCode(CaseStatus.UnderReview), Is.EqualTo("under-review"));
            Assert.That(complaint.Version, Is.EqualTo(1));
            Assert.That(complaint.Deadlines, Is.EqualTo(new CaseDeadlines(null, null, D(2025, 3, 18), null, null)));
            Assert.That(complaint.Events.Select(e => e.Type), Is.EqualTo(new[] { CaseEventType.Registered }));
            Assert.That(complaint.Events[0].Detail, Does.Contain("decide by 2025-03-18"));
        });
    }

    [Test]
    public void The_first_columns_constructor_still_restores_a_case_with_its_decision_deadline()
    {
        var complaint = new Case(7, "TS7", CaseStatus.Accepted, CaseChannel.Letter, null, null, "x", Received, ComplaintRuleSet.Company, null, null, 3);

        Assert.Multiple(() =>
        {
            Assert.That((complaint.Id, complaint.Status, complaint.Version), Is.EqualTo((7, CaseStatus.Accepted, 3)));
            Assert.That(complaint.Deadlines.Decide, Is.EqualTo(D(2025, 3, 18)));
            Assert.That(complaint.Complainant, Is.Null);
            Assert.That(complaint.Events, Is.Empty);
        });
    }

    [Test]
    public void The_status_table_allows_the_regulated_path_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CaseStatusRules.CanMove(CaseStatus.Accepted, CaseStatus.Decided), Is.False, "no decision without investigation");
            Assert.That(CaseStatusRules.CanMove(CaseStatus.Registered, CaseStatus.Closed), Is.False);
            Assert.That(CaseStatusRules.CanMove(CaseStatus.Closed, CaseStatus.UnderReview), Is.True, "a review reopens a closed case");
            Assert.That(CaseStatusRules.IsFinal(CaseStatus.Closed), Is.True);
            Assert.That(CaseStatusRules.NextStatuses(CaseStatus.Merged), Is.Empty);
        });
    }

    [TestCase(CaseStatus.Registered, nameof(Case.Decide), ComplaintPolicy.Art19, ComplaintRuleSet.Cbirc2020)]
    [TestCase(CaseStatus.Registered, nameof(Case.Close), ComplaintPolicy.Art18, ComplaintRuleSet.Cbirc2020)]
    [TestCase(CaseStatus.Accepted, nameof(Case.Reject), ComplaintPolicy.Art18, ComplaintRuleSet.Cbirc2020)]
    [TestCase(CaseStatus.Accepted, nameof(Case.Reject), ComplaintPolicy.CompanyRules, ComplaintRuleSet.Company)]
    [TestCase(CaseStatus.Accepted, nameof(Case.Decide), ComplaintPolicy.Art19, ComplaintRuleSet.Cbirc2020)]
    [TestCase(CaseStatus.Closed, nameof(Case.AssignInvestigation), ComplaintPolicy.Art18, ComplaintRuleSet.Cbirc2020)]
    [TestCase(CaseStatus.Merged, nameof(Case.Accept), ComplaintPolicy.Art18, ComplaintRuleSet.Cbirc2020)]
    public void A_step_out_of_order_is_refused_naming_the_rule_and_the_status_and_changes_nothing(
        CaseStatus from, string step, string rule, ComplaintRuleSet ruleSet)
    {
        var complaint = InStatus(from, ruleSet);
        var before = complaint.ToRecord();
        var eventCount = complaint.Events.Count;
        var at = complaint.Events[^1].At.AddHours(1);

        var ex = Assert.Throws<ComplaintRuleException>(() => Attempt(complaint, step, at));

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Status, Is.EqualTo(from), "precondition: the case was walked to the status under test");
            Assert.That(ex!.Rule, Is.EqualTo(rule));
            Assert.That(ex.Message, Does.StartWith(rule + ": ").And.Contain($"the case is {from}").And.EndWith($"(case {complaint.CaseNumber})"));
            Assert.That(complaint.ToRecord(), Is.EqualTo(before));
            Assert.That(complaint.Events, Has.Count.EqualTo(eventCount));
        });
    }

    [Test]
    public void Registration_refuses_missing_art_13_fields_naming_the_article()
    {
        var good = Registration("TS1", Received, customerId: null);
        var organisation = good with { Complainant = new Complainant(ComplainantKind.Organisation, "某某贸易有限公司", phone: "02012345678") };
        var agentWithoutProof = good with { Agent = new ComplainantAgent("李四", null, "13900000000", "儿子", null) };
        var unreachable = good with { Complainant = new Complainant(ComplainantKind.Person, "张三") };
        var noFacts = good with { Facts = " " };
        var regulatorWithoutReference = good with { Channel = CaseChannel.Regulator };

        Assert.Multiple(() =>
        {
            Assert.That(() => Case.Register(organisation, Days), Throws.TypeOf<ComplaintRuleException>()
                .With.Message.StartsWith("CBIRC 2020 Art 13: an organisation complainant gives its address, unified social credit code"));
            Assert.That(() => Case.Register(agentWithoutProof, Days), Throws.TypeOf<ComplaintRuleException>()
                .With.Message.EqualTo("CBIRC 2020 Art 13: an agent complaining for the consumer needs a power of attorney (case TS1)"));
            Assert.That(() => Case.Register(unreachable, Days), Throws.TypeOf<ComplaintRuleException>().With.Message.Contains("phone, email or address"));
            Assert.That(() => Case.Register(noFacts, Days), Throws.TypeOf<ComplaintRuleException>().With.Message.Contains("request and the facts"));
            Assert.That(() => Case.Register(regulatorWithoutReference, Days), Throws.TypeOf<ComplaintRuleException>()
                .With.Message.StartsWith("CBIRC 2020 Art 33: "));
        });
    }

    [Test]
    public void A_known_customer_needs_no_contact_repeated_and_an_agent_with_proof_is_kept()
    {
        var registration = Registration("TS2", Received, customerId: 501) with
        {
            Complainant = new Complainant(ComplainantKind.Person, "张三"),
            Agent = new ComplainantAgent("李四", "110101199001011234", "13900000000", "儿子", "委托书 WT-2025-0031"),
            Channel = CaseChannel.Fax,
        };

        var complaint = Case.Register(registration, Days);

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Agent?.AuthorityProof, Is.EqualTo("委托书 WT-2025-0031"));
            Assert.That(complaint.Complainant?.HasContact, Is.False);
            Assert.That(DomainCodes.ToCode(complaint.Channel), Is.EqualTo("fax"));
        });
    }

    [Test]
    public void A_step_dated_before_the_latest_event_is_refused()
    {
        var complaint = Case.Register(Registration("TS3", Received), Days);

        Assert.That(() => complaint.Accept(Received.AddMinutes(-1), Supervisor), Throws.TypeOf<DomainValidationException>().With.Message.Contains("before its latest event"));
    }

    [Test]
    public void A_restored_case_gives_back_the_same_record_timeline_and_rectifications()
    {
        var complaint = Stored(Investigated("TS4", Cst(2025, 3, 3)), 4);
        complaint.AddRectification("理赔时效监控缺失", Manager, D(2025, 4, 30), Cst(2025, 3, 4), Supervisor);
        complaint.Extend(Manager, "需调取医院病历", null, Cst(2025, 3, 5), Supervisor);

        var restored = Case.Restore(complaint.ToRecord(), complaint.Events, complaint.Rectifications);

        Assert.Multiple(() =>
        {
            Assert.That(restored.ToRecord(), Is.EqualTo(complaint.ToRecord()));
            Assert.That(restored.Deadlines, Is.EqualTo(complaint.Deadlines));
            Assert.That(restored.Events, Is.EqualTo(complaint.Events));
            Assert.That(restored.Rectifications, Is.EqualTo(complaint.Rectifications));
            Assert.That(restored.NewEvents, Is.Empty);
            Assert.That(complaint.NewEvents.Select(e => e.Type), Is.EqualTo(new[] { CaseEventType.RectificationAdded, CaseEventType.Extended }));
            Assert.That(complaint.Events.Take(4).All(e => e.CaseId == 4 && e.Id > 0), Is.True);
        });
    }

    /// <summary>Walks a new case to <paramref name="status"/> through the named steps.</summary>
    private static Case InStatus(CaseStatus status, ComplaintRuleSet ruleSet)
    {
        switch (status)
        {
            case CaseStatus.Registered:
                return Case.Register(Registration("TS7", Received), Days, ruleSet, Seat);
            case CaseStatus.Accepted:
                var accepted = Case.Register(Registration("TS7", Received), Days, ruleSet, Seat);
                accepted.Accept(Received.AddHours(1), Supervisor);
                return accepted;
            case CaseStatus.Closed:
                var closed = Investigated("TS7", Received, ruleSet);
                closed.Decide(FullNotice, Received.AddHours(4), Investigator);
                closed.DeliverNotice(Sms(Received.AddHours(5)), Investigator);
                closed.Close(ValidClaims, Received.AddHours(6), Supervisor);
                return closed;
            case CaseStatus.Merged:
                var survivor = Stored(Case.Register(Registration("TS6", Received), Days, ruleSet, Seat), 6);
                var repeat = Case.Register(Registration("TS7", Received.AddHours(1)), Days, ruleSet, Seat);
                repeat.MergeInto(survivor, newFacts: true, Days, Received.AddHours(2), Supervisor);
                return repeat;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, "no walk to this status in the test");
        }
    }

    private static void Attempt(Case complaint, string step, DateTimeOffset at)
    {
        switch (step)
        {
            case nameof(Case.Accept):
                complaint.Accept(at, Supervisor);
                break;
            case nameof(Case.Reject):
                complaint.Reject(RejectionGround.RepeatInHandling, "重复投诉", at, Supervisor);
                break;
            case nameof(Case.AssignInvestigation):
                complaint.AssignInvestigation("广东分公司理赔部", Investigator, at, Supervisor);
                break;
            case nameof(Case.Decide):
                complaint.Decide(FullNotice, at, Investigator);
                break;
            case nameof(Case.Close):
                complaint.Close(ValidClaims, at, Supervisor);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "no such step in the test");
        }
    }
}
