using System.Data.Common;
using System.Globalization;
using ContactCenter.Core;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Dialects;
using Dapper;

namespace ContactCenter.Data.Campaigns;

/// <summary>Per campaign: tasks due, tasks reached (for 回访成功率 and 新契约回访率).</summary>
public sealed record CampaignKpiCounts(int CampaignId, CampaignKind Kind, int Due, int Reached);

/// <summary>How an originate ended, as stored in <c>callback_attempts.dial_status</c>.</summary>
public enum DialStatus
{
    Answered,
    NoAnswer,
    Busy,
    Congestion,
    Failed,
}

/// <summary>An in-force policy in its cooling-off period with no new-policy callback task yet.</summary>
public sealed record NewPolicyCallbackGap
{
    public required string PolicyNumber { get; init; }

    public int CustomerId { get; init; }

    public string? Mobile { get; init; }

    public string? Phone2 { get; init; }

    /// <summary>The last day of the cooling-off period (犹豫期), the callback's deadline.</summary>
    public DateOnly CoolingOffEnd { get; init; }
}

/// <summary>One dialing attempt of a task (<c>callback_attempts</c>).</summary>
public sealed record CallbackAttempt(
    long Id,
    int TaskId,
    int Attempt,
    string CallId,
    string SiteCode,
    string? SeatId,
    bool Overflowed,
    DateTimeOffset StartedAt,
    DialStatus? DialStatus,
    int? HangupCause,
    DateTimeOffset? EndedAt,
    CallbackResult? Result,
    string? Answers,
    string? Notes);

/// <summary>
/// Reads and writes <c>callback_tasks</c> and <c>callback_attempts</c>. The dialer's claim
/// (<see cref="ClaimAsync"/>) is one atomic statement per provider: <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL,
/// <c>UPDLOCK, READPAST</c> on SQL Server, and a single <c>UPDATE ... RETURNING</c> under SQLite's write lock,
/// so two dialers never get the same task.
/// </summary>
public sealed class CallbackTaskQueries
{
    internal const string Columns =
        "id, campaign_id, customer_id, phone, policy_number, case_id, due_at, deadline, priority, attempts, status, result, " +
        "next_attempt_at, dialed_site, version, source, time_zone, call_id, seat_id";

    internal static readonly string[] InsertColumns =
    [
        "campaign_id", "customer_id", "phone", "policy_number", "case_id", "due_at", "deadline", "priority", "attempts", "status", "result",
        "next_attempt_at", "dialed_site", "version", "source", "time_zone", "call_id", "seat_id", "external_ref", "deadline_key",
    ];

    internal static readonly string[] AttemptColumns = ["task_id", "attempt", "call_id", "site_code", "seat_id", "overflowed", "started_at"];

    /// <summary>What <c>deadline_key</c> holds for a task without a deadline.</summary>
    public static readonly DateTimeOffset NoDeadline = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private const string ClaimOrder = "priority DESC, deadline_key, next_attempt_at";

    private const string ClaimFilter = "campaign_id = @CampaignId AND status = 'pending' AND next_attempt_at <= @Now AND deadline_key >= @Now";

    private readonly DbConnectionFactory _db;
    private readonly string _insert;
    private readonly string _insertAttempt;
    private readonly string _claim;

    public CallbackTaskQueries(DbConnectionFactory db)
    {
        _db = db;
        _insert = db.Dialect.InsertReturningId("callback_tasks", InsertColumns, "id");
        _insertAttempt = db.Dialect.InsertReturningId("callback_attempts", AttemptColumns, "id");
        _claim = ClaimSql(db.Dialect);
    }

    /// <summary>The claim statement of a dialect (public for the dialect tests and the benchmark).</summary>
    public static string ClaimSql(ISqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        const string Set = "status = 'dialing', claimed_at = @Now, version = version + 1";
        return dialect.Provider switch
        {
            DatabaseProvider.Postgres =>
                $"UPDATE callback_tasks t SET status = 'dialing', claimed_at = @Now, version = t.version + 1 " +
                $"FROM (SELECT id FROM callback_tasks WHERE {ClaimFilter} ORDER BY {ClaimOrder}{dialect.Limit("@Take")}{dialect.SkipLockedSuffix}) c " +
                $"WHERE t.id = c.id RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "t." + c))}",
            DatabaseProvider.SqlServer =>
                $"WITH c AS (SELECT TOP (@Take) * FROM callback_tasks{dialect.SkipLockedTableHint} WHERE {ClaimFilter} ORDER BY {ClaimOrder}) " +
                $"UPDATE c SET {Set} OUTPUT {string.Join(", ", Columns.Split(", ").Select(c => "INSERTED." + c))};",
            _ =>
                $"UPDATE callback_tasks SET {Set} WHERE id IN (SELECT id FROM callback_tasks WHERE {ClaimFilter} ORDER BY {ClaimOrder}{dialect.Limit("@Take")}) " +
                $"AND status = 'pending' RETURNING {Columns}",
        };
    }

