using ContactCenter.Core.Audit;

namespace ContactCenter.Core.Tests.Audit;

public class AuditEntryTests
{
    [Test]
    public void An_entry_records_who_did_what_to_which_record()
    {
        var entry = AuditEntry.Record(DateTimeOffset.UnixEpoch, 3, AuditActions.CustomerViewFullMobile, "customer", "42");

        Assert.Multiple(() =>
        {
            Assert.That(entry.Id, Is.Zero);
            Assert.That(entry.Action, Is.EqualTo("customer.view-full-mobile"));
            Assert.That(entry.EntityId, Is.EqualTo("42"));
        });
    }

    [TestCase("ViewCustomer")]
    [TestCase("customer view")]
    [TestCase("")]
    public void Actions_must_be_lower_case_entity_dot_verb(string action)
    {
        Assert.Throws<DomainValidationException>(() => AuditEntry.Record(DateTimeOffset.UnixEpoch, 3, action, "customer", "42"));
    }
}
