using ContactCenter.Core.Callbacks;

namespace ContactCenter.Core.Tests.Callbacks;

public class CampaignTests
{
    // Fixed +08:00 zone so the test does not depend on the machine's time-zone data.
    private static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("CST-test", TimeSpan.FromHours(8), "CST", "CST");
    private static readonly CallingWindow NineToEight = new(new TimeOnly(9, 0), new TimeOnly(20, 0));

    [Test]
    public void A_window_must_start_before_it_ends()
    {
        Assert.Throws<DomainValidationException>(() => _ = new CallingWindow(new TimeOnly(20, 0), new TimeOnly(9, 0)));
    }

    [TestCase("2025-03-03T02:00:00Z", "2025-03-03T02:00:00Z", TestName = "Inside the window dials now")]
    [TestCase("2025-03-02T23:30:00Z", "2025-03-03T01:00:00Z", TestName = "Before 9:00 local waits for 9:00 the same day")]
    [TestCase("2025-03-03T12:00:00Z", "2025-03-04T01:00:00Z", TestName = "At 20:00 local waits for 9:00 the next day")]
    public void Next_opening_respects_the_local_calling_window(string now, string expected)
    {
        var next = NineToEight.NextOpening(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), China);

        Assert.That(next, Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Campaign_kinds_have_the_stored_codes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DomainCodes.ToCode(CampaignKind.NewPolicy), Is.EqualTo("new-policy"));
            Assert.That(DomainCodes.ToCode(CampaignKind.ComplaintResolution), Is.EqualTo("complaint-resolution"));
            Assert.That(DomainCodes.Parse<CampaignKind>("claims"), Is.EqualTo(CampaignKind.Claims));
        });
    }

    [Test]
    public void A_campaign_needs_at_least_one_attempt()
    {
        Assert.Throws<DomainValidationException>(() => _ = new Campaign(1, "新契约回访", CampaignKind.NewPolicy, "gz", NineToEight, 0));
    }
}
