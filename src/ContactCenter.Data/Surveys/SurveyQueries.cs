using ContactCenter.Core.Surveys;
using Dapper;

namespace ContactCenter.Data.Surveys;

/// <summary>Survey results recorded in a period, optionally for one site, queue or seat.</summary>
public sealed record SurveyPeriod(DateTimeOffset From, DateTimeOffset To, string? SiteCode = null, string? QueueId = null, string? SeatId = null);

/// <summary>Reads and writes <c>survey_results</c> (one per call; "not rated" is stored as such, never as a score).</summary>
public sealed class SurveyQueries
{
    private const string Columns = "call_id, seat_id, queue_id, site_code, scale, score, status, recorded_at";

    private readonly DbConnectionFactory _db;
    private readonly string _upsert;

    public SurveyQueries(DbConnectionFactory db)
    {
        _db = db;
        _upsert = db.Dialect.Upsert("survey_results", ["call_id"], ["seat_id", "queue_id", "site_code", "scale", "score", "status", "recorded_at"]);
    }

    /// <summary>Stores the call's survey result, replacing an earlier one for the same call.</summary>
    public async Task RecordAsync(SurveyResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(_upsert, new
        {
            result.CallId,
            result.SeatId,
            result.QueueId,
            result.SiteCode,
            result.Scale,
            result.Score,
            result.Status,
            result.RecordedAt,
        }, cancellationToken));
    }

    public async Task<SurveyResult?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SurveyRow>(_db.Command(
            $"SELECT {Columns} FROM survey_results WHERE call_id = @CallId", new { CallId = callId }, cancellationToken));
        return row?.ToResult();
    }

    /// <summary>Results recorded in [From, To), oldest first.</summary>
    public async Task<IReadOnlyList<SurveyResult>> ListAsync(SurveyPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var connection = await _db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SurveyRow>(_db.Command(
            $"""
            SELECT {Columns} FROM survey_results
            WHERE recorded_at >= @From AND recorded_at < @To
              AND (@SiteCode IS NULL OR site_code = @SiteCode)
              AND (@QueueId IS NULL OR queue_id = @QueueId)
              AND (@SeatId IS NULL OR seat_id = @SeatId)
            ORDER BY recorded_at, call_id
            """,
            period, cancellationToken));
        return rows.Select(r => r.ToResult()).ToList();
    }

    private sealed record SurveyRow
    {
        public required string CallId { get; init; }

        public string? SeatId { get; init; }

        public string? QueueId { get; init; }

        public required string SiteCode { get; init; }

        public int Scale { get; init; }

        public int? Score { get; init; }

        public SurveyStatus Status { get; init; }

        public DateTimeOffset RecordedAt { get; init; }

        public SurveyResult ToResult() => new(CallId, SeatId, QueueId, SiteCode, Scale, Status == SurveyStatus.Rated ? Score : null, RecordedAt);
    }
}
