using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text;
using ContactCenter.Core;
using ContactCenter.Core.Audit;
using ContactCenter.Core.Complaints;
using ContactCenter.Data.Audit;
using ContactCenter.Data.Dialects;
using Dapper;

namespace ContactCenter.Data.Complaints;

/// <summary>A stored case with the data layer's own columns: the site that handles it and who registered it.</summary>
public sealed record StoredCase(Case Case, string? SiteCode, int? RegisteredByUserId);

/// <summary>
/// Reads and writes <c>cases</c> (complaints) with their timeline (<c>case_events</c>) and rectifications
/// (<c>case_rectifications</c>). A save writes the case row (version-checked), its new events, its
/// rectifications and one audit entry in one transaction, and keeps the derived columns
/// (<see cref="CaseDueDates"/>) in step.
/// </summary>
public sealed class CaseQueries
{
    /// <summary>The snake_case column of every <see cref="CaseRecord"/> property, in declaration order.</summary>
    internal static IReadOnlyList<string> RecordColumns { get; } =
        typeof(CaseRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .Select(p => Snake(p.Name))
            .ToArray();

    /// <summary>Every column of <see cref="CaseRecord"/>, prefixed with the alias <c>k</c>.</summary>
    internal static readonly string Columns = string.Join(", ", RecordColumns.Select(c => "k." + c));

    /// <summary>Statuses of a case still being handled (the <c>ix_cases_open</c> index covers exactly these).</summary>
    internal const string OpenStatuses = "('registered', 'accepted', 'forwarded', 'in-progress', 'under-review')";

    private const string EventColumns = "id, case_id, type, at, actor_user_id, detail";

    private const string RectificationColumns =
        "id, case_id, number, problem, owner_user_id, due_on, status, created_at, completed_at, completion_note, rechecked_at, rechecked_by_user_id, recheck_passed, recheck_note";

    private static readonly string[] DerivedColumns = ["received_on", "answer_due_on", "answered_on", "handling_days", "next_due_on", "next_due_kind"];

    private readonly DbConnectionFactory _db;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _insertEvent;
    private readonly string _upsertRectification;

    public CaseQueries(DbConnectionFactory db)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        var dialect = db.Dialect;
        _insert = dialect.InsertReturningId("cases",
            [.. RecordColumns.Where(c => c != "id"), .. DerivedColumns, "site_code", "registered_by_user_id"], "id");
        var updated = RecordColumns.Where(c => c is not ("id" or "case_number" or "version" or "received_at")).Concat(DerivedColumns);
        _update = $"UPDATE cases SET {string.Join(", ", updated.Select(c => $"{c} = {SqlDialect.Parameter(c)}"))}, version = version + 1 " +
                  "WHERE id = @Id AND version = @Version";
        _insertEvent = dialect.InsertReturningId("case_events", ["case_id", "type", "at", "actor_user_id", "detail"], "id");
        _upsertRectification = dialect.Upsert("case_rectifications", ["case_id", "number"],
            ["problem", "owner_user_id", "due_on", "status", "created_at", "completed_at", "completion_note", "rechecked_at", "rechecked_by_user_id", "recheck_passed", "recheck_note"]);
    }

    /// <summary>
    /// Inserts a new case (its <see cref="Case.Id"/> is ignored) with its events and rectifications, audited as
    /// created by <paramref name="registeredByUserId"/>; returns the generated id and marks the events stored.
    /// </summary>
    public async Task<int> InsertAsync(Case complaint, string? siteCode, int? registeredByUserId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = Parameters(complaint);
        parameters.Add("SiteCode", siteCode);
        parameters.Add("RegisteredByUserId", registeredByUserId);
        var id = await connection.ExecuteScalarAsync<int>(_db.Command(_insert, parameters, transaction, cancellationToken));
        var newEvents = complaint.NewEvents.ToList();
        var ids = await WriteChildrenAsync(connection, transaction, complaint, id, cancellationToken);
        await AuditAsync(connection, transaction, AuditActions.CaseCreate, id, complaint, newEvents, registeredByUserId, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        complaint.MarkEventsStored(ids, id);
        return id;
    }

    /// <summary>Inserts a case registered by nobody in particular (imports, tests).</summary>
    public Task<int> InsertAsync(Case complaint, CancellationToken cancellationToken) =>
        InsertAsync(complaint, null, null, complaint?.ReceivedAt ?? default, cancellationToken);

    public async Task<Case?> GetByIdAsync(int id, CancellationToken cancellationToken) => (await GetAsync(id, cancellationToken))?.Case;

    /// <summary>The case with its timeline and rectifications, and its scope columns; null when there is none.</summary>
    public async Task<StoredCase?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var found = await connection.QueryAsync<CaseRecord, ScopeRow?, (CaseRecord Record, ScopeRow? Scope)>(_db.Command(
            $"SELECT {Columns}, k.site_code, k.registered_by_user_id FROM cases k WHERE k.id = @Id", new { Id = id }, cancellationToken),
            (record, scope) => (record, scope), splitOn: "site_code");
        if (found.SingleOrDefault() is not ({ } record, var scope))
        {
            return null;
        }

        var events = await connection.QueryAsync<EventRow>(_db.Command(
            $"SELECT {EventColumns} FROM case_events WHERE case_id = @Id ORDER BY at, id", new { Id = id }, cancellationToken));
        var rectifications = await connection.QueryAsync<RectificationRow>(_db.Command(
            $"SELECT {RectificationColumns} FROM case_rectifications WHERE case_id = @Id ORDER BY number", new { Id = id }, cancellationToken));
        var complaint = Case.Restore(record, events.Select(e => e.ToEvent()), rectifications.Select(r => r.ToTask()));
        // Dapper gives no scope row when both its columns are NULL (a case registered by nobody, without a site).
        return new StoredCase(complaint, scope?.SiteCode, scope?.RegisteredByUserId);
    }

