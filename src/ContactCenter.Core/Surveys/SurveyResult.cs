namespace ContactCenter.Core.Surveys;

public enum SurveyStatus
{
    Rated,

    /// <summary>No valid key after one replay: recorded as not rated, never as a default score.</summary>
    NotRated,
}

/// <summary>
/// The post-call (or callback/SMS) satisfaction answer for one call, tied to the call and the seat.
/// Scales are 3-point (1 非常满意, 2 满意, 3 不满意) or 5-point (1 非常满意 … 5 非常不满意); on both, 1 and 2
/// count as satisfied.
/// </summary>
public sealed class SurveyResult
{
    public SurveyResult(string callId, string? seatId, string? queueId, string siteCode, int scale, int? score, DateTimeOffset recordedAt)
    {
        CallId = Guard.Required(callId, "call id", 128);
        SeatId = Guard.Optional(seatId, "seat id", 64);
        QueueId = Guard.Optional(queueId, "queue id", 100);
        SiteCode = Guard.SiteCode(siteCode);
        if (scale is not (3 or 5))
        {
            throw new DomainValidationException($"survey scale must be 3 or 5, not {scale}");
        }

        if (score is { } s && (s < 1 || s > scale))
        {
            throw new DomainValidationException($"survey score {s} is outside the {scale}-point scale");
        }

        Scale = scale;
        Score = score;
        RecordedAt = recordedAt;
    }

    public string CallId { get; }

    public string? SeatId { get; }

    public string? QueueId { get; }

    public string SiteCode { get; }

    /// <summary>3 or 5.</summary>
    public int Scale { get; }

    /// <summary>1 = best. Null = not rated.</summary>
    public int? Score { get; }

    public DateTimeOffset RecordedAt { get; }

    public SurveyStatus Status => Score is null ? SurveyStatus.NotRated : SurveyStatus.Rated;

    public bool IsRated => Score is not null;

    /// <summary>Null when not rated; otherwise whether the score is 1 or 2.</summary>
    public bool? IsSatisfied => Score is { } s ? s <= 2 : null;

    public static SurveyResult Rated(string callId, string? seatId, string? queueId, string siteCode, int scale, int score, DateTimeOffset recordedAt) =>
        new(callId, seatId, queueId, siteCode, scale, score, recordedAt);

    public static SurveyResult NotRated(string callId, string? seatId, string? queueId, string siteCode, int scale, DateTimeOffset recordedAt) =>
        new(callId, seatId, queueId, siteCode, scale, null, recordedAt);
}
