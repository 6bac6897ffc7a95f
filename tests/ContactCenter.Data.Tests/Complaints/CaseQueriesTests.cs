using System.Reflection;
using ContactCenter.Core;
using ContactCenter.Core.Audit;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Audit;
using ContactCenter.Data.Complaints;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;

namespace ContactCenter.Data.Tests.Complaints;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class CaseQueriesTests(string provider) : ComplaintFixture(provider)
{
    private static readonly CaseClassification ValidClaims = new(CaseValidity.Valid, ComplaintCause.Claims, "广东分公司理赔部");

    [Test]
    public async Task Every_field_of_a_case_its_timeline_and_rectifications_read_back_as_stored()
    {
        var snapshots = new List<CaseRecord>();
        var customerId = await new CustomerQueries(Db).InsertAsync(
            new Customer(0, "某某贸易", Gender.Unknown, null, Phone(), null, "广州", Cst(2025, 1, 1)), CancellationToken.None).WaitAsync(Timeout);
        var call = Contact.StartInbound(Unique("call"), TestData.Guangzhou, "13800138000", Cst(2025, 3, 3, 9, 50));
        await new ContactQueries(Db).InsertAsync(call, CancellationToken.None).WaitAsync(Timeout);
        var t = Cst(2025, 3, 3);

        // A regulator-forwarded complaint of an organisation through its agent, walked through every CBIRC step.
        var full = Case.Register(
            new CaseRegistration(Unique("TS"), CaseChannel.Regulator, t, "团体意外险理赔拖延",
                new Complainant(ComplainantKind.Organisation, "某某贸易有限公司", "91440101MA5XXXXX1", Phone(), "ops@example.cn", "广州市天河区某路1号", "91440101MA5XXXXX1X", "李总"),
                "三十日内赔付", "2月报案，至今未赔")
            {
                CustomerId = customerId,
                CallId = call.CallId,
                Agent = new ComplainantAgent("王律师", "440101198001010011", Phone(), "委托律师", "委托书 WT-2025-001"),
                Basis = "保险合同第12条",
                Institution = "某某人寿广东分公司",
                Branch = "广东分公司",
                ProductLine = ProductLine.Accident,
                Staff = "业务员 A1023",
                RegulatorReference = "粤银保监转〔2025〕12号",
            },
            Days, ComplaintRuleSet.Cbirc2020, Seat);
        await InsertAsync(full);
        full.AssignOwner(Supervisor, t.AddMinutes(10), Supervisor);
        full.Accept(t.AddHours(1), Supervisor);
        full.AssignInvestigation("广东分公司理赔部", Admin, t.AddHours(2), Supervisor);
        full.Extend(Admin, "需调取医院病历", null, t.AddDays(1), Supervisor);
        full.Suspend(SuspensionReason.OutsideAppraisal, Sms(t.AddDays(2)), t.AddDays(2), Supervisor);
        await SaveAsync(full, t.AddDays(2));
        snapshots.Add(await AssertReadsBackAsync(full));

        full.Resume(t.AddDays(5), Supervisor);
        full.RecordInvestigation("报案材料齐全后超期未赔付属实", t.AddDays(6), Admin);
        full.MarkMajor(MajorComplaintReason.GroupOfTwentyOrMore, 25, t.AddDays(6).AddHours(1), Supervisor);
        full.AddRectification("理赔时效管控缺失", Seat, new DateOnly(2025, 4, 30), t.AddDays(6).AddHours(2), Supervisor);
        full.Decide(FullNotice, t.AddDays(7), Supervisor);
        full.DeliverNotice(Sms(t.AddDays(7).AddHours(1)), Supervisor);
        full.ApplyForReview("不服处理决定", t.AddDays(10), Seat);
        await SaveAsync(full, t.AddDays(10));
        snapshots.Add(await AssertReadsBackAsync(full));

        full.DecideReview(FullNotice, true, new NoticeDelivery(NoticeMethod.Written, t.AddDays(12).AddHours(1), "EMS 1234567890"), t.AddDays(12), Supervisor);
        full.ReportToRegulator("粤银保监回复〔2025〕3号", t.AddDays(13), Supervisor);
        full.CompleteRectification(1, "已上线时效提醒", t.AddDays(14), Seat);
        full.RecheckRectification(1, true, "复查通过", null, t.AddDays(15), Supervisor);
        full.Close(ValidClaims, t.AddDays(16), Supervisor);
        await SaveAsync(full, t.AddDays(16));
        snapshots.Add(await AssertReadsBackAsync(full));

        // Company rules: incomplete material, then a rejection with its ground and notice.
        var rejected = Case.Register(Registration(t) with { MaterialComplete = false }, Days, ComplaintRuleSet.Company, Seat);
        await InsertAsync(rejected);
        rejected.RequestMaterial("保单复印件", t.AddDays(1), Seat);
        rejected.ReceiveMaterial("保单复印件已收到", false, Days, t.AddDays(2), Seat);
        rejected.Reject(RejectionGround.RepeatAfterDecision, "已于2月答复，无新事实", t.AddDays(3), Supervisor);
        rejected.DeliverNotice(new NoticeDelivery(NoticeMethod.Phone, t.AddDays(3).AddHours(1), "call 1741000000.9"), Supervisor);
        await SaveAsync(rejected, t.AddDays(3));
        snapshots.Add(await AssertReadsBackAsync(rejected));

        var forwarded = Case.Register(Registration(t), Days, ComplaintRuleSet.Company, Seat);
        await InsertAsync(forwarded);
        forwarded.Forward(ForwardKind.External, "某某财险公司", t.AddDays(1), Supervisor);
        await SaveAsync(forwarded, t.AddDays(1));
        snapshots.Add(await AssertReadsBackAsync(forwarded));

        // A repeat merged into an earlier case of the same complainant.
        var phone = Phone();
        var survivor = await InsertAsync(Case.Register(Registration(t, phone), Days, ComplaintRuleSet.Cbirc2020, Seat));
        var repeat = await InsertAsync(Case.Register(Registration(t.AddDays(1), phone), Days, ComplaintRuleSet.Cbirc2020, Seat));
        repeat.MergeInto(survivor, true, Days, t.AddDays(2), Supervisor);
        await Cases.SaveAsync([survivor, repeat], Supervisor, t.AddDays(2), CancellationToken.None).WaitAsync(Timeout);
        snapshots.Add(await AssertReadsBackAsync(repeat));
        snapshots.Add(await AssertReadsBackAsync(survivor));

        // Every stored field was set (not left at its default) by at least one of the cases above.
        var unset = typeof(CaseRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract")
            .Where(p => snapshots.All(s => IsDefault(p.GetValue(s), p.PropertyType)))
            .Select(p => p.Name)
            .ToList();
        Assert.That(unset, Is.Empty, "fields no case set, so not proven to round-trip");
    }

    [Test]
    public async Task A_stale_version_is_refused_and_nothing_of_it_is_saved()
    {
        var t = Cst(2025, 3, 3);
        var id = (await InsertAsync(Case.Register(Registration(t), Days, ComplaintRuleSet.Company, Seat))).Id;
        var first = (await Cases.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var second = (await Cases.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;

        first.Accept(t.AddHours(1), Supervisor);
        await SaveAsync(first, t.AddHours(1));
        second.Reject(RejectionGround.NotByConsumerOrAgent, "非消费者本人", t.AddHours(2), Seat);
        var conflict = Assert.ThrowsAsync<ConcurrencyConflictException>(() => Cases.SaveAsync(second, Seat, t.AddHours(2), CancellationToken.None).WaitAsync(Timeout));
        var stored = (await Cases.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;

        Assert.Multiple(() =>
        {
            Assert.That(conflict!.Record, Is.EqualTo("case"));
            Assert.That((stored.Status, stored.Version), Is.EqualTo((CaseStatus.Accepted, 2)));
            Assert.That(stored.Events.Select(e => e.Type), Is.EqualTo(new[] { CaseEventType.Registered, CaseEventType.Accepted }), "the refused step left no event");
        });
    }

    [Test]
    public async Task Every_change_is_in_the_audit_log_without_personal_values()
    {
        var t = Cst(2025, 3, 4);
        var phone = Phone();
        var complaint = await InsertAsync(Case.Register(Registration(t, phone), Days, ComplaintRuleSet.Cbirc2020, Seat));
        complaint.Accept(t.AddHours(1), Supervisor);
        await SaveAsync(complaint, t.AddHours(1));

        var entries = await new AuditLog(Db).QueryAsync(new AuditQuery(Entity: "case", EntityId: complaint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(entries.Select(e => (e.Action, e.UserId)), Is.EqualTo(new[] { (AuditActions.CaseUpdate, (int?)Supervisor), (AuditActions.CaseCreate, (int?)Seat) }));
        Assert.That(entries[0].Detail, Does.Contain("accepted").And.Not.Contain(phone).And.Not.Contain("张三"));
    }

    [Test]
    public async Task Duplicate_candidates_are_earlier_cases_of_the_same_phone_that_are_not_rejected_or_merged()
    {
        var t = Cst(2025, 3, 5);
        var phone = Phone();
        var earlier = await InsertAsync(Case.Register(Registration(t, phone), Days, ComplaintRuleSet.Cbirc2020, Seat));
        var rejected = await InsertAsync(Case.Register(Registration(t, phone), Days, ComplaintRuleSet.Cbirc2020, Seat));
        rejected.Reject(RejectionGround.NotByConsumerOrAgent, "非本人", t.AddHours(1), Supervisor);
        await SaveAsync(rejected, t.AddHours(1));
        await InsertAsync(Case.Register(Registration(t), Days, ComplaintRuleSet.Cbirc2020, Seat));
        var repeat = await InsertAsync(Case.Register(Registration(t.AddDays(1), phone, subject: "理赔款迟迟未到账！"), Days, ComplaintRuleSet.Cbirc2020, Seat));

        var candidates = await Cases.ListDuplicateCandidatesAsync(repeat, CancellationToken.None).WaitAsync(Timeout);
        var matches = DuplicateDetector.Find(repeat, candidates);

        Assert.That(candidates.Select(c => c.Id), Is.EqualTo(new[] { earlier.Id }));
        Assert.That(matches.Select(m => (m.Existing.Id, m.Kind)), Is.EqualTo(new[] { (earlier.Id, DuplicateKind.InHandling) }));
    }

    [Test]
    public async Task The_desk_list_shows_a_seat_its_own_cases_and_a_supervisor_its_site()
    {
        var t = Cst(2025, 3, 6);
        var subject = Unique("scope");
        var mine = await InsertAsync(Case.Register(Registration(t, subject: subject), Days, ComplaintRuleSet.Cbirc2020, Seat), TestData.Guangzhou, Seat);
        var colleagues = await InsertAsync(Case.Register(Registration(t, subject: subject), Days, ComplaintRuleSet.Cbirc2020, Supervisor), TestData.Guangzhou, Supervisor);
        var shanghai = await InsertAsync(Case.Register(Registration(t, subject: subject, branch: "上海分公司"), Days, ComplaintRuleSet.Cbirc2020, Admin), TestData.Shanghai, Admin);
        var desk = new CaseDesk(Db);
        var filter = new CaseListFilter { Today = new DateOnly(2025, 3, 6), Search = subject };

        var seat = await desk.ListAsync(CaseScope.User(Seat), filter, CancellationToken.None).WaitAsync(Timeout);
        var gz = await desk.ListAsync(CaseScope.Site(TestData.Guangzhou), filter, CancellationToken.None).WaitAsync(Timeout);
        var all = await desk.ListAsync(CaseScope.All, filter, CancellationToken.None).WaitAsync(Timeout);
        var sh = await desk.ListAsync(CaseScope.All, filter with { Branch = "上海分公司" }, CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(seat.Items.Select(i => i.Id), Is.EqualTo(new[] { mine.Id }));
            Assert.That(gz.Items.Select(i => i.Id), Is.EquivalentTo(new[] { mine.Id, colleagues.Id }));
            Assert.That((all.Total, all.Items.Count), Is.EqualTo((3, 3)));
            Assert.That(sh.Items.Select(i => (i.Id, i.NextDueOn, i.NextDueKind)), Is.EqualTo(new[] { (shanghai.Id, (DateOnly?)new DateOnly(2025, 3, 21), (DueKind?)DueKind.Decide) }));
        });
    }

    private static bool IsDefault(object? value, Type type) =>
        value is null || (type.IsValueType && Nullable.GetUnderlyingType(type) is null && value.Equals(Activator.CreateInstance(type)));

    private async Task<CaseRecord> AssertReadsBackAsync(Case complaint)
    {
        var stored = await ReloadAsync(complaint);
        Assert.Multiple(() =>
        {
            Assert.That(stored.ToRecord(), Is.EqualTo(complaint.ToRecord()), $"case {complaint.CaseNumber} record");
            Assert.That(stored.Events, Is.EqualTo(complaint.Events), "timeline");
            Assert.That(stored.Rectifications.Select(r => r with { Id = 0 }), Is.EqualTo(complaint.Rectifications.Select(r => r with { Id = 0 })), "rectifications");
            Assert.That(stored.Events.All(e => e.Id > 0 && e.CaseId == complaint.Id), Is.True);
        });
        return stored.ToRecord();
    }
}
