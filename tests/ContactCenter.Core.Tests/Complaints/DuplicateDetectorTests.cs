using ContactCenter.Core.Complaints;
using static ContactCenter.Core.Tests.Complaints.ComplaintTestData;

namespace ContactCenter.Core.Tests.Complaints;

public class DuplicateDetectorTests
{
    private static Case Walkin(string number, DateTimeOffset at, Complainant person, string subject = "退保金额不对") =>
        Case.Register(Registration(number, at, CaseChannel.Visit, customerId: null, subject) with { Complainant = person }, Days);

    [Test]
    public void Same_id_number_and_subject_in_other_words_spacing_is_a_repeat()
    {
        var earlier = Walkin("TS1", Cst(2025, 3, 3), new Complainant(ComplainantKind.Person, "王五", "440101199001011234", "13800000001"));
        var later = Walkin("TS2", Cst(2025, 3, 5), new Complainant(ComplainantKind.Person, "王 五", "440101199001011234", "02088888888"), "退保金额 不对!");

        Assert.That(DuplicateDetector.Find(later, [earlier]).Select(m => m.Existing.CaseNumber), Is.EqualTo(new[] { "TS1" }));
    }

    [Test]
    public void Without_id_numbers_the_name_and_phone_digits_identify_the_complainant()
    {
        var earlier = Walkin("TS1", Cst(2025, 3, 3), new Complainant(ComplainantKind.Person, "王五", phone: "138-0000-0001"));
        var same = Walkin("TS2", Cst(2025, 3, 5), new Complainant(ComplainantKind.Person, "王五", phone: "13800000001"));
        var otherPhone = Walkin("TS3", Cst(2025, 3, 5), new Complainant(ComplainantKind.Person, "王五", phone: "13800000002"));

        Assert.Multiple(() =>
        {
            Assert.That(DuplicateDetector.Find(same, [earlier]), Has.Count.EqualTo(1));
            Assert.That(DuplicateDetector.Find(otherPhone, [earlier]), Is.Empty);
        });
    }

    [Test]
    public void Another_subject_later_cases_and_rejected_cases_are_not_repeats()
    {
        var person = new Complainant(ComplainantKind.Person, "王五", "440101199001011234", address: "广州市天河区");
        var candidate = Walkin("TS1", Cst(2025, 3, 5), person);
        var otherSubject = Walkin("TS2", Cst(2025, 3, 3), person, "服务态度差");
        var later = Walkin("TS3", Cst(2025, 3, 6), person);
        var rejected = Walkin("TS4", Cst(2025, 3, 3), person);
        rejected.Reject(RejectionGround.NotByConsumerOrAgent, "非消费者本人", Cst(2025, 3, 3, 11), Supervisor);

        Assert.That(DuplicateDetector.Find(candidate, [otherSubject, later, rejected, candidate]), Is.Empty);
    }

    [Test]
    public void Cases_in_handling_come_before_decided_ones()
    {
        var decided = Investigated("TS1", Cst(2025, 3, 1));
        decided.Decide(FullNotice, Cst(2025, 3, 2), Investigator);
        var open = Case.Register(Registration("TS2", Cst(2025, 3, 3)), Days);
        var candidate = Case.Register(Registration("TS3", Cst(2025, 3, 5)), Days);

        var matches = DuplicateDetector.Find(candidate, [decided, open]);

        Assert.That(matches.Select(m => (m.Existing.CaseNumber, m.Kind)),
            Is.EqualTo(new[] { ("TS2", DuplicateKind.InHandling), ("TS1", DuplicateKind.AfterDecision) }));
    }
}
