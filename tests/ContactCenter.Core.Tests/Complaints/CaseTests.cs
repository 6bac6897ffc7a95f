using ContactCenter.Core.Complaints;

namespace ContactCenter.Core.Tests.Complaints;

public class CaseTests
{
    private static readonly DateTimeOffset Received = new(2025, 3, 3, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_new_complaint_is_registered_under_the_cbirc_rules_by_default()
    {
        var complaint = Case.Register("TS20250303001", CaseChannel.Phone, 1, "call-1", "理赔时效", Received);

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Status, Is.EqualTo(CaseStatus.Registered));
            Assert.That(complaint.RuleSet, Is.EqualTo(ComplaintRuleSet.Cbirc2020));
            Assert.That(DomainCodes.ToCode(complaint.RuleSet), Is.EqualTo("cbirc-2020"));
            Assert.That(DomainCodes.ToCode(CaseStatus.InProgress), Is.EqualTo("in-progress"));
            Assert.That(complaint.Version, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_case_follows_the_legal_path_to_closed()
    {
        var complaint = Case.Register("TS1", CaseChannel.Regulator, null, null, "销售误导", Received);

        complaint.MoveTo(CaseStatus.Accepted);
        complaint.MoveTo(CaseStatus.InProgress);
        complaint.MoveTo(CaseStatus.Decided);
        complaint.MoveTo(CaseStatus.Closed);

        Assert.Multiple(() =>
        {
            Assert.That(complaint.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(complaint.IsFinal, Is.True);
        });
    }

    [TestCase(CaseStatus.Registered, CaseStatus.Decided)]
    [TestCase(CaseStatus.Registered, CaseStatus.Closed)]
    [TestCase(CaseStatus.Accepted, CaseStatus.Rejected)]
    [TestCase(CaseStatus.Closed, CaseStatus.InProgress)]
    [TestCase(CaseStatus.Merged, CaseStatus.Accepted)]
    public void An_illegal_status_move_throws_naming_both_statuses(CaseStatus from, CaseStatus to)
    {
        var complaint = new Case(7, "TS7", from, CaseChannel.Phone, null, null, "x", Received, ComplaintRuleSet.Company, null, null);

        var ex = Assert.Throws<CaseStatusException>(() => complaint.MoveTo(to));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo($"case TS7: cannot go from {from} to {to}"));
            Assert.That(complaint.Status, Is.EqualTo(from));
        });
    }
}