    /// <summary>
    /// Earlier cases that may be the same complaint as <paramref name="candidate"/> (same customer, ID number or
    /// phone), for <see cref="DuplicateDetector.Find"/>; at most 50, newest first, without timelines.
    /// </summary>
    public async Task<IReadOnlyList<Case>> ListDuplicateCandidatesAsync(Case candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var conditions = new List<string>();
        if (candidate.CustomerId is not null)
        {
            conditions.Add("k.customer_id = @CustomerId");
        }

        if (candidate.Complainant?.IdNumber is not null)
        {
            conditions.Add("k.complainant_id_number = @IdNumber");
        }

        if (candidate.Complainant?.Phone is not null)
        {
            conditions.Add("k.complainant_phone = @Phone");
        }

        if (conditions.Count == 0)
        {
            return [];
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CaseRecord>(_db.Command(
            $"SELECT {Columns} FROM cases k WHERE ({string.Join(" OR ", conditions)}) AND k.id <> @Id " +
            $"AND k.status NOT IN ('rejected', 'forwarded', 'merged') ORDER BY k.received_at DESC, k.id DESC{_db.Dialect.Limit("50")}",
            new { candidate.CustomerId, candidate.Complainant?.IdNumber, candidate.Complainant?.Phone, candidate.Id }, cancellationToken));
        return rows.Select(r => Case.Restore(r, [], [])).ToList();
    }

    /// <summary>
    /// Saves the cases (e.g. both sides of a merge) in one transaction if nobody saved any of them since they were
    /// read; otherwise throws <see cref="ConcurrencyConflictException"/> and nothing is saved. Appends their new
    /// events, writes their rectifications and one audit entry per case naming the steps taken.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<Case> cases, int? actorUserId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = new List<(Case Case, IReadOnlyList<long> Ids)>();
        foreach (var complaint in cases)
        {
            var newEvents = complaint.NewEvents.ToList();
            var rows = await connection.ExecuteAsync(_db.Command(_update, Parameters(complaint), transaction, cancellationToken));
            if (rows == 0)
            {
                throw new ConcurrencyConflictException("case", complaint.CaseNumber, complaint.Version);
            }

            var ids = await WriteChildrenAsync(connection, transaction, complaint, complaint.Id, cancellationToken);
            await AuditAsync(connection, transaction, AuditActions.CaseUpdate, complaint.Id, complaint, newEvents, actorUserId, at, cancellationToken);
            stored.Add((complaint, ids));
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var (complaint, ids) in stored)
        {
            complaint.MarkEventsStored(ids, complaint.Id);
            complaint.Version++;
        }
    }

    /// <summary>Saves one case; see <see cref="SaveAsync(IReadOnlyList{Case}, int?, DateTimeOffset, CancellationToken)"/>.</summary>
    public Task SaveAsync(Case complaint, int? actorUserId, DateTimeOffset at, CancellationToken cancellationToken) =>
        SaveAsync([complaint], actorUserId, at, cancellationToken);

    /// <summary>The next free case number of a day: <c>TS20250301</c> + a six-digit sequence.</summary>
    public async Task<string> NextCaseNumberAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var prefix = "TS" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var last = await connection.ExecuteScalarAsync<string?>(_db.Command(
            "SELECT MAX(case_number) FROM cases WHERE case_number LIKE @Pattern", new { Pattern = prefix + "%" }, cancellationToken));
        var next = last is not null && last.Length == prefix.Length + 6 && int.TryParse(last.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n + 1
            : 1;
        return prefix + next.ToString("D6", CultureInfo.InvariantCulture);
    }

