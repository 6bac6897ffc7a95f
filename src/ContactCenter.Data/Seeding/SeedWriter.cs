using ContactCenter.Core.Customers;
using ContactCenter.Data.Customers;
using Dapper;

namespace ContactCenter.Data.Seeding;

/// <summary>A customer to seed with their policies (the policies' customer id is replaced by the generated one).</summary>
public sealed record SeedCustomer(Customer Customer, IReadOnlyList<Policy> Policies);

/// <summary>Bulk writes for demo and test data: many rows in one transaction, all or nothing.</summary>
public sealed class SeedWriter
{
    private readonly DbConnectionFactory _db;
    private readonly string _insertCustomer;

    public SeedWriter(DbConnectionFactory db)
    {
        _db = db;
        _insertCustomer = db.Dialect.InsertReturningId("customers", CustomerQueries.InsertColumns, "id");
    }

    /// <summary>Whether the database has no customer yet (seed only then).</summary>
    public async Task<bool> HasNoCustomersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var any = await connection.ExecuteScalarAsync<int>(_db.Command(
            "SELECT COUNT(*) FROM customers", null, cancellationToken));
        return any == 0;
    }

    /// <summary>
    /// Inserts the customers and their policies in one transaction and returns the generated customer ids
    /// in input order. A failure (e.g. a duplicate policy number) rolls everything back.
    /// </summary>
    public async Task<IReadOnlyList<int>> InsertCustomersAsync(IReadOnlyList<SeedCustomer> customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customers);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<int>(customers.Count);
        var policies = new List<PolicyRow>();
        foreach (var seed in customers)
        {
            var id = await connection.ExecuteScalarAsync<int>(_db.Command(_insertCustomer, CustomerRow.From(seed.Customer), transaction, cancellationToken));
            ids.Add(id);
            policies.AddRange(seed.Policies.Select(p => PolicyRow.From(p, id)));
        }

        if (policies.Count > 0)
        {
            await connection.ExecuteAsync(_db.Command(CustomerQueries.InsertPolicySql, policies, transaction, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }
}