    /// <summary>
    /// Inserts a task (its id is ignored) and returns the new id. With <paramref name="externalRef"/> (e.g.
    /// <c>complaint:42</c>) the insert is idempotent per campaign: a second call returns the first task's id.
    /// </summary>
    public async Task<int> InsertAsync(CallbackTask task, string? externalRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var connection = await _db.OpenAsync(cancellationToken);
        if (externalRef is not null && await FindByExternalRefAsync(connection, task.CampaignId, externalRef, cancellationToken) is { } existing)
        {
            return existing;
        }

        try
        {
            return await connection.ExecuteScalarAsync<int>(_db.Command(_insert, TaskRow.From(task, externalRef), cancellationToken));
        }
        catch (DbException) when (externalRef is not null)
        {
            // Lost a race with the same source event: the other insert stands (or the error was something else: rethrow).
            if (await FindByExternalRefAsync(connection, task.CampaignId, externalRef, cancellationToken) is { } other)
            {
                return other;
            }

            throw;
        }
    }

    /// <summary>Inserts many tasks in one transaction (CSV import); returns their ids in order.</summary>
    public async Task<IReadOnlyList<int>> InsertManyAsync(IReadOnlyList<CallbackTask> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<int>(tasks.Count);
        foreach (var task in tasks)
        {
            ids.Add(await connection.ExecuteScalarAsync<int>(_db.Command(_insert, TaskRow.From(task, null), transaction, cancellationToken)));
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    public async Task<CallbackTask?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TaskRow>(_db.Command(
            $"SELECT {Columns} FROM callback_tasks WHERE id = @Id", new { Id = id }, cancellationToken));
        return row?.ToTask();
    }

    /// <summary>The task whose current attempt has call id (CC_CALLID / Originate ChannelId) <paramref name="callId"/>.</summary>
    public async Task<CallbackTask?> FindByCallIdAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TaskRow>(_db.Command(
            $"SELECT {Columns} FROM callback_tasks WHERE call_id = @CallId", new { CallId = callId }, cancellationToken));
        return row?.ToTask();
    }

    /// <summary>
    /// Atomically reserves up to <paramref name="take"/> due tasks of a campaign (pending, next attempt at or before
    /// <paramref name="now"/>, deadline not passed), highest priority first, then earliest deadline, then earliest due.
    /// The rows become <c>dialing</c> in the database; the returned tasks are as they were before the claim (Pending,
    /// with the new version), so the caller applies <see cref="CallbackTask.StartAttempt(string, string, string, DateTimeOffset)"/>
    /// and saves with <see cref="StartAttemptAsync"/>, or hands the row back with <see cref="ReleaseAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<CallbackTask>> ClaimAsync(int campaignId, int take, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (take <= 0)
        {
            return [];
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TaskRow>(_db.Command(_claim, new { CampaignId = campaignId, Take = take, Now = now }, cancellationToken));
        return rows
            .OrderByDescending(r => r.Priority).ThenBy(r => r.Deadline ?? NoDeadline).ThenBy(r => r.NextAttemptAt).ThenBy(r => r.Id)
            .Select(r => (r with { Status = CallbackTaskStatus.Pending }).ToTask())
            .ToList();
    }

