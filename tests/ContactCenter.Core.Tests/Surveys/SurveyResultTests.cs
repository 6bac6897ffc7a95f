using ContactCenter.Core.Surveys;

namespace ContactCenter.Core.Tests.Surveys;

public class SurveyResultTests
{
    [Test]
    public void No_answer_is_recorded_as_not_rated_without_a_score()
    {
        var result = SurveyResult.NotRated("call-1", "agent-1001", "gz/claims", "gz", 3, DateTimeOffset.UnixEpoch);

        Assert.Multiple(() =>
        {
            Assert.That(result.Score, Is.Null);
            Assert.That(result.Status, Is.EqualTo(SurveyStatus.NotRated));
            Assert.That(result.IsSatisfied, Is.Null);
            Assert.That(DomainCodes.ToCode(result.Status), Is.EqualTo("not-rated"));
        });
    }

    [TestCase(3, 1, true)]
    [TestCase(3, 2, true)]
    [TestCase(3, 3, false)]
    [TestCase(5, 2, true)]
    [TestCase(5, 3, false)]
    [TestCase(5, 5, false)]
    public void Scores_1_and_2_count_as_satisfied(int scale, int score, bool satisfied)
    {
        var result = SurveyResult.Rated("call-1", "agent-1001", null, "gz", scale, score, DateTimeOffset.UnixEpoch);

        Assert.That(result.IsSatisfied, Is.EqualTo(satisfied));
    }

    [TestCase(4, 1, TestName = "A 4-point scale is refused")]
    [TestCase(3, 4, TestName = "A score of 4 on a 3-point scale is refused")]
    [TestCase(5, 0, TestName = "A score of 0 is refused")]
    public void Invalid_scale_or_score_is_refused(int scale, int score)
    {
        Assert.Throws<DomainValidationException>(() => SurveyResult.Rated("call-1", null, null, "gz", scale, score, DateTimeOffset.UnixEpoch));
    }
}
