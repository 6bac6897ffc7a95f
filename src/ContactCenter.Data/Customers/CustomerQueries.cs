using System.Data.Common;
using System.Globalization;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Complaints;
using ContactCenter.Data.Contacts;
using Dapper;

namespace ContactCenter.Data.Customers;

/// <summary>What a seat's screen shows when a call is offered: the customer, their policies, open complaints and last contacts.</summary>
public sealed record ScreenPop(Customer Customer, IReadOnlyList<Policy> Policies, IReadOnlyList<Case> OpenComplaints, IReadOnlyList<Contact> RecentContacts);

/// <summary>Reads and writes <c>customers</c> and <c>policies</c>, and builds the screen pop.</summary>
public sealed class CustomerQueries
{
    internal const string Columns = "id, name, gender, id_number, mobile, phone2, city, created_at, version";

    internal const string PolicyColumns =
        "policy_number, customer_id, product_line, product_name, premium, start_date, term_years, cooling_off_end, status, branch";

    internal const string InsertPolicySql =
        $"INSERT INTO policies ({PolicyColumns}) VALUES (@PolicyNumber, @CustomerId, @ProductLine, @ProductName, @Premium, @StartDate, @TermYears, @CoolingOffEnd, @Status, @Branch)";

    /// <summary>At most this many customers share one phone number in a screen pop.</summary>
    public const int MaxPhoneMatches = 10;

    internal static readonly string[] InsertColumns = ["name", "gender", "id_number", "mobile", "phone2", "city", "created_at", "version"];

    private readonly DbConnectionFactory _db;
    private readonly string _insert;
    private readonly string _recentContacts;

    public CustomerQueries(DbConnectionFactory db)
    {
        _db = db;
        _insert = db.Dialect.InsertReturningId("customers", InsertColumns, "id");
        _recentContacts =
            $"SELECT {ContactQueries.Columns} FROM contacts c " +
            "WHERE c.ended_at IS NOT NULL AND (c.customer_id = @CustomerId OR c.caller_number = @Mobile OR c.caller_number = @Phone2) " +
            "ORDER BY c.ended_at DESC, c.call_id" + db.Dialect.Limit("@Take");
    }

    /// <summary>Inserts a new customer (its <see cref="Customer.Id"/> is ignored) and returns the generated id.</summary>
    public async Task<int> InsertAsync(Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(_db.Command(_insert, CustomerRow.From(customer), cancellationToken));
    }

