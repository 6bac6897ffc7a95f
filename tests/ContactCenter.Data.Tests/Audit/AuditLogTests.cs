using ContactCenter.Core.Audit;
using ContactCenter.Data.Audit;

namespace ContactCenter.Data.Tests.Audit;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class AuditLogTests(string provider) : DatabaseFixture(provider)
{
    private AuditLog _audit = null!;

    [OneTimeSetUp]
    public void Setup() => _audit = new AuditLog(Db);

    [Test]
    public async Task Entries_for_a_record_come_back_newest_first_and_page()
    {
        var customerId = Unique("c");
        var at = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await _audit.AppendAsync(
                AuditEntry.Record(at.AddMinutes(i), null, AuditActions.CustomerViewFullMobile, "customer", customerId, $"view {i}"),
                CancellationToken.None).WaitAsync(Timeout));
        }

        await _audit.AppendAsync(AuditEntry.Record(at, null, AuditActions.CaseUpdate, "case", Unique("k")), CancellationToken.None).WaitAsync(Timeout);

        var firstPage = await _audit.QueryAsync(new AuditQuery(Entity: "customer", EntityId: customerId, Take: 2), CancellationToken.None).WaitAsync(Timeout);
        var secondPage = await _audit.QueryAsync(new AuditQuery(Entity: "customer", EntityId: customerId, Skip: 2, Take: 2), CancellationToken.None).WaitAsync(Timeout);
        var window = await _audit.QueryAsync(new AuditQuery(EntityId: customerId, From: at.AddMinutes(1), To: at.AddMinutes(3)), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(ids, Is.Unique);
        Assert.That(firstPage.Select(e => e.Id), Is.EqualTo(new[] { ids[4], ids[3] }));
        Assert.That(secondPage.Select(e => e.Id), Is.EqualTo(new[] { ids[2], ids[1] }));
        Assert.That(firstPage[0].Action, Is.EqualTo("customer.view-full-mobile"));
        Assert.That(firstPage[0].At, Is.EqualTo(at.AddMinutes(4)));
        Assert.That(window.Select(e => e.Detail), Is.EqualTo(new List<string> { "view 2", "view 1" }));
    }
}