    /// <summary>Hands a claimed task back (pending again, next attempt at <paramref name="nextAttemptAt"/>, no attempt used).</summary>
    public async Task ReleaseAsync(CallbackTask task, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            "UPDATE callback_tasks SET status = 'pending', next_attempt_at = @NextAttemptAt, claimed_at = NULL, version = version + 1 " +
            "WHERE id = @Id AND version = @Version AND status = 'dialing'",
            new { task.Id, task.Version, NextAttemptAt = nextAttemptAt }, cancellationToken));
        Versioning.Check(rows, "callback task", task.Id.ToString(CultureInfo.InvariantCulture), task);
    }

    /// <summary>
    /// Saves a claimed task after <see cref="CallbackTask.StartAttempt(string, string, string, DateTimeOffset)"/> and
    /// records the attempt row, in one transaction.
    /// </summary>
    public async Task StartAttemptAsync(CallbackTask task, bool overflowed, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Status != CallbackTaskStatus.Dialing || task.CallId is null || task.DialedSite is null)
        {
            throw new InvalidOperationException($"callback task {task.Id} has not started an attempt");
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            "UPDATE callback_tasks SET status = 'dialing', attempts = @Attempts, dialed_site = @DialedSite, seat_id = @SeatId, call_id = @CallId, " +
            "version = version + 1 WHERE id = @Id AND version = @Version",
            new { task.Id, task.Version, task.Attempts, task.DialedSite, task.SeatId, task.CallId }, transaction, cancellationToken));
        Versioning.Check(rows, "callback task", task.Id.ToString(CultureInfo.InvariantCulture), task);
        await connection.ExecuteScalarAsync<long>(_db.Command(_insertAttempt, new
        {
            TaskId = task.Id,
            Attempt = task.Attempts,
            task.CallId,
            SiteCode = task.DialedSite,
            task.SeatId,
            Overflowed = overflowed,
            StartedAt = startedAt,
        }, transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records how the originate of an attempt ended (OriginateResponse and the Hangup cause).</summary>
    public async Task RecordDialStatusAsync(string callId, DialStatus status, int? hangupCause, DateTimeOffset? endedAt, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(
            "UPDATE callback_attempts SET dial_status = @Status, hangup_cause = @HangupCause, ended_at = @EndedAt WHERE call_id = @CallId",
            new { CallId = callId, Status = DomainCodes.ToCode(status), HangupCause = hangupCause, EndedAt = endedAt }, cancellationToken));
    }

    /// <summary>The call of an answered attempt ended (its contact closed): sets the attempt's end, once.</summary>
    public async Task RecordCallEndedAsync(string callId, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(
            "UPDATE callback_attempts SET ended_at = @EndedAt WHERE call_id = @CallId AND ended_at IS NULL",
            new { CallId = callId, EndedAt = endedAt }, cancellationToken));
    }

    /// <summary>
    /// Saves the task after <see cref="CallbackTask.RecordAttempt(CallbackResult, DateTimeOffset, Campaign, Core.Calendar.BusinessCalendar?, DateTimeOffset?)"/>
    /// and the attempt's result (answers as JSON, notes) in one transaction, if nobody saved the task since it was read.
    /// </summary>
    public async Task RecordResultAsync(CallbackTask task, string? answersJson, string? notes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await UpdateAsync(connection, transaction, task, cancellationToken);
        if (task.CallId is not null)
        {
            await connection.ExecuteAsync(_db.Command(
                "UPDATE callback_attempts SET result = @Result, answers = @Answers, notes = @Notes WHERE call_id = @CallId",
                new { task.CallId, Result = task.Result is { } r ? DomainCodes.ToCode(r) : null, Answers = answersJson, Notes = notes },
                transaction, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Saves status, result, attempts, priority and next attempt time (version-checked).</summary>
    public async Task UpdateAsync(CallbackTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await UpdateAsync(connection, null, task, cancellationToken);
    }

    public async Task<IReadOnlyList<CallbackAttempt>> ListAttemptsAsync(int taskId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AttemptRow>(_db.Command(
            "SELECT id, task_id, attempt, call_id, site_code, seat_id, overflowed, started_at, dial_status, hangup_cause, ended_at, result, answers, notes " +
            "FROM callback_attempts WHERE task_id = @TaskId ORDER BY attempt", new { TaskId = taskId }, cancellationToken));
        return rows.Select(r => r.ToAttempt()).ToList();
    }

    /// <summary>Pending tasks a preview seat may pick from: due now, in claim order.</summary>
    public async Task<IReadOnlyList<CallbackTask>> ListDueAsync(int campaignId, DateTimeOffset now, int take, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TaskRow>(_db.Command(
            $"SELECT {Columns} FROM callback_tasks WHERE {ClaimFilter} ORDER BY {ClaimOrder}{_db.Dialect.Limit("@Take")}",
            new { CampaignId = campaignId, Now = now, Take = take }, cancellationToken));
        return rows.Select(r => r.ToTask()).ToList();
    }

    /// <summary>Pending tasks whose deadline passed become expired; returns how many.</summary>
    public async Task<int> ExpireOverdueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_db.Command(
            "UPDATE callback_tasks SET status = 'expired', next_attempt_at = NULL, version = version + 1 " +
            "WHERE status = 'pending' AND deadline IS NOT NULL AND deadline < @Now",
            new { Now = now }, cancellationToken));
    }

    /// <summary>
    /// Tasks claimed before <paramref name="claimedBefore"/> whose attempt never started (a node died between claim
    /// and originate) go back to pending; returns how many.
    /// </summary>
    public async Task<int> RequeueStaleClaimsAsync(DateTimeOffset claimedBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_db.Command(
            "UPDATE callback_tasks SET status = 'pending', claimed_at = NULL, next_attempt_at = @Now, version = version + 1 " +
            "WHERE status = 'dialing' AND claimed_at < @ClaimedBefore " +
            "AND (call_id IS NULL OR NOT EXISTS (SELECT 1 FROM callback_attempts a WHERE a.call_id = callback_tasks.call_id AND a.attempt = callback_tasks.attempts))",
            new { ClaimedBefore = claimedBefore, Now = now }, cancellationToken));
    }

    /// <summary>Per campaign, tasks due by <paramref name="dueBy"/> (cancelled ones excluded) and how many were reached.</summary>
    public async Task<IReadOnlyList<CampaignKpiCounts>> CountKpisAsync(DateTimeOffset dueFrom, DateTimeOffset dueBy, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<KpiRow>(_db.Command(
            """
            SELECT t.campaign_id, c.kind, COUNT(*) AS due,
                   SUM(CASE WHEN t.status = 'completed' AND t.result = 'reached' THEN 1 ELSE 0 END) AS reached
            FROM callback_tasks t JOIN campaigns c ON c.id = t.campaign_id
            WHERE t.due_at >= @DueFrom AND t.due_at <= @DueBy AND t.status <> 'cancelled'
            GROUP BY t.campaign_id, c.kind
            ORDER BY t.campaign_id
            """,
            new { DueFrom = dueFrom, DueBy = dueBy }, cancellationToken));
        return rows.Select(r => new CampaignKpiCounts(r.CampaignId, r.Kind, (int)r.Due, (int)r.Reached)).ToList();
    }

    /// <summary>Stores (or replaces) the roll-up of one day.</summary>
    public async Task SaveDailyKpisAsync(DateOnly day, IReadOnlyList<CampaignKpiCounts> counts, DateTimeOffset computedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var upsert = _db.Dialect.Upsert("callback_kpi_daily", ["day", "campaign_id"], ["due", "reached", "computed_at"]);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var c in counts)
        {
            await connection.ExecuteAsync(_db.Command(upsert,
                new { Day = day, c.CampaignId, c.Due, c.Reached, ComputedAt = computedAt }, transaction, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The stored roll-up of one day, per campaign.</summary>
    public async Task<IReadOnlyList<(int CampaignId, int Due, int Reached)>> ListDailyKpisAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int, int, int)>(_db.Command(
            "SELECT campaign_id, due, reached FROM callback_kpi_daily WHERE day = @Day ORDER BY campaign_id", new { Day = day }, cancellationToken));
        return rows.ToList();
    }

    private async Task UpdateAsync(DbConnection connection, DbTransaction? transaction, CallbackTask task, CancellationToken cancellationToken)
    {
        var rows = await connection.ExecuteAsync(_db.Command(
            """
            UPDATE callback_tasks SET status = @Status, result = @Result, attempts = @Attempts, priority = @Priority,
                next_attempt_at = @NextAttemptAt, dialed_site = @DialedSite, seat_id = @SeatId, call_id = @CallId,
                claimed_at = NULL, version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            TaskRow.From(task, null), transaction, cancellationToken));
        Versioning.Check(rows, "callback task", task.Id.ToString(CultureInfo.InvariantCulture), task);
    }

    /// <summary>
    /// In-force policies in their cooling-off period on <paramref name="today"/> (start date reached, end not passed)
    /// whose customer has a phone number and that have no task in any new-policy campaign yet: the new-policy callbacks
    /// still to create, earliest end first.
    /// </summary>
    public async Task<IReadOnlyList<NewPolicyCallbackGap>> ListNewPolicyCallbackGapsAsync(DateOnly today, int take, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NewPolicyCallbackGap>(_db.Command(
            "SELECT p.policy_number AS PolicyNumber, p.customer_id AS CustomerId, c.mobile AS Mobile, c.phone2 AS Phone2, p.cooling_off_end AS CoolingOffEnd " +
            "FROM policies p JOIN customers c ON c.id = p.customer_id " +
            "WHERE p.status = 'in-force' AND p.cooling_off_end IS NOT NULL AND p.start_date <= @Today AND p.cooling_off_end >= @Today " +
            "AND (c.mobile IS NOT NULL OR c.phone2 IS NOT NULL) " +
            "AND NOT EXISTS (SELECT 1 FROM callback_tasks t JOIN campaigns k ON k.id = t.campaign_id " +
            "WHERE t.policy_number = p.policy_number AND k.kind = 'new-policy') " +
            $"ORDER BY p.cooling_off_end, p.policy_number{_db.Dialect.Limit("@Take")}",
            new { Today = today, Take = take }, cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Records which seat holds a preview claim (the task must still be claimed, status <c>dialing</c>), so only that
    /// seat sees and submits it. Returns false when the task is no longer claimed.
    /// </summary>
    public async Task<bool> AssignClaimAsync(int taskId, string seatId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            "UPDATE callback_tasks SET seat_id = @SeatId WHERE id = @Id AND status = 'dialing'", new { Id = taskId, SeatId = seatId }, cancellationToken));
        return rows == 1;
    }

    private async Task<int?> FindByExternalRefAsync(DbConnection connection, int campaignId, string externalRef, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<int?>(_db.Command(
            "SELECT id FROM callback_tasks WHERE campaign_id = @CampaignId AND external_ref = @ExternalRef",
            new { CampaignId = campaignId, ExternalRef = externalRef }, cancellationToken));

    private sealed record KpiRow
    {
        public int CampaignId { get; init; }

        public CampaignKind Kind { get; init; }

        public long Due { get; init; }

        public long Reached { get; init; }
    }
}

internal sealed record TaskRow
{
    public int Id { get; init; }

    public int CampaignId { get; init; }

    public int? CustomerId { get; init; }

    public required string Phone { get; init; }

    public string? PolicyNumber { get; init; }

    public int? CaseId { get; init; }

    public DateTimeOffset DueAt { get; init; }

    public DateTimeOffset? Deadline { get; init; }

    public int Priority { get; init; }

    public int Attempts { get; init; }

    public CallbackTaskStatus Status { get; init; }

    public CallbackResult? Result { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public string? DialedSite { get; init; }

    public int Version { get; init; }

    public CallbackTaskSource Source { get; init; }

    public string? TimeZone { get; init; }

    public string? CallId { get; init; }

    public string? SeatId { get; init; }

    public string? ExternalRef { get; init; }

    public DateTimeOffset DeadlineKey { get; init; }

    /// <summary>A pending task always stores its next attempt time (its due time at first), so the claim index needs no OR.</summary>
    public static TaskRow From(CallbackTask t, string? externalRef) => new()
    {
        Id = t.Id,
        CampaignId = t.CampaignId,
        CustomerId = t.CustomerId,
        Phone = t.Phone,
        PolicyNumber = t.PolicyNumber,
        CaseId = t.CaseId,
        DueAt = t.DueAt,
        Deadline = t.Deadline,
        Priority = t.Priority,
        Attempts = t.Attempts,
        Status = t.Status,
        Result = t.Result,
        NextAttemptAt = t.Status == CallbackTaskStatus.Pending ? t.NextAttemptAt ?? t.DueAt : t.NextAttemptAt,
        DialedSite = t.DialedSite,
        Version = t.Version,
        Source = t.Source,
        TimeZone = t.TimeZoneId,
        CallId = t.CallId,
        SeatId = t.SeatId,
        ExternalRef = externalRef,
        DeadlineKey = t.Deadline ?? CallbackTaskQueries.NoDeadline,
    };

    public CallbackTask ToTask() => new(Id, CampaignId, CustomerId, Phone, PolicyNumber, CaseId, DueAt, Deadline, Priority, Attempts, Status, Result,
        NextAttemptAt, DialedSite, Version, Source, TimeZone, CallId, SeatId);
}

internal sealed record AttemptRow
{
    public long Id { get; init; }

    public int TaskId { get; init; }

    public int Attempt { get; init; }

    public required string CallId { get; init; }

    public required string SiteCode { get; init; }

    public string? SeatId { get; init; }

    public bool Overflowed { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? DialStatus { get; init; }

    public int? HangupCause { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public CallbackResult? Result { get; init; }

    public string? Answers { get; init; }

    public string? Notes { get; init; }

    public CallbackAttempt ToAttempt() => new(Id, TaskId, Attempt, CallId, SiteCode, SeatId, Overflowed, StartedAt,
        DialStatus is null ? null : DomainCodes.Parse<DialStatus>(DialStatus), HangupCause, EndedAt, Result, Answers, Notes);
}
