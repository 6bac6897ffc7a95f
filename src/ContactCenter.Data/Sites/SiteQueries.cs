using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Sites;
using Dapper;

namespace ContactCenter.Data.Sites;

/// <summary>Sites, their queues (with the overflow policy) and seats (with the queues they serve).</summary>
public sealed class SiteQueries
{
    private const string SiteColumns = "code, name, time_zone, ami_host, ami_port";

    private const string QueueColumns =
        "id, site_code, name, display_name, service_level_seconds, service_level_target, short_abandon_seconds, " +
        "overflow_max_wait_seconds, overflow_max_estimated_wait_seconds, overflow_max_waiting_per_seat, overflow_targets";

    private const string SeatColumns = "id, site_code, extension, display_name, user_id";

    private readonly DbConnectionFactory _db;
    private readonly string _upsertSite;
    private readonly string _upsertQueue;
    private readonly string _upsertSeat;

    public SiteQueries(DbConnectionFactory db)
    {
        _db = db;
        var dialect = db.Dialect;
        _upsertSite = dialect.Upsert("sites", ["code"], ["name", "time_zone", "ami_host", "ami_port"]);
        _upsertQueue = dialect.Upsert("queues", ["id"],
        [
            "site_code", "name", "display_name", "service_level_seconds", "service_level_target", "short_abandon_seconds",
            "overflow_max_wait_seconds", "overflow_max_estimated_wait_seconds", "overflow_max_waiting_per_seat", "overflow_targets",
        ]);
        _upsertSeat = dialect.Upsert("seats", ["id"], ["site_code", "extension", "display_name", "user_id"]);
    }

