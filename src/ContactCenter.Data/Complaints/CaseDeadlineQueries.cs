using System.Globalization;
using ContactCenter.Core;
using ContactCenter.Core.Audit;
using ContactCenter.Core.Complaints;
using ContactCenter.Data.Audit;
using Dapper;

namespace ContactCenter.Data.Complaints;

/// <summary>A case whose running deadline is near or past, as the deadline watch sees it.</summary>
public sealed record DueCase
{
    public int Id { get; init; }

    public required string CaseNumber { get; init; }

    public string? SiteCode { get; init; }

    public int? OwnerUserId { get; init; }

    public int? RegisteredByUserId { get; init; }

    public DateOnly NextDueOn { get; init; }

    public DueKind NextDueKind { get; init; }

    /// <summary>The deadline the owner was last told is near (the watch tells once per deadline).</summary>
    public DateOnly? DueSoonNotifiedOn { get; init; }

    /// <summary>The deadline last escalated as missed (the watch escalates once per deadline).</summary>
    public DateOnly? EscalatedOn { get; init; }

    public bool IsOverdue(DateOnly today) => NextDueOn < today;
}

/// <summary>
/// The deadline watch's reads and writes. <see cref="ScanAsync"/> is one range scan of the partial index
/// <c>ix_cases_next_due</c> (only cases with a running deadline are in it). The marks are conditional updates, so
/// two watch runs (or two nodes) never announce or escalate the same deadline twice.
/// </summary>
public sealed class CaseDeadlineQueries(DbConnectionFactory db)
{
    public const string EscalateAction = "case.escalate";

    /// <summary>Cases whose running deadline is on or before <paramref name="horizon"/> (overdue ones included), earliest first.</summary>
    public async Task<IReadOnlyList<DueCase>> ScanAsync(DateOnly horizon, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DueCase>(db.Command(
            "SELECT id, case_number, site_code, owner_user_id, registered_by_user_id, next_due_on, next_due_kind, due_soon_notified_on, escalated_on " +
            "FROM cases WHERE next_due_on IS NOT NULL AND next_due_on <= @Horizon ORDER BY next_due_on, id",
            new { Horizon = horizon }, cancellationToken));
        return rows.ToList();
    }

    /// <summary>Counts what a scan would return (the benchmark's check that the scan saw every case due).</summary>
    public async Task<int> CountDueAsync(DateOnly horizon, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(db.Command(
            "SELECT COUNT(*) FROM cases WHERE next_due_on IS NOT NULL AND next_due_on <= @Horizon", new { Horizon = horizon }, cancellationToken));
    }

    /// <summary>Marks the near deadline announced; false when it was already (or the deadline moved meanwhile).</summary>
    public async Task<bool> TryMarkDueSoonAsync(DueCase due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(db.Command(
            "UPDATE cases SET due_soon_notified_on = @Due WHERE id = @Id AND next_due_on = @Due " +
            "AND (due_soon_notified_on IS NULL OR due_soon_notified_on <> @Due)",
            new { due.Id, Due = due.NextDueOn }, cancellationToken));
        return rows == 1;
    }

    /// <summary>
    /// Escalates a missed deadline once: marks it, appends a <see cref="CaseEventType.DeadlineMissed"/> event to
    /// the timeline and writes the audit entry, in one transaction. False when it was escalated already or the
    /// deadline moved meanwhile (then nothing is written).
    /// </summary>
    public async Task<bool> TryEscalateAsync(DueCase due, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(db.Command(
            "UPDATE cases SET escalated_on = @Due WHERE id = @Id AND next_due_on = @Due AND (escalated_on IS NULL OR escalated_on <> @Due)",
            new { due.Id, Due = due.NextDueOn }, transaction, cancellationToken));
        if (rows != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{DomainCodes.ToCode(due.NextDueKind)} deadline {due.NextDueOn:yyyy-MM-dd} passed; escalated to the owner and the supervisor");
        await connection.ExecuteAsync(db.Command(
            "INSERT INTO case_events (case_id, type, at, actor_user_id, detail) VALUES (@CaseId, @Type, @At, NULL, @Detail)",
            new { CaseId = due.Id, Type = CaseEventType.DeadlineMissed, At = at, Detail = detail }, transaction, cancellationToken));
        await AuditLog.AppendAsync(db, connection, transaction,
            AuditEntry.Record(at, null, EscalateAction, "case", due.Id.ToString(CultureInfo.InvariantCulture), $"{due.CaseNumber}: {detail}"),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
