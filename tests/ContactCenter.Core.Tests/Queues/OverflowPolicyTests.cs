using ContactCenter.Core.Queues;

namespace ContactCenter.Core.Tests.Queues;

public class OverflowPolicyTests
{
    [TestCase(0, null, null, TestName = "A zero wait threshold is refused")]
    [TestCase(-5, null, null, TestName = "A negative wait threshold is refused")]
    [TestCase(null, 0, null, TestName = "A zero estimated wait threshold is refused")]
    [TestCase(null, null, 0.0, TestName = "A zero waiting per seat ratio is refused")]
    [TestCase(null, null, double.NaN, TestName = "A NaN waiting per seat ratio is refused")]
    public void Invalid_thresholds_are_refused(int? maxWait, int? maxEstimated, double? perSeat)
    {
        Assert.Throws<DomainValidationException>(() => _ = new OverflowPolicy(maxWait, maxEstimated, perSeat, ["sh"]));
    }

    [Test]
    public void A_threshold_without_targets_is_refused()
    {
        var ex = Assert.Throws<DomainValidationException>(() => _ = new OverflowPolicy(60, null, null, []));

        Assert.That(ex!.Message, Does.Contain("no overflow target"));
    }

    [Test]
    public void Targets_without_a_threshold_are_refused()
    {
        Assert.Throws<DomainValidationException>(() => _ = new OverflowPolicy(null, null, null, ["sh"]));
    }

    [Test]
    public void A_target_listed_twice_is_refused()
    {
        Assert.Throws<DomainValidationException>(() => _ = new OverflowPolicy(60, null, null, ["sh", "bj", "sh"]));
    }

    [Test]
    public void A_queue_cannot_overflow_to_its_own_site()
    {
        var policy = new OverflowPolicy(60, null, null, ["sh", "gz"]);

        Assert.Throws<DomainValidationException>(() => _ = new Queue("gz", "claims", "理赔", overflow: policy));
    }

    [Test]
    public void Stored_targets_round_trip_in_order()
    {
        var policy = new OverflowPolicy(60, 120, 3, OverflowPolicy.ParseTargets(" sh, bj ,"));

        Assert.Multiple(() =>
        {
            Assert.That(policy.Targets, Is.EqualTo((string[])["sh", "bj"]));
            Assert.That(policy.FormatTargets(), Is.EqualTo("sh,bj"));
            Assert.That(OverflowPolicy.ParseTargets(""), Is.Empty);
        });
    }

    [TestCase(61, 0, 1, 5, OverflowReason.WaitedTooLong, TestName = "Oldest call over T overflows")]
    [TestCase(60, 0, 1, 5, null, TestName = "Oldest call exactly at T does not overflow")]
    [TestCase(10, 121, 1, 5, OverflowReason.EstimatedWaitTooLong, TestName = "Estimated wait over W overflows")]
    [TestCase(10, 30, 16, 5, OverflowReason.TooManyWaitingPerSeat, TestName = "More than R waiting per seat overflows")]
    [TestCase(10, 30, 15, 5, null, TestName = "Exactly R waiting per seat does not overflow")]
    [TestCase(10, 30, 1, 0, OverflowReason.TooManyWaitingPerSeat, TestName = "A waiting call with no available seat overflows")]
    [TestCase(999, 999, 0, 0, null, TestName = "An empty queue never overflows")]
    public void Evaluate_names_the_rule_that_tripped(int longestWait, int estimatedWait, int waiting, int seats, OverflowReason? expected)
    {
        var policy = new OverflowPolicy(60, 120, 3.0, ["sh"]);
        var load = new QueueLoad(TimeSpan.FromSeconds(longestWait), TimeSpan.FromSeconds(estimatedWait), waiting, seats);

        Assert.That(policy.Evaluate(load), Is.EqualTo(expected));
    }

    [Test]
    public void The_none_policy_never_overflows()
    {
        var load = new QueueLoad(TimeSpan.FromHours(1), TimeSpan.FromHours(1), 100, 0);

        Assert.That(OverflowPolicy.None.Evaluate(load), Is.Null);
    }

    [Test]
    public void Target_choice_skips_visited_and_unavailable_sites_in_order()
    {
        var policy = new OverflowPolicy(60, null, null, ["sh", "bj", "cd"]);

        var chosen = policy.ChooseTarget(["gz", "sh"], site => site != "bj");
        var none = policy.ChooseTarget(["sh", "bj", "cd"], _ => true);

        Assert.Multiple(() =>
        {
            Assert.That(chosen, Is.EqualTo("cd"));
            Assert.That(none, Is.Null);
        });
    }
}
