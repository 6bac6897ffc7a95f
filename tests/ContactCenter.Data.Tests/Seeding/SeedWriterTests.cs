using System.Data.Common;
using System.Globalization;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Customers;
using ContactCenter.Data.Seeding;

namespace ContactCenter.Data.Tests.Seeding;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class SeedWriterTests(string provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task Three_hundred_customers_with_policies_go_in_one_transaction()
    {
        var seeder = new SeedWriter(Db);
        var prefix = Unique("S");
        var batch = Enumerable.Range(0, 300).Select(i => Seed(prefix, i)).ToList();
        Assert.That(await seeder.HasNoCustomersAsync(CancellationToken.None).WaitAsync(Timeout), Is.True);

        var ids = await seeder.InsertCustomersAsync(batch, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
        var policies = await new CustomerQueries(Db).ListPoliciesAsync(ids[123], CancellationToken.None).WaitAsync(Timeout);

        Assert.That(ids, Has.Count.EqualTo(300).And.Unique);
        Assert.That(policies.Select(p => p.PolicyNumber).Order(), Is.EqualTo(new[] { $"{prefix}-123-A", $"{prefix}-123-B" }));
        Assert.That(await seeder.HasNoCustomersAsync(CancellationToken.None).WaitAsync(Timeout), Is.False);
    }

    [Test]
    public async Task A_failing_row_rolls_the_whole_batch_back()
    {
        var seeder = new SeedWriter(Db);
        var prefix = Unique("F");
        var batch = Enumerable.Range(0, 10).Select(i => Seed(prefix, i)).ToList();
        batch.Add(Seed(prefix, 3)); // same policy numbers again

        Assert.That(() => seeder.InsertCustomersAsync(batch, CancellationToken.None).WaitAsync(Timeout), Throws.InstanceOf<DbException>());
        var found = await new CustomerQueries(Db).FindByPolicyNumberAsync($"{prefix}-0-A", 0, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(found, Is.Null);
    }

    private static SeedCustomer Seed(string prefix, int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        var customer = new Customer(0, "客户" + n, i % 2 == 0 ? Gender.Male : Gender.Female, null, "1380000" + n.PadLeft(4, '0'), null, "广州",
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i));
        return new SeedCustomer(customer,
        [
            Policy.Issue($"{prefix}-{n}-A", 0, ProductLine.Life, "终身寿险", 5000m + i, new DateOnly(2025, 1, 1), 20, "广东分公司", CoolingOffRule.Default),
            Policy.Issue($"{prefix}-{n}-B", 0, ProductLine.Auto, "车险", 3000m, new DateOnly(2025, 1, 1), 1, "广东分公司", CoolingOffRule.Default),
        ]);
    }
}
