using ContactCenter.Core.Complaints;
using static ContactCenter.Core.Tests.Complaints.ComplaintTestData;

namespace ContactCenter.Core.Tests.Complaints;

public class ComplaintTimelinessTests
{
    private static Case Stored(string number, CaseStatus status, DateOnly received, DateOnly decideBy, DateOnly? noticeOn,
        ComplaintRuleSet ruleSet = ComplaintRuleSet.Cbirc2020, DateOnly? acceptBy = null) =>
        Case.Restore(
            new CaseRecord
            {
                Id = number.GetHashCode(StringComparison.Ordinal),
                CaseNumber = number,
                Subject = "x",
                Status = status,
                RuleSet = ruleSet,
                ReceivedAt = Cst(received.Year, received.Month, received.Day),
                ClockStartedAt = Cst(received.Year, received.Month, received.Day),
                DecideBy = decideBy,
                AcceptBy = acceptBy,
                NoticeAt = noticeOn is { } n ? Cst(n.Year, n.Month, n.Day, 15) : null,
                NoticeMethod = noticeOn is null ? null : NoticeMethod.Sms,
                NoticeProof = noticeOn is null ? null : "sms-1",
                RejectedAt = status == CaseStatus.Rejected ? Cst(received.Year, received.Month, received.Day, 12) : null,
            },
            [],
            []);

    [Test]
    public void March_2025_timeliness_rate_and_average_handling_days_match_the_hand_count()
    {
        Case[] cases =
        [
            Stored("A", CaseStatus.Closed, D(2025, 3, 1), D(2025, 3, 16), D(2025, 3, 10)), // due, on time, 9 days
            Stored("B", CaseStatus.Decided, D(2025, 3, 5), D(2025, 3, 20), D(2025, 3, 25)), // due, late, 20 days
            Stored("C", CaseStatus.Closed, D(2025, 3, 20), D(2025, 4, 4), D(2025, 3, 28)), // due in April, answered in March, 8 days
            Stored("D", CaseStatus.InProgress, D(2025, 3, 10), D(2025, 3, 25), null), // due, unanswered: late
            Stored("E", CaseStatus.Rejected, D(2025, 3, 3), D(2025, 3, 18), D(2025, 3, 14), ComplaintRuleSet.Company, D(2025, 3, 17)), // due 17th, on time, 11 days
            Stored("F", CaseStatus.Merged, D(2025, 3, 2), D(2025, 3, 17), null), // merged: left out
            Stored("G", CaseStatus.Closed, D(2025, 2, 10), D(2025, 2, 25), D(2025, 3, 2)), // due in February, answered in March, 20 days
        ];

        var march = ComplaintTimeliness.Summarize(cases, D(2025, 3, 1), D(2025, 3, 31));

        Assert.Multiple(() =>
        {
            Assert.That((march.Due, march.AnsweredOnTime, march.Answered), Is.EqualTo((4, 2, 5)));
            Assert.That(march.TimelinessRate, Is.EqualTo(0.5));
            Assert.That(march.AverageHandlingDays, Is.EqualTo(68 / 5.0).Within(1e-9));
        });
    }

    [Test]
    public void A_period_with_nothing_due_has_no_rate_rather_than_zero()
    {
        var summary = ComplaintTimeliness.Summarize([Stored("A", CaseStatus.InProgress, D(2025, 3, 1), D(2025, 3, 16), null)], D(2025, 5, 1), D(2025, 5, 31));

        Assert.That((summary.Due, summary.TimelinessRate, summary.AverageHandlingDays), Is.EqualTo((0, (double?)null, (double?)null)));
    }

    [Test]
    public void A_reversed_period_is_refused()
    {
        Assert.That(() => ComplaintTimeliness.Summarize([], D(2025, 3, 31), D(2025, 3, 1)), Throws.TypeOf<DomainValidationException>());
    }
}
