using ContactCenter.Core;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Complaints;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;

namespace ContactCenter.Data.Tests.Customers;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class CustomerQueriesTests(string provider) : DatabaseFixture(provider)
{
    private CustomerQueries _customers = null!;
    private CaseQueries _cases = null!;
    private ContactQueries _contacts = null!;
    private int _phoneSeed = Random.Shared.Next(10_000_000, 90_000_000);

    [OneTimeSetUp]
    public async Task Setup()
    {
        await TestData.EnsureSitesAsync(Db);
        _customers = new CustomerQueries(Db);
        _cases = new CaseQueries(Db);
        _contacts = new ContactQueries(Db);
    }

    [Test]
    public async Task A_customer_and_policy_read_back_exactly()
    {
        var created = new DateTimeOffset(2025, 2, 28, 16, 5, 7, 123, TimeSpan.FromHours(8)).AddTicks(4560);
        var id = await InsertCustomerAsync("李四", mobile: NextMobile(), created: created);
        var policy = new Policy(Unique("P"), id, ProductLine.Life, "鑫福年金", 12345.67m, new DateOnly(2025, 3, 1), 20, new DateOnly(2025, 3, 16), PolicyStatus.InForce, "广东分公司");
        await _customers.InsertPolicyAsync(policy, CancellationToken.None).WaitAsync(Timeout);

        var customer = (await _customers.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var stored = (await _customers.ListPoliciesAsync(id, CancellationToken.None).WaitAsync(Timeout)).Single();

        Assert.That((customer.Name, customer.Gender, customer.City, customer.Version), Is.EqualTo(("李四", Gender.Female, (string?)"广州", 1)));
        Assert.That(customer.CreatedAt, Is.EqualTo(created), "same instant, to the microsecond");
        Assert.That(customer.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero), "read back as UTC");
        Assert.That(
            (stored.PolicyNumber, stored.CustomerId, stored.ProductLine, stored.ProductName, stored.Premium, stored.StartDate, stored.TermYears, stored.CoolingOffEnd, stored.Status, stored.Branch),
            Is.EqualTo((policy.PolicyNumber, id, ProductLine.Life, "鑫福年金", 12345.67m, new DateOnly(2025, 3, 1), 20, (DateOnly?)new DateOnly(2025, 3, 16), PolicyStatus.InForce, "广东分公司")));
    }

    /// <summary>SQLite stores a whole premium as INTEGER and another as REAL; a customer with both must still pop (the IVR lookup failed on it).</summary>
    [Test]
    public async Task Policies_with_whole_and_fractional_premiums_read_back_together()
    {
        var mobile = NextMobile();
        var id = await InsertCustomerAsync("王五", mobile);
        foreach (var premium in new[] { 1234.5m, 18659m, 99.99m })
        {
            await _customers.InsertPolicyAsync(new Policy(Unique("P"), id, ProductLine.Life, "鑫福年金", premium, new DateOnly(2025, 3, 1), 20, new DateOnly(2025, 3, 16), PolicyStatus.InForce, "广东分公司"), CancellationToken.None).WaitAsync(Timeout);
        }

        for (var i = 0; i < 2; i++)
        {
            var pops = await _customers.FindByPhoneAsync(mobile, 0, CancellationToken.None).WaitAsync(Timeout);
            Assert.That(pops.Single().Policies.Select(p => p.Premium).Order(), Is.EqualTo(new[] { 99.99m, 1234.5m, 18659m }));
        }
    }