    public async Task<Customer?> GetByIdAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CustomerRow>(_db.Command(
            $"SELECT {Columns} FROM customers WHERE id = @Id", new { Id = id }, cancellationToken));
        return row?.ToCustomer();
    }

    /// <summary>
    /// Saves name, gender, ID number, phones and city if nobody saved the customer since it was read;
    /// otherwise throws <see cref="Core.ConcurrencyConflictException"/>.
    /// </summary>
    public async Task UpdateAsync(Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            """
            UPDATE customers SET name = @Name, gender = @Gender, id_number = @IdNumber, mobile = @Mobile, phone2 = @Phone2,
                city = @City, version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            CustomerRow.From(customer), cancellationToken));
        Versioning.Check(rows, "customer", customer.Id.ToString(CultureInfo.InvariantCulture), customer);
    }

    public async Task InsertPolicyAsync(Policy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(InsertPolicySql, PolicyRow.From(policy), cancellationToken));
    }

    public async Task<IReadOnlyList<Policy>> ListPoliciesAsync(int customerId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PolicyRow>(_db.Command(
            $"SELECT {PolicyColumns} FROM policies WHERE customer_id = @CustomerId ORDER BY start_date DESC, policy_number",
            new { CustomerId = customerId }, cancellationToken));
        return rows.Select(r => r.ToPolicy()).ToList();
    }

    /// <summary>
    /// Screen pop by calling number: every customer (at most <see cref="MaxPhoneMatches"/>) whose mobile or
    /// second phone is the number (compared after <see cref="Customer.NormalizePhone"/>), each with policies,
    /// open complaints and the last <paramref name="recentContacts"/> ended contacts. Empty when none matches.
    /// </summary>
    public async Task<IReadOnlyList<ScreenPop>> FindByPhoneAsync(string? callerNumber, int recentContacts, CancellationToken cancellationToken)
    {
        var number = Customer.NormalizePhone(callerNumber);
        if (number is null)
        {
            return [];
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        var customers = await connection.QueryAsync<CustomerRow>(_db.Command(
            $"SELECT {Columns} FROM customers WHERE mobile = @Number OR phone2 = @Number ORDER BY id" + _db.Dialect.Limit("@Take"),
            new { Number = number, Take = MaxPhoneMatches }, cancellationToken));
        var pops = new List<ScreenPop>();
        foreach (var customer in customers)
        {
            pops.Add(await BuildAsync(connection, customer.ToCustomer(), recentContacts, cancellationToken));
        }

        return pops;
    }

    /// <summary>Screen pop by policy number (typed in the IVR): the policyholder with the same details; null when unknown.</summary>
    public async Task<ScreenPop?> FindByPolicyNumberAsync(string policyNumber, int recentContacts, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var customer = await connection.QuerySingleOrDefaultAsync<CustomerRow>(_db.Command(
            "SELECT c.id, c.name, c.gender, c.id_number, c.mobile, c.phone2, c.city, c.created_at, c.version " +
            "FROM customers c JOIN policies p ON p.customer_id = c.id WHERE p.policy_number = @PolicyNumber",
            new { PolicyNumber = policyNumber?.Trim() }, cancellationToken));
        return customer is null ? null : await BuildAsync(connection, customer.ToCustomer(), recentContacts, cancellationToken);
    }

    private async Task<ScreenPop> BuildAsync(DbConnection connection, Customer customer, int recentContacts, CancellationToken cancellationToken)
    {
        var policies = await connection.QueryAsync<PolicyRow>(_db.Command(
            $"SELECT {PolicyColumns} FROM policies WHERE customer_id = @CustomerId ORDER BY start_date DESC, policy_number",
            new { CustomerId = customer.Id }, cancellationToken));
        var cases = await connection.QueryAsync<CaseRecord>(_db.Command(
            $"SELECT {CaseQueries.Columns} FROM cases k WHERE k.customer_id = @CustomerId AND k.status IN {CaseQueries.OpenStatuses} ORDER BY k.received_at, k.id",
            new { CustomerId = customer.Id }, cancellationToken));
        IReadOnlyList<Contact> contacts = [];
        if (recentContacts > 0)
        {
            var args = new { CustomerId = customer.Id, customer.Mobile, customer.Phone2, Take = recentContacts };
            var rows = (await connection.QueryAsync<ContactRow>(_db.Command(_recentContacts, args, cancellationToken))).ToList();
            var hops = rows.Count == 0
                ? []
                : await connection.QueryAsync<HopRow>(_db.Command(
                    $"SELECT {ContactQueries.HopColumns} FROM contact_overflow_hops h WHERE {_db.Dialect.InList("h.call_id", "@CallIds")} ORDER BY h.call_id, h.seq",
                    new { CallIds = rows.Select(r => r.CallId).ToList() }, cancellationToken));
            contacts = ContactQueries.Assemble(rows, hops);
        }

        return new ScreenPop(customer, policies.Select(p => p.ToPolicy()).ToList(), cases.Select(c => Case.Restore(c, [], [])).ToList(), contacts);
    }
}

internal sealed record CustomerRow
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public Gender Gender { get; init; }

    public string? IdNumber { get; init; }

    public string? Mobile { get; init; }

    public string? Phone2 { get; init; }

    public string? City { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Version { get; init; }

    public static CustomerRow From(Customer c) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Gender = c.Gender,
        IdNumber = c.IdNumber,
        Mobile = c.Mobile,
        Phone2 = c.Phone2,
        City = c.City,
        CreatedAt = c.CreatedAt,
        Version = c.Version,
    };

    public Customer ToCustomer() => new(Id, Name, Gender, IdNumber, Mobile, Phone2, City, CreatedAt, Version);
}

internal sealed record PolicyRow
{
    public required string PolicyNumber { get; init; }

    public int CustomerId { get; init; }

    public ProductLine ProductLine { get; init; }

    public required string ProductName { get; init; }

    public decimal Premium { get; init; }

    public DateOnly StartDate { get; init; }

    public int TermYears { get; init; }

    public DateOnly? CoolingOffEnd { get; init; }

    public PolicyStatus Status { get; init; }

    public required string Branch { get; init; }

    public static PolicyRow From(Policy p) => new()
    {
        PolicyNumber = p.PolicyNumber,
        CustomerId = p.CustomerId,
        ProductLine = p.ProductLine,
        ProductName = p.ProductName,
        Premium = p.Premium,
        StartDate = p.StartDate,
        TermYears = p.TermYears,
        CoolingOffEnd = p.CoolingOffEnd,
        Status = p.Status,
        Branch = p.Branch,
    };

    public static PolicyRow From(Policy p, int customerId) => From(p) with { CustomerId = customerId };

    public Policy ToPolicy() => new(PolicyNumber, CustomerId, ProductLine, ProductName, Premium, StartDate, TermYears, CoolingOffEnd, Status, Branch);
}