    public async Task<IReadOnlyList<Site>> ListSitesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SiteRow>(_db.Command($"SELECT {SiteColumns} FROM sites ORDER BY code", null, cancellationToken));
        return rows.Select(r => r.ToSite()).ToList();
    }

    public async Task<Site?> GetSiteAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SiteRow>(_db.Command(
            $"SELECT {SiteColumns} FROM sites WHERE code = @Code", new { Code = code }, cancellationToken));
        return row?.ToSite();
    }

    /// <summary>Inserts the site or updates it in place (configuration, seeding).</summary>
    public async Task UpsertSiteAsync(Site site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(_upsertSite, SiteRow.From(site), cancellationToken));
    }

    /// <summary>Queues of one site, or of all sites when <paramref name="siteCode"/> is null; ordered by id.</summary>
    public async Task<IReadOnlyList<Queue>> ListQueuesAsync(string? siteCode, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<QueueRow>(_db.Command(
            $"SELECT {QueueColumns} FROM queues WHERE @SiteCode IS NULL OR site_code = @SiteCode ORDER BY id",
            new { SiteCode = siteCode }, cancellationToken));
        return rows.Select(r => r.ToQueue()).ToList();
    }

    public async Task<Queue?> GetQueueAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<QueueRow>(_db.Command(
            $"SELECT {QueueColumns} FROM queues WHERE id = @Id", new { Id = id }, cancellationToken));
        return row?.ToQueue();
    }

    /// <summary>Inserts the queue or updates it in place, overflow policy included.</summary>
    public async Task UpsertQueueAsync(Queue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(_upsertQueue, QueueRow.From(queue), cancellationToken));
    }

    /// <summary>Seats of one site, or all when <paramref name="siteCode"/> is null, each with its queue memberships; ordered by id.</summary>
    public async Task<IReadOnlyList<Seat>> ListSeatsAsync(string? siteCode, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var seats = await connection.QueryAsync<SeatRow>(_db.Command(
            $"SELECT {SeatColumns} FROM seats WHERE @SiteCode IS NULL OR site_code = @SiteCode ORDER BY id",
            new { SiteCode = siteCode }, cancellationToken));
        var memberships = await connection.QueryAsync<SeatQueueRow>(_db.Command(
            """
            SELECT sq.seat_id, sq.queue_id, sq.penalty
            FROM seat_queues sq JOIN seats s ON s.id = sq.seat_id
            WHERE @SiteCode IS NULL OR s.site_code = @SiteCode
            ORDER BY sq.seat_id, sq.penalty, sq.queue_id
            """,
            new { SiteCode = siteCode }, cancellationToken));
        var bySeat = memberships.ToLookup(m => m.SeatId, StringComparer.Ordinal);
        return seats.Select(s => s.ToSeat(bySeat[s.Id])).ToList();
    }

    public async Task<Seat?> GetSeatAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var seat = await connection.QuerySingleOrDefaultAsync<SeatRow>(_db.Command(
            $"SELECT {SeatColumns} FROM seats WHERE id = @Id", new { Id = id }, cancellationToken));
        if (seat is null)
        {
            return null;
        }

        var memberships = await connection.QueryAsync<SeatQueueRow>(_db.Command(
            "SELECT seat_id, queue_id, penalty FROM seat_queues WHERE seat_id = @Id ORDER BY penalty, queue_id",
            new { Id = id }, cancellationToken));
        return seat.ToSeat(memberships);
    }

    /// <summary>Inserts or updates the seat and replaces its queue memberships, in one transaction.</summary>
    public async Task UpsertSeatAsync(Seat seat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seat);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(_upsertSeat,
            new { seat.Id, seat.SiteCode, seat.Extension, seat.DisplayName, seat.UserId }, transaction, cancellationToken));
        await connection.ExecuteAsync(_db.Command(
            "DELETE FROM seat_queues WHERE seat_id = @Id", new { seat.Id }, transaction, cancellationToken));
        await connection.ExecuteAsync(_db.Command(
            "INSERT INTO seat_queues (seat_id, queue_id, penalty) VALUES (@SeatId, @QueueId, @Penalty)",
            seat.Queues.Select(q => new { SeatId = seat.Id, q.QueueId, q.Penalty }).ToList(),
            transaction,
            cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record SiteRow
    {
        public required string Code { get; init; }

        public required string Name { get; init; }

        public required string TimeZone { get; init; }

        public string? AmiHost { get; init; }

        public int? AmiPort { get; init; }

        public static SiteRow From(Site s) => new() { Code = s.Code, Name = s.Name, TimeZone = s.TimeZone, AmiHost = s.AmiHost, AmiPort = s.AmiPort };

        public Site ToSite() => new(Code, Name, TimeZone, AmiHost, AmiPort);
    }

    private sealed record QueueRow
    {
        public required string Id { get; init; }

        public required string SiteCode { get; init; }

        public required string Name { get; init; }

        public required string DisplayName { get; init; }

        public int ServiceLevelSeconds { get; init; }

        public double ServiceLevelTarget { get; init; }

        public int ShortAbandonSeconds { get; init; }

        public int? OverflowMaxWaitSeconds { get; init; }

        public int? OverflowMaxEstimatedWaitSeconds { get; init; }

        public double? OverflowMaxWaitingPerSeat { get; init; }

        public string OverflowTargets { get; init; } = string.Empty;

        public static QueueRow From(Queue q) => new()
        {
            Id = q.Id,
            SiteCode = q.SiteCode,
            Name = q.Name,
            DisplayName = q.DisplayName,
            ServiceLevelSeconds = q.ServiceLevelSeconds,
            ServiceLevelTarget = q.ServiceLevelTarget,
            ShortAbandonSeconds = q.ShortAbandonSeconds,
            OverflowMaxWaitSeconds = q.Overflow.MaxWaitSeconds,
            OverflowMaxEstimatedWaitSeconds = q.Overflow.MaxEstimatedWaitSeconds,
            OverflowMaxWaitingPerSeat = q.Overflow.MaxWaitingPerSeat,
            OverflowTargets = q.Overflow.FormatTargets(),
        };

        public Queue ToQueue() => new(
            SiteCode,
            Name,
            DisplayName,
            ServiceLevelSeconds,
            ServiceLevelTarget,
            ShortAbandonSeconds,
            new OverflowPolicy(OverflowMaxWaitSeconds, OverflowMaxEstimatedWaitSeconds, OverflowMaxWaitingPerSeat, OverflowPolicy.ParseTargets(OverflowTargets)));
    }

    private sealed record SeatRow
    {
        public required string Id { get; init; }

        public required string SiteCode { get; init; }

        public required string Extension { get; init; }

        public required string DisplayName { get; init; }

        public int? UserId { get; init; }

        public Seat ToSeat(IEnumerable<SeatQueueRow> memberships)
        {
            var seat = new Seat(Id, SiteCode, Extension, DisplayName, UserId);
            foreach (var m in memberships)
            {
                seat.JoinQueue(m.QueueId, m.Penalty);
            }

            return seat;
        }
    }

    private sealed record SeatQueueRow
    {
        public required string SeatId { get; init; }

        public required string QueueId { get; init; }

        public int Penalty { get; init; }
    }
}