    [Test]
    public async Task Screen_pop_by_calling_number_finds_the_customer_by_mobile_or_second_phone()
    {
        var mobile = NextMobile();
        var phone2 = NextMobile();
        var id = await InsertCustomerAsync("张三", mobile, phone2);

        var byMobile = await _customers.FindByPhoneAsync("+86 " + mobile[..3] + "-" + mobile[3..], 5, CancellationToken.None).WaitAsync(Timeout);
        var byPhone2 = await _customers.FindByPhoneAsync(phone2, 5, CancellationToken.None).WaitAsync(Timeout);
        var unknown = await _customers.FindByPhoneAsync(NextMobile(), 5, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(byMobile.Select(p => p.Customer.Id), Is.EqualTo(new[] { id }));
        Assert.That(byPhone2.Select(p => p.Customer.Id), Is.EqualTo(new[] { id }));
        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public async Task Screen_pop_carries_policies_open_complaints_and_the_last_contacts_newest_first()
    {
        var mobile = NextMobile();
        var id = await InsertCustomerAsync("王五", mobile);
        var policyNumber = Unique("P");
        await _customers.InsertPolicyAsync(
            new Policy(policyNumber, id, ProductLine.Health, "安康医疗", 800m, new DateOnly(2024, 6, 1), 1, null, PolicyStatus.InForce, "广东分公司"),
            CancellationToken.None).WaitAsync(Timeout);
        var open = Case.Register(Unique("TS"), CaseChannel.Phone, id, null, "理赔慢", Time.GetUtcNow(), ComplaintRuleSet.Cbirc2020, "广东分公司", ProductLine.Health);
        var openId = await _cases.InsertAsync(open, CancellationToken.None).WaitAsync(Timeout);
        var closed = new Case(0, Unique("TS"), CaseStatus.Closed, CaseChannel.Phone, id, null, "旧投诉", Time.GetUtcNow().AddDays(-90), ComplaintRuleSet.Cbirc2020, null, null);
        await _cases.InsertAsync(closed, CancellationToken.None).WaitAsync(Timeout);
        var start = new DateTimeOffset(2025, 2, 1, 2, 0, 0, TimeSpan.Zero);
        var callIds = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var contact = Contact.StartInbound(Unique("call"), TestData.Guangzhou, mobile, start.AddHours(i));
            contact.Close(ContactOutcome.Abandoned, start.AddHours(i).AddMinutes(1), TimeSpan.Zero);
            await _contacts.InsertAsync(contact, CancellationToken.None).WaitAsync(Timeout);
            callIds.Add(contact.CallId);
        }

        var live = Contact.StartInbound(Unique("call"), TestData.Guangzhou, mobile, start.AddHours(9));
        await _contacts.InsertAsync(live, CancellationToken.None).WaitAsync(Timeout);

        var byPhone = (await _customers.FindByPhoneAsync(mobile, 3, CancellationToken.None).WaitAsync(Timeout)).Single();
        var byPolicy = await _customers.FindByPolicyNumberAsync(policyNumber, 3, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(byPhone.Customer.Id, Is.EqualTo(id));
        Assert.That(byPhone.Policies.Select(p => p.PolicyNumber), Is.EqualTo(new[] { policyNumber }));
        Assert.That(byPhone.OpenComplaints.Select(c => c.Id), Is.EqualTo(new[] { openId }));
        Assert.That(byPhone.RecentContacts.Select(c => c.CallId), Is.EqualTo(new[] { callIds[3], callIds[2], callIds[1] }), "ended only, newest first, at most 3");
        Assert.That(byPolicy?.Customer.Id, Is.EqualTo(id));
        Assert.That(byPolicy?.RecentContacts, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Screen_pop_by_an_unknown_policy_number_is_null()
    {
        Assert.That(await _customers.FindByPolicyNumberAsync(Unique("P"), 3, CancellationToken.None).WaitAsync(Timeout), Is.Null);
    }

    [Test]
    public async Task Two_people_editing_the_same_customer_get_a_conflict_for_the_second_save()
    {
        var id = await InsertCustomerAsync("赵六", NextMobile());
        var first = (await _customers.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;
        var second = (await _customers.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout))!;

        first.UpdateContactDetails(first.Mobile, null, "深圳");
        await _customers.UpdateAsync(first, CancellationToken.None).WaitAsync(Timeout);
        second.UpdateContactDetails(second.Mobile, null, "佛山");

        var conflict = Assert.ThrowsAsync<ConcurrencyConflictException>(() => _customers.UpdateAsync(second, CancellationToken.None).WaitAsync(Timeout));
        var stored = await _customers.GetByIdAsync(id, CancellationToken.None).WaitAsync(Timeout);
        Assert.That((conflict!.Record, conflict.Id), Is.EqualTo(("customer", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That((stored?.City, stored?.Version), Is.EqualTo(((string?)"深圳", (int?)2)));
    }

    private async Task<int> InsertCustomerAsync(string name, string? mobile, string? phone2 = null, DateTimeOffset? created = null) =>
        await _customers.InsertAsync(
            new Customer(0, name, Gender.Female, "440101199001011234", mobile, phone2, "广州", created ?? Time.GetUtcNow()),
            CancellationToken.None).WaitAsync(Timeout);

    private string NextMobile() => "139" + Interlocked.Increment(ref _phoneSeed).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
