using System.Data.Common;
using System.Text.Json;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using Dapper;

namespace ContactCenter.Data.Contacts;

/// <summary>The period, site and queue of a KPI query. Contacts that ended in [<see cref="From"/>, <see cref="To"/>).</summary>
/// <param name="SiteCode">Contacts that entered at this site or were overflowed to it; null for all sites.</param>
/// <param name="QueueId">Contacts whose (last) queue is this one; null for all queues.</param>
public sealed record ContactPeriod(DateTimeOffset From, DateTimeOffset To, string? SiteCode = null, string? QueueId = null);

/// <summary>
/// Reads and writes <c>contacts</c> and <c>contact_overflow_hops</c>. The telephony side saves progress
/// (timestamps, queue, seat, outcome, hops) with <see cref="SaveProgressAsync"/>; the IVR saves what the caller
/// told it with <see cref="SaveIvrAsync"/> (neither erases the other's data); people save the wrap-up with
/// <see cref="SaveWrapUpAsync"/>, which is version-checked.
/// </summary>
public sealed class ContactQueries
{
    internal const string Columns =
        "c.call_id, c.direction, c.site_code, c.queue_id, c.seat_id, c.caller_number, c.customer_id, c.policy_number, c.ivr_path, " +
        "c.ivr_data, c.recording_file, c.ivr_entered_at, c.enqueued_at, c.ringing_at, c.answered_at, c.ended_at, c.outcome, " +
        "c.short_abandon, c.wrap_up_code, c.notes, c.after_call_work_ms, c.version";

    internal const string HopColumns = "h.call_id, h.seq, h.from_site, h.to_site, h.reason, h.decided_at";

    private const string InsertSql =
        """
        INSERT INTO contacts (call_id, direction, site_code, queue_id, seat_id, caller_number, customer_id, policy_number, ivr_path,
          ivr_data, recording_file, ivr_entered_at, enqueued_at, ringing_at, answered_at, ended_at, outcome, short_abandon,
          wrap_up_code, notes, after_call_work_ms, version)
        VALUES (@CallId, @Direction, @SiteCode, @QueueId, @SeatId, @CallerNumber, @CustomerId, @PolicyNumber, @IvrPath,
          @IvrData, @RecordingFile, @IvrEnteredAt, @EnqueuedAt, @RingingAt, @AnsweredAt, @EndedAt, @Outcome, @ShortAbandon,
          @WrapUpCode, @Notes, @AfterCallWorkMs, @Version)
        """;

    private const string InsertHopSql =
        "INSERT INTO contact_overflow_hops (call_id, seq, from_site, to_site, reason, decided_at) VALUES (@CallId, @Seq, @FromSite, @ToSite, @Reason, @DecidedAt)";

    private const string PeriodFilter =
        """
        c.ended_at >= @From AND c.ended_at < @To
        AND (@QueueId IS NULL OR c.queue_id = @QueueId)
        AND (@SiteCode IS NULL OR c.site_code = @SiteCode
             OR EXISTS (SELECT 1 FROM contact_overflow_hops x WHERE x.call_id = c.call_id AND x.to_site = @SiteCode))
        """;

    private readonly DbConnectionFactory _db;

    public ContactQueries(DbConnectionFactory db)
    {
        _db = db;
    }

