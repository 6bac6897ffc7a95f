using ContactCenter.Core;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Complaints;

namespace ContactCenter.Data.Tests.Complaints;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class CaseQueriesTests(string provider) : DatabaseFixture(provider)
{
    private CaseQueries _cases = null!;

    [OneTimeSetUp]
    public void Setup() => _cases = new CaseQueries(Db);

    [Test]
    public async Task A_case_reads_back_with_its_codes()
    {
        var received = Time.GetUtcNow();
        var id = await _cases.InsertAsync(
            Case.Register(Unique("TS"), CaseChannel.Regulator, null, null, "监管转办", received, ComplaintRuleSet.Cbirc2020, "广东分公司", ProductLine.Auto),
            CancellationToken.None).WaitAsync(Timeout);

        var stored = (await _cases.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;

        Assert.That((stored.Status, stored.Channel, stored.RuleSet, stored.ProductLine, stored.ReceivedAt, stored.Version),
            Is.EqualTo((CaseStatus.Registered, CaseChannel.Regulator, ComplaintRuleSet.Cbirc2020, (ProductLine?)ProductLine.Auto, received, 1)));
    }

    [Test]
    public async Task Two_people_moving_the_same_case_get_a_conflict_for_the_second_save()
    {
        var id = await _cases.InsertAsync(
            Case.Register(Unique("TS"), CaseChannel.Phone, null, null, "服务态度", Time.GetUtcNow(), ComplaintRuleSet.Company),
            CancellationToken.None).WaitAsync(Timeout);
        var first = (await _cases.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var second = (await _cases.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;

        first.MoveTo(CaseStatus.Accepted);
        await _cases.UpdateAsync(first, CancellationToken.None).WaitAsync(Timeout);
        second.MoveTo(CaseStatus.Rejected);
        var conflict = Assert.ThrowsAsync<ConcurrencyConflictException>(() => _cases.UpdateAsync(second, CancellationToken.None).WaitAsync(Timeout));
        var stored = await _cases.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(conflict!.Record, Is.EqualTo("case"));
        Assert.That((stored?.Status, stored?.Version), Is.EqualTo(((CaseStatus?)CaseStatus.Accepted, (int?)2)));
    }
}
