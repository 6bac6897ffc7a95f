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

    private readonly DbConnectionFactory _db;
    private readonly string _insert;
    private readonly string _query;

    public AuditLog(DbConnectionFactory db)
    {
        _db = db;
        _insert = db.Dialect.InsertReturningId("audit_log", ["at", "user_id", "action", "entity", "entity_id", "detail"], "id");
        _query =
            $"""
            SELECT {Columns} FROM audit_log
            WHERE (@Entity IS NULL OR entity = @Entity)
              AND (@EntityId IS NULL OR entity_id = @EntityId)
              AND (@UserId IS NULL OR user_id = @UserId)
              AND (@Action IS NULL OR action = @Action)
              AND (@From IS NULL OR at >= @From)
              AND (@To IS NULL OR at < @To)
            ORDER BY at DESC, id DESC
            """ + db.Dialect.Page("@Skip", "@Take");
    }

    /// <summary>Appends an entry and returns its id.</summary>
    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_db.Command(_insert, new
        {
            entry.At,
            entry.UserId,
            entry.Action,
            entry.Entity,
            entry.EntityId,
            entry.Detail,
        }, cancellationToken));
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Take);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(_db.Command(_query, query, cancellationToken));
        return rows.Select(r => new AuditEntry(r.Id, r.At, r.UserId, r.Action, r.Entity, r.EntityId, r.Detail)).ToList();
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