    /// <summary>Inserts a new contact with the overflow hops it already has, in one transaction.</summary>
    public async Task InsertAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(InsertSql, ContactRow.From(contact), transaction, cancellationToken));
        await InsertHopsAsync(connection, transaction, contact, 0, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Saves what the call did (queue, seat, recording, timestamps, outcome), appends hops not stored yet, and
    /// merges what the caller told the IVR without erasing anything known (rules in <see cref="MergeProgress"/>).
    /// Not version-checked: one telephony bridge owns a call's progress, and the wrap-up columns people edit are
    /// left alone. Returns false when the contact does not exist.
    /// </summary>
    public async Task<bool> SaveProgressAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The first statement writes the row, so it is locked before its IVR columns are read and merged.
        var rows = await connection.ExecuteAsync(_db.Command(
            """
            UPDATE contacts
            SET queue_id = @QueueId, seat_id = @SeatId, recording_file = @RecordingFile, enqueued_at = @EnqueuedAt,
                ringing_at = @RingingAt, answered_at = @AnsweredAt, ended_at = @EndedAt, outcome = @Outcome,
                short_abandon = @ShortAbandon
            WHERE call_id = @CallId
            """,
            ContactRow.From(contact), transaction, cancellationToken));
        if (rows == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        var given = IvrColumns.Of(contact);
        if (!given.IsEmpty)
        {
            var stored = await ReadIvrColumnsAsync(connection, transaction, contact.CallId, cancellationToken);
            await WriteIvrColumnsAsync(connection, transaction, MergeProgress(stored!, given), cancellationToken);
        }

        var storedSeq = await connection.ExecuteScalarAsync<int?>(_db.Command(
            "SELECT MAX(seq) FROM contact_overflow_hops WHERE call_id = @CallId", new { contact.CallId }, transaction, cancellationToken));
        await InsertHopsAsync(connection, transaction, contact, storedSeq ?? 0, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Saves what an IVR run learnt about the call: path, data, customer, policy number, caller number and IVR
    /// entry time (rules in <see cref="MergeIvr"/>). Inserts the contact as given when it does not exist yet (no
    /// telephony bridge, or the IVR ended before the bridge saved the call); the bridge's later
    /// <see cref="SaveProgressAsync"/> then fills in the rest and never erases what the IVR stored.
    /// </summary>
    public async Task SaveIvrAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // A write that changes nothing locks the row (PostgreSQL, SQL Server) or the database (SQLite).
            var rows = await connection.ExecuteAsync(_db.Command(
                "UPDATE contacts SET version = version WHERE call_id = @CallId", new { contact.CallId }, transaction, cancellationToken));
            if (rows == 0)
            {
                try
                {
                    await connection.ExecuteAsync(_db.Command(InsertSql, ContactRow.From(contact), transaction, cancellationToken));
                    await InsertHopsAsync(connection, transaction, contact, 0, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }
                catch (DbException) when (attempt == 1)
                {
                    // Inserted meanwhile (the bridge saw the call): merge into that row instead.
                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }
            }

            var stored = await ReadIvrColumnsAsync(connection, transaction, contact.CallId, cancellationToken);
            await WriteIvrColumnsAsync(connection, transaction, MergeIvr(stored!, IvrColumns.Of(contact)), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }
    }

    /// <summary>
    /// How the bridge's save merges the IVR columns, so that it never erases or rewrites what the IVR stored:
    /// <list type="bullet">
    /// <item><c>caller_number</c>, <c>customer_id</c>, <c>policy_number</c>: a known value replaces the stored one; null never erases it.</item>
    /// <item><c>ivr_path</c>: replaced only when none is stored or the new path extends the stored one (<c>a&gt;b</c> → <c>a&gt;b&gt;c</c>),
    /// so the IVR's node-by-node path is kept over the bridge's coarser path of intents, while a bridge without our IVR still adds steps.</item>
    /// <item><c>ivr_data</c>: merged key by key; the new value wins for the keys it has, other stored keys are kept.</item>
    /// <item><c>ivr_entered_at</c>: the earlier of the two.</item>
    /// </list>
    /// </summary>
    internal static IvrColumns MergeProgress(IvrColumns stored, IvrColumns given) => stored with
    {
        CallerNumber = given.CallerNumber ?? stored.CallerNumber,
        CustomerId = given.CustomerId ?? stored.CustomerId,
        PolicyNumber = given.PolicyNumber ?? stored.PolicyNumber,
        IvrPath = stored.IvrPath is null || (given.IvrPath is { } path && Extends(path, stored.IvrPath)) ? given.IvrPath ?? stored.IvrPath : stored.IvrPath,
        IvrData = MergeData(stored.IvrData, given.IvrData),
        IvrEnteredAt = Earlier(stored.IvrEnteredAt, given.IvrEnteredAt),
    };

    /// <summary>
    /// How an IVR run's save merges the IVR columns: the IVR's path replaces the stored one when it has one (it is
    /// the authority on the path; a run that gives none, e.g. the post-call survey, keeps it); everything else as
    /// <see cref="MergeProgress"/> (known values win, null never erases, data merged key by key, earliest entry).
    /// </summary>
    internal static IvrColumns MergeIvr(IvrColumns stored, IvrColumns given) =>
        MergeProgress(stored, given) with { IvrPath = given.IvrPath ?? stored.IvrPath };

    private static bool Extends(string path, string stored) =>
        path.Length == stored.Length
            ? string.Equals(path, stored, StringComparison.Ordinal)
            : path.Length > stored.Length && path.StartsWith(stored, StringComparison.Ordinal) && path[stored.Length] == '>';

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a <= b ? a : b;

    private static string? MergeData(string? stored, string? given)
    {
        if (stored is null || given is null)
        {
            return given ?? stored;
        }

        var merged = JsonSerializer.Deserialize<Dictionary<string, string>>(stored) ?? [];
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(given) ?? [])
        {
            merged[key] = value;
        }

        return JsonSerializer.Serialize(merged);
    }

    private async Task<IvrColumns?> ReadIvrColumnsAsync(DbConnection connection, DbTransaction transaction, string callId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<IvrColumns>(_db.Command(
            "SELECT call_id, caller_number, customer_id, policy_number, ivr_path, ivr_data, ivr_entered_at FROM contacts WHERE call_id = @CallId",
            new { CallId = callId }, transaction, cancellationToken));

    private async Task WriteIvrColumnsAsync(DbConnection connection, DbTransaction transaction, IvrColumns columns, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(_db.Command(
            """
            UPDATE contacts
            SET caller_number = @CallerNumber, customer_id = @CustomerId, policy_number = @PolicyNumber, ivr_path = @IvrPath,
                ivr_data = @IvrData, ivr_entered_at = @IvrEnteredAt
            WHERE call_id = @CallId
            """,
            columns, transaction, cancellationToken));

    /// <summary>
    /// Saves the wrap-up code, notes and after-call work if nobody saved them since the contact was read;
    /// otherwise throws <see cref="Core.ConcurrencyConflictException"/>.
    /// </summary>
    public async Task SaveWrapUpAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            """
            UPDATE contacts SET wrap_up_code = @WrapUpCode, notes = @Notes, after_call_work_ms = @AfterCallWorkMs, version = version + 1
            WHERE call_id = @CallId AND version = @Version
            """,
            ContactRow.From(contact), cancellationToken));
        Versioning.Check(rows, "contact", contact.CallId, contact);
    }

    public async Task<Contact?> GetByCallIdAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ContactRow>(_db.Command(
            $"SELECT {Columns} FROM contacts c WHERE c.call_id = @CallId", new { CallId = callId }, cancellationToken));
        if (row is null)
        {
            return null;
        }

        var hops = await connection.QueryAsync<HopRow>(_db.Command(
            $"SELECT {HopColumns} FROM contact_overflow_hops h WHERE h.call_id = @CallId ORDER BY h.seq", new { CallId = callId }, cancellationToken));
        return row.ToContact(hops);
    }

    /// <summary>Contacts that ended in the period (with their hops), for KPIs; ordered by end time.</summary>
    public async Task<IReadOnlyList<Contact>> ListEndedAsync(ContactPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ContactRow>(_db.Command(
            $"SELECT {Columns} FROM contacts c WHERE {PeriodFilter} ORDER BY c.ended_at, c.call_id", period, cancellationToken));
        var hops = await connection.QueryAsync<HopRow>(_db.Command(
            $"SELECT {HopColumns} FROM contact_overflow_hops h JOIN contacts c ON c.call_id = h.call_id WHERE {PeriodFilter} ORDER BY h.call_id, h.seq",
            period, cancellationToken));
        return Assemble(rows, hops);
    }

    /// <summary>Live contacts (not ended) at a site, or all sites when <paramref name="siteCode"/> is null; oldest first.</summary>
    public async Task<IReadOnlyList<Contact>> ListOpenAsync(string? siteCode, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var args = new { SiteCode = siteCode };
        var rows = await connection.QueryAsync<ContactRow>(_db.Command(
            $"SELECT {Columns} FROM contacts c WHERE c.ended_at IS NULL AND (@SiteCode IS NULL OR c.site_code = @SiteCode) ORDER BY c.enqueued_at, c.call_id",
            args, cancellationToken));
        var hops = await connection.QueryAsync<HopRow>(_db.Command(
            $"SELECT {HopColumns} FROM contact_overflow_hops h JOIN contacts c ON c.call_id = h.call_id WHERE c.ended_at IS NULL AND (@SiteCode IS NULL OR c.site_code = @SiteCode) ORDER BY h.call_id, h.seq",
            args, cancellationToken));
        return Assemble(rows, hops);
    }

    /// <summary>Ended contacts from a number since a time (repeat calls for FCR), newest first.</summary>
    public async Task<IReadOnlyList<Contact>> ListByCallerAsync(string callerNumber, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var args = new { CallerNumber = callerNumber, Since = since };
        var rows = await connection.QueryAsync<ContactRow>(_db.Command(
            $"SELECT {Columns} FROM contacts c WHERE c.caller_number = @CallerNumber AND c.ended_at >= @Since ORDER BY c.ended_at DESC, c.call_id",
            args, cancellationToken));
        var hops = await connection.QueryAsync<HopRow>(_db.Command(
            $"SELECT {HopColumns} FROM contact_overflow_hops h JOIN contacts c ON c.call_id = h.call_id WHERE c.caller_number = @CallerNumber AND c.ended_at >= @Since ORDER BY h.call_id, h.seq",
            args, cancellationToken));
        return Assemble(rows, hops);
    }

    internal static IReadOnlyList<Contact> Assemble(IEnumerable<ContactRow> rows, IEnumerable<HopRow> hops)
    {
        var byCall = hops.ToLookup(h => h.CallId, StringComparer.Ordinal);
        return rows.Select(r => r.ToContact(byCall[r.CallId])).ToList();
    }

    private async Task InsertHopsAsync(DbConnection connection, DbTransaction transaction, Contact contact, int afterSeq, CancellationToken cancellationToken)
    {
        var hops = contact.OverflowHops.Where(h => h.Seq > afterSeq).Select(h => HopRow.From(contact.CallId, h)).ToList();
        if (hops.Count > 0)
        {
            await connection.ExecuteAsync(_db.Command(InsertHopSql, hops, transaction, cancellationToken));
        }
    }
}

