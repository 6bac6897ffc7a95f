using ContactCenter.Core.Seats;

namespace ContactCenter.Core.Tests;

public class DomainCodesTests
{
    [Test]
    public void Enum_members_are_stored_as_kebab_case_codes_and_parse_back()
    {
        var code = DomainCodes.ToCode(AgentState.NotReady);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo("not-ready"));
            Assert.That(DomainCodes.Parse<AgentState>(code), Is.EqualTo(AgentState.NotReady));
        });
    }

    [Test]
    public void An_unknown_code_is_refused()
    {
        Assert.Throws<DomainValidationException>(() => DomainCodes.Parse<AgentState>("asleep"));
    }
}
