using ContactCenter.Core.Customers;

namespace ContactCenter.Core.Tests.Customers;

public class PolicyTests
{
    [Test]
    public void A_long_life_policy_gets_a_cooling_off_end_computed_from_its_start_date()
    {
        var policy = Policy.Issue("P0001", 1, ProductLine.Life, "鑫享人生", 12000m, new DateOnly(2025, 3, 1), 20, "广东分公司", CoolingOffRule.Default);

        Assert.Multiple(() =>
        {
            Assert.That(policy.CoolingOffEnd, Is.EqualTo(new DateOnly(2025, 3, 16)));
            Assert.That(policy.IsInCoolingOff(new DateOnly(2025, 3, 16)), Is.True);
            Assert.That(policy.IsInCoolingOff(new DateOnly(2025, 3, 17)), Is.False);
            Assert.That(policy.NeedsNewPolicyCallback, Is.True);
        });
    }

    [Test]
    public void The_cooling_off_length_is_a_parameter()
    {
        var rule = new CoolingOffRule(20, 1, [ProductLine.Life, ProductLine.Health]);

        var policy = Policy.Issue("P0002", 1, ProductLine.Health, "康宁", 3000m, new DateOnly(2025, 12, 20), 5, "广东分公司", rule);

        Assert.That(policy.CoolingOffEnd, Is.EqualTo(new DateOnly(2026, 1, 9)));
    }

    [TestCase(ProductLine.Life, 1, TestName = "A one-year life policy has no cooling-off period")]
    [TestCase(ProductLine.Auto, 1, TestName = "An auto policy has no cooling-off period")]
    [TestCase(ProductLine.Accident, 10, TestName = "An accident policy has no cooling-off period by default")]
    public void Policies_outside_the_rule_have_no_cooling_off(ProductLine line, int termYears)
    {
        var policy = Policy.Issue("P0003", 1, line, "x", 100m, new DateOnly(2025, 3, 1), termYears, "广东分公司", CoolingOffRule.Default);

        Assert.Multiple(() =>
        {
            Assert.That(policy.CoolingOffEnd, Is.Null);
            Assert.That(policy.IsInCoolingOff(new DateOnly(2025, 3, 2)), Is.False);
        });
    }

    [Test]
    public void A_negative_premium_is_refused()
    {
        Assert.Throws<DomainValidationException>(() =>
            Policy.Issue("P0004", 1, ProductLine.Life, "x", -1m, new DateOnly(2025, 3, 1), 10, "b", CoolingOffRule.Default));
    }
}