/// <summary>The columns of a contact that the IVR and the bridge both know something about.</summary>
internal sealed record IvrColumns
{
    public required string CallId { get; init; }

    public string? CallerNumber { get; init; }

    public int? CustomerId { get; init; }

    public string? PolicyNumber { get; init; }

    public string? IvrPath { get; init; }

    public string? IvrData { get; init; }

    public DateTimeOffset? IvrEnteredAt { get; init; }

    public bool IsEmpty =>
        CallerNumber is null && CustomerId is null && PolicyNumber is null && IvrPath is null && IvrData is null && IvrEnteredAt is null;

    public static IvrColumns Of(Contact c)
    {
        var row = ContactRow.From(c);
        return new()
        {
            CallId = row.CallId,
            CallerNumber = row.CallerNumber,
            CustomerId = row.CustomerId,
            PolicyNumber = row.PolicyNumber,
            IvrPath = row.IvrPath,
            IvrData = row.IvrData,
            IvrEnteredAt = row.IvrEnteredAt,
        };
    }
}

internal sealed record ContactRow
{
    public required string CallId { get; init; }

    public ContactDirection Direction { get; init; }

    public required string SiteCode { get; init; }

    public string? QueueId { get; init; }

    public string? SeatId { get; init; }

    public string? CallerNumber { get; init; }

