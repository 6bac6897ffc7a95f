using System.Globalization;
using ContactCenter.Core;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Customers;
using Dapper;

namespace ContactCenter.Data.Campaigns;

/// <summary>Reads and writes <c>campaigns</c>, the seats assigned to them (<c>campaign_seats</c>) and the do-not-call list.</summary>
public sealed class CampaignQueries
{
    internal const string Columns =
        "id, name, kind, home_site, window_start, window_end, max_attempts, version, mode, time_zone, connect_extension, " +
        "retry_no_answer_minutes, retry_busy_minutes, retry_unreachable_minutes, retry_wrong_number_minutes, retry_call_later_minutes";

    internal static readonly string[] InsertColumns =
    [
        "name", "kind", "home_site", "window_start", "window_end", "max_attempts", "version", "mode", "time_zone", "connect_extension",
        "retry_no_answer_minutes", "retry_busy_minutes", "retry_unreachable_minutes", "retry_wrong_number_minutes", "retry_call_later_minutes",
    ];

    private readonly DbConnectionFactory _db;
    private readonly string _insert;
    private readonly string _addDoNotCall;
    private readonly string _assignSeat;

    public CampaignQueries(DbConnectionFactory db)
    {
        _db = db;
        _insert = db.Dialect.InsertReturningId("campaigns", InsertColumns, "id");
        _addDoNotCall = db.Dialect.Upsert("do_not_call", ["phone"], ["reason", "added_at"]);
        _assignSeat = db.Dialect.Upsert("campaign_seats", ["campaign_id", "seat_id"], []);
    }

    /// <summary>Inserts a campaign (its <see cref="Campaign.Id"/> is ignored) and returns the generated id.</summary>
    public async Task<int> InsertAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(_db.Command(_insert, CampaignRow.From(campaign), cancellationToken));
    }

    public async Task<Campaign?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CampaignRow>(_db.Command(
            $"SELECT {Columns} FROM campaigns WHERE id = @Id", new { Id = id }, cancellationToken));
        return row?.ToCampaign();
    }

    public async Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignRow>(_db.Command($"SELECT {Columns} FROM campaigns ORDER BY id", null, cancellationToken));
        return rows.Select(r => r.ToCampaign()).ToList();
    }

    /// <summary>Saves name, home site, window, attempts, mode and retry rules if nobody saved the campaign since it was read.</summary>
    public async Task UpdateAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(_db.Command(
            """
            UPDATE campaigns SET name = @Name, home_site = @HomeSite, window_start = @WindowStart, window_end = @WindowEnd,
                max_attempts = @MaxAttempts, mode = @Mode, retry_no_answer_minutes = @RetryNoAnswerMinutes,
                retry_busy_minutes = @RetryBusyMinutes, retry_unreachable_minutes = @RetryUnreachableMinutes,
                retry_wrong_number_minutes = @RetryWrongNumberMinutes, retry_call_later_minutes = @RetryCallLaterMinutes,
                version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            CampaignRow.From(campaign), cancellationToken));
        Versioning.Check(rows, "campaign", campaign.Id.ToString(CultureInfo.InvariantCulture), campaign);
    }

    /// <summary>Assigns seats to a campaign (already assigned ones are kept).</summary>
    public async Task AssignSeatsAsync(int campaignId, IEnumerable<string> seatIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seatIds);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var seatId in seatIds)
        {
            await connection.ExecuteAsync(_db.Command(_assignSeat, new { CampaignId = campaignId, SeatId = seatId }, transaction, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every (campaign id, seat id) assignment.</summary>
    public async Task<ILookup<int, string>> ListSeatAssignmentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int CampaignId, string SeatId)>(_db.Command(
            "SELECT campaign_id, seat_id FROM campaign_seats ORDER BY campaign_id, seat_id", null, cancellationToken));
        return rows.ToLookup(r => r.CampaignId, r => r.SeatId);
    }

    /// <summary>Puts a number on the do-not-call list (normalized like screen-pop numbers); returns the stored form.</summary>
    public async Task<string> AddDoNotCallAsync(string phone, string? reason, DateTimeOffset addedAt, CancellationToken cancellationToken)
    {
        var number = Customer.NormalizePhone(phone) ?? throw new DomainValidationException("a do-not-call entry needs a phone number");
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(_addDoNotCall, new { Phone = number, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), AddedAt = addedAt }, cancellationToken));
        return number;
    }

    public async Task RemoveDoNotCallAsync(string phone, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command("DELETE FROM do_not_call WHERE phone = @Phone",
            new { Phone = Customer.NormalizePhone(phone) ?? phone }, cancellationToken));
    }

    /// <summary>Which of <paramref name="phones"/> (normalized) are on the do-not-call list.</summary>
    public async Task<IReadOnlySet<string>> FindDoNotCallAsync(IEnumerable<string> phones, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phones);
        var numbers = phones.Select(p => Customer.NormalizePhone(p) ?? p).Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(500))
        {
            found.UnionWith(await connection.QueryAsync<string>(_db.Command(
                $"SELECT phone FROM do_not_call WHERE {_db.Dialect.InList("phone", "@Phones")}", new { Phones = chunk.ToList() }, cancellationToken)));
        }

        return found;
    }
}

internal sealed record CampaignRow
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public CampaignKind Kind { get; init; }

    public required string HomeSite { get; init; }

    public TimeOnly WindowStart { get; init; }

    public TimeOnly WindowEnd { get; init; }

    public int MaxAttempts { get; init; }

    public int Version { get; init; }

    public DialingMode Mode { get; init; }

    public required string TimeZone { get; init; }

    public string? ConnectExtension { get; init; }

    public int? RetryNoAnswerMinutes { get; init; }

    public int? RetryBusyMinutes { get; init; }

    public int? RetryUnreachableMinutes { get; init; }

    public int? RetryWrongNumberMinutes { get; init; }

    public int RetryCallLaterMinutes { get; init; }

    public static CampaignRow From(Campaign c) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Kind = c.Kind,
        HomeSite = c.HomeSite,
        WindowStart = c.Window.Start,
        WindowEnd = c.Window.End,
        MaxAttempts = c.MaxAttempts,
        Version = c.Version,
        Mode = c.Mode,
        TimeZone = c.TimeZoneId,
        ConnectExtension = c.ConnectExtension,
        RetryNoAnswerMinutes = Minutes(c.Retry.NoAnswer),
        RetryBusyMinutes = Minutes(c.Retry.Busy),
        RetryUnreachableMinutes = Minutes(c.Retry.Unreachable),
        RetryWrongNumberMinutes = Minutes(c.Retry.WrongNumber),
        RetryCallLaterMinutes = Minutes(c.Retry.CallLaterDefault) ?? 0,
    };

    public Campaign ToCampaign() => new(
        Id,
        Name,
        Kind,
        HomeSite,
        new CallingWindow(WindowStart, WindowEnd),
        MaxAttempts,
        Version,
        Mode,
        new RetryPolicy(Span(RetryNoAnswerMinutes), Span(RetryBusyMinutes), Span(RetryUnreachableMinutes), Span(RetryWrongNumberMinutes),
            TimeSpan.FromMinutes(RetryCallLaterMinutes)),
        TimeZone,
        ConnectExtension);

    private static int? Minutes(TimeSpan? span) => span is { } s ? (int)Math.Round(s.TotalMinutes) : null;

    private static TimeSpan? Span(int? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;
}