    internal static string Snake(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    private static DynamicParameters Parameters(Case complaint)
    {
        var parameters = new DynamicParameters(complaint.ToRecord());
        var (receivedOn, answerDueOn, answeredOn, handlingDays) = CaseDueDates.Timeliness(complaint);
        var next = CaseDueDates.Next(complaint);
        parameters.AddDynamicParams(new DerivedRow
        {
            ReceivedOn = receivedOn,
            AnswerDueOn = answerDueOn,
            AnsweredOn = answeredOn,
            HandlingDays = handlingDays,
            NextDueOn = next?.On,
            NextDueKind = next?.Kind,
        });
        return parameters;
    }

    private async Task<IReadOnlyList<long>> WriteChildrenAsync(DbConnection connection, DbTransaction transaction, Case complaint, int caseId, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        foreach (var e in complaint.NewEvents)
        {
            ids.Add(await connection.ExecuteScalarAsync<long>(_db.Command(_insertEvent,
                new EventRow { CaseId = caseId, Type = e.Type, At = e.At, ActorUserId = e.ActorUserId, Detail = e.Detail }, transaction, cancellationToken)));
        }

        foreach (var task in complaint.Rectifications)
        {
            await connection.ExecuteAsync(_db.Command(_upsertRectification, RectificationRow.From(task, caseId), transaction, cancellationToken));
        }

        return ids;
    }

    private async Task AuditAsync(DbConnection connection, DbTransaction transaction, string action, int caseId, Case complaint,
        List<CaseEvent> newEvents, int? actorUserId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The detail names the steps and the resulting status; never personal values.
        var steps = newEvents.Count == 0 ? "fields" : string.Join(", ", newEvents.Select(e => DomainCodes.ToCode(e.Type)));
        var entry = AuditEntry.Record(at, actorUserId, action, "case",
            caseId.ToString(CultureInfo.InvariantCulture), $"{complaint.CaseNumber}: {steps}; status {DomainCodes.ToCode(complaint.Status)}");
        await AuditLog.AppendAsync(_db, connection, transaction, entry, cancellationToken);
    }

    private sealed record ScopeRow
    {
        public string? SiteCode { get; init; }

        public int? RegisteredByUserId { get; init; }
    }

    private sealed record DerivedRow
    {
        public DateOnly ReceivedOn { get; init; }

        public DateOnly? AnswerDueOn { get; init; }

        public DateOnly? AnsweredOn { get; init; }

        public int? HandlingDays { get; init; }

        public DateOnly? NextDueOn { get; init; }

        public DueKind? NextDueKind { get; init; }
    }

    private sealed record EventRow
    {
        public long Id { get; init; }

        public int CaseId { get; init; }

        public CaseEventType Type { get; init; }

        public DateTimeOffset At { get; init; }

        public int? ActorUserId { get; init; }

        public string? Detail { get; init; }

        public CaseEvent ToEvent() => new(Id, CaseId, Type, At, ActorUserId, Detail);
    }

    private sealed record RectificationRow
    {
        public long Id { get; init; }

        public int CaseId { get; init; }

        public int Number { get; init; }

        public required string Problem { get; init; }

        public int OwnerUserId { get; init; }

        public DateOnly DueOn { get; init; }

        public RectificationStatus Status { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset? CompletedAt { get; init; }

        public string? CompletionNote { get; init; }

        public DateTimeOffset? RecheckedAt { get; init; }

        public int? RecheckedByUserId { get; init; }

        public bool? RecheckPassed { get; init; }

        public string? RecheckNote { get; init; }

        public static RectificationRow From(RectificationTask t, int caseId) => new()
        {
            Id = t.Id,
            CaseId = caseId,
            Number = t.Number,
            Problem = t.Problem,
            OwnerUserId = t.OwnerUserId,
            DueOn = t.DueOn,
            Status = t.Status,
            CreatedAt = t.CreatedAt,
            CompletedAt = t.CompletedAt,
            CompletionNote = t.CompletionNote,
            RecheckedAt = t.RecheckedAt,
            RecheckedByUserId = t.RecheckedByUserId,
            RecheckPassed = t.RecheckPassed,
            RecheckNote = t.RecheckNote,
        };

        public RectificationTask ToTask() => new(Id, CaseId, Number, Problem, OwnerUserId, DueOn, Status, CreatedAt, CompletedAt, CompletionNote,
            RecheckedAt, RecheckedByUserId, RecheckPassed, RecheckNote);
    }
}