    public int? CustomerId { get; init; }

    public string? PolicyNumber { get; init; }

    public string? IvrPath { get; init; }

    public string? IvrData { get; init; }

    public string? RecordingFile { get; init; }

    public DateTimeOffset? IvrEnteredAt { get; init; }

    public DateTimeOffset? EnqueuedAt { get; init; }

    public DateTimeOffset? RingingAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public ContactOutcome? Outcome { get; init; }

    public bool ShortAbandon { get; init; }

    public string? WrapUpCode { get; init; }

    public string? Notes { get; init; }

    public long? AfterCallWorkMs { get; init; }

    public int Version { get; init; }

    public static ContactRow From(Contact c) => new()
    {
        CallId = c.CallId,
        Direction = c.Direction,
        SiteCode = c.SiteCode,
        QueueId = c.QueueId,
        SeatId = c.SeatId,
        CallerNumber = c.CallerNumber,
        CustomerId = c.CustomerId,
        PolicyNumber = c.PolicyNumber,
        IvrPath = c.IvrPath,
        IvrData = c.IvrData.Count == 0 ? null : JsonSerializer.Serialize(c.IvrData),
        RecordingFile = c.RecordingFile,
        IvrEnteredAt = c.IvrEnteredAt,
        EnqueuedAt = c.EnqueuedAt,
        RingingAt = c.RingingAt,
        AnsweredAt = c.AnsweredAt,
        EndedAt = c.EndedAt,
        Outcome = c.Outcome,
        ShortAbandon = c.ShortAbandon,
        WrapUpCode = c.WrapUpCode,
        Notes = c.Notes,
        AfterCallWorkMs = c.AfterCallWork is { } acw ? (long)acw.TotalMilliseconds : null,
        Version = c.Version,
    };

    public Contact ToContact(IEnumerable<HopRow> hops) => new(
        CallId,
        Direction,
        SiteCode,
        QueueId,
        SeatId,
        CallerNumber,
        CustomerId,
        PolicyNumber,
        IvrPath,
        IvrData is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(IvrData),
        RecordingFile,
        IvrEnteredAt,
        EnqueuedAt,
        RingingAt,
        AnsweredAt,
        EndedAt,
        Outcome,
        ShortAbandon,
        WrapUpCode,
        Notes,
        hops.Select(h => h.ToHop()),
        AfterCallWorkMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        Version);
}

internal sealed record HopRow
{
    public required string CallId { get; init; }

    public int Seq { get; init; }

    public required string FromSite { get; init; }

    public required string ToSite { get; init; }

    public OverflowReason Reason { get; init; }

    public DateTimeOffset DecidedAt { get; init; }

    public static HopRow From(string callId, OverflowHop h) =>
        new() { CallId = callId, Seq = h.Seq, FromSite = h.FromSite, ToSite = h.ToSite, Reason = h.Reason, DecidedAt = h.DecidedAt };

    public OverflowHop ToHop() => new(Seq, FromSite, ToSite, Reason, DecidedAt);
}
