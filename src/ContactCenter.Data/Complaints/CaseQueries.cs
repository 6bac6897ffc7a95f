using System.Globalization;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using Dapper;

namespace ContactCenter.Data.Complaints;

/// <summary>Reads and writes <c>cases</c> (complaints). Updates are version-checked.</summary>
public sealed class CaseQueries
{
    internal const string Columns =
        "k.id, k.case_number, k.status, k.channel, k.customer_id, k.call_id, k.subject, k.received_at, k.rule_set, k.branch, k.product_line, k.version";

    /// <summary>Statuses of a case still being handled (the <c>ix_cases_open</c> index covers exactly these).</summary>
    internal const string OpenStatuses = "('registered', 'accepted', 'forwarded', 'in-progress')";

    private static readonly string[] InsertColumns =
        ["case_number", "status", "channel", "customer_id", "call_id", "subject", "received_at", "rule_set", "branch", "product_line", "version"];

    private readonly DbConnectionFactory _db;
    private readonly string _insert;

    public CaseQueries(DbConnectionFactory db)
    {
        _db = db;
        _insert = db.Dialect.InsertReturningId("cases", InsertColumns, "id");
    }

    /// <summary>Inserts a new case (its <see cref="Case.Id"/> is ignored) and returns the generated id.</summary>
    public async Task<int> InsertAsync(Case complaint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(_db.Command(_insert, CaseRow.From(complaint), cancellationToken));
    }

    public async Task<Case?> GetByIdAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CaseRow>(_db.Command(
            $"SELECT {Columns} FROM cases k WHERE k.id = @Id", new { Id = id }, cancellationToken));
        return row?.ToCase();
    }

    /// <summary>Open cases of a customer, oldest first.</summary>
    public async Task<IReadOnlyList<Case>> ListOpenByCustomerAsync(int customerId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CaseRow>(_db.Command(
            $"SELECT {Columns} FROM cases k WHERE k.customer_id = @CustomerId AND k.status IN {OpenStatuses} ORDER BY k.received_at, k.id",
            new { CustomerId = customerId }, cancellationToken));
        return rows.Select(r => r.ToCase()).ToList();
    }

    /// <summary>
    /// Saves status, subject, branch, product line and customer if nobody saved the case since it was read;
    /// otherwise throws <see cref="Core.ConcurrencyConflictException"/>.
    /// </summary>
    public async Task UpdateAsync(Case complaint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            """
            UPDATE cases SET status = @Status, subject = @Subject, branch = @Branch, product_line = @ProductLine,
                customer_id = @CustomerId, version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            CaseRow.From(complaint), cancellationToken));
        Versioning.Check(rows, "case", complaint.Id.ToString(CultureInfo.InvariantCulture), complaint);
    }
}

internal sealed record CaseRow
{
    public int Id { get; init; }

    public required string CaseNumber { get; init; }

    public CaseStatus Status { get; init; }

    public CaseChannel Channel { get; init; }

    public int? CustomerId { get; init; }

    public string? CallId { get; init; }

    public required string Subject { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public ComplaintRuleSet RuleSet { get; init; }

    public string? Branch { get; init; }

    public ProductLine? ProductLine { get; init; }

    public int Version { get; init; }

    public static CaseRow From(Case c) => new()
    {
        Id = c.Id,
        CaseNumber = c.CaseNumber,
        Status = c.Status,
        Channel = c.Channel,
        CustomerId = c.CustomerId,
        CallId = c.CallId,
        Subject = c.Subject,
        ReceivedAt = c.ReceivedAt,
        RuleSet = c.RuleSet,
        Branch = c.Branch,
        ProductLine = c.ProductLine,
        Version = c.Version,
    };

    public Case ToCase() => new(Id, CaseNumber, Status, Channel, CustomerId, CallId, Subject, ReceivedAt, RuleSet, Branch, ProductLine, Version);
}
