using ContactCenter.Core.Sites;

namespace ContactCenter.Core.Tests.Sites;

public class SiteTests
{
    [Test]
    public void A_site_defaults_to_china_time_and_options_configured_ami()
    {
        var site = new Site("gz", "广州");

        Assert.Multiple(() =>
        {
            Assert.That(site.TimeZone, Is.EqualTo("Asia/Shanghai"));
            Assert.That(site.AmiHost, Is.Null);
            Assert.That(site.AmiPort, Is.Null);
        });
    }

    [TestCase("GZ", null)]
    [TestCase("g z", null)]
    [TestCase("gz", 70000)]
    public void Bad_codes_and_ports_are_refused(string code, int? port)
    {
        Assert.Throws<DomainValidationException>(() => _ = new Site(code, "广州", amiPort: port));
    }
}
