using System.Data.Common;
using ContactCenter.Core.Audit;
using Dapper;

namespace ContactCenter.Data.Audit;

/// <summary>A filter over the audit log; null members do not filter. Newest first, <see cref="Skip"/> then <see cref="Take"/> rows.</summary>
public sealed record AuditQuery(
    string? Entity = null,
    string? EntityId = null,
    int? UserId = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Skip = 0,
    int Take = 100);

/// <summary>The append-only <c>audit_log</c>: every view of a full personal value and every change to a case.</summary>
public sealed class AuditLog
{
    private const string Columns = "id, at, user_id, action, entity, entity_id, detail";
    private const string InsertInTransaction =
        "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) VALUES (@At, @UserId, @Action, @Entity, @EntityId, @Detail)";

    private readonly DbConnectionFactory _db;
    private readonly string _insert;
    private readonly string _page;

    public AuditLog(DbConnectionFactory db)
    {
        _db = db;
        _insert = db.Dialect.InsertReturningId("audit_log", ["at", "user_id", "action", "entity", "entity_id", "detail"], "id");
        _page = db.Dialect.Page("@Skip", "@Take");
    }

    /// <summary>Appends an entry and returns its id.</summary>
    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_db.Command(_insert, Parameters(entry), cancellationToken));
    }

    /// <summary>Appends an entry inside the caller's transaction, so the change and its audit entry commit together.</summary>
    internal static async Task AppendAsync(DbConnectionFactory db, DbConnection connection, DbTransaction transaction, AuditEntry entry,
        CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(db.Command(InsertInTransaction, Parameters(entry), transaction, cancellationToken));

    private static object Parameters(AuditEntry entry) =>
        new { entry.At, entry.UserId, entry.Action, entry.Entity, entry.EntityId, entry.Detail };

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Take);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(_db.Command(Sql(query), query, cancellationToken));
        return rows.Select(r => new AuditEntry(r.Id, r.At, r.UserId, r.Action, r.Entity, r.EntityId, r.Detail)).ToList();
    }

    // Only the filters given become conditions: an untyped NULL parameter (a null time) cannot be compared on
    // PostgreSQL, and fixed conditions keep the entity and time indexes usable.
    private string Sql(AuditQuery query)
    {
        var conditions = new List<string>();
        if (query.Entity is not null)
        {
            conditions.Add("entity = @Entity");
        }

        if (query.EntityId is not null)
        {
            conditions.Add("entity_id = @EntityId");
        }

        if (query.UserId is not null)
        {
            conditions.Add("user_id = @UserId");
        }

        if (query.Action is not null)
        {
            conditions.Add("action = @Action");
        }

        if (query.From is not null)
        {
            conditions.Add("at >= @From");
        }

        if (query.To is not null)
        {
            conditions.Add("at < @To");
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        return $"SELECT {Columns} FROM audit_log{where} ORDER BY at DESC, id DESC{_page}";
    }

    private sealed record AuditRow
    {
        public long Id { get; init; }

        public DateTimeOffset At { get; init; }

        public int? UserId { get; init; }

        public required string Action { get; init; }

        public required string Entity { get; init; }

        public string? EntityId { get; init; }

        public string? Detail { get; init; }
    }
}
