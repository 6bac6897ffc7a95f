namespace ContactCenter.Core.Complaints;

public enum RectificationStatus
{
    /// <summary>To do by its owner before its due date.</summary>
    Open,

    /// <summary>Reported done by the owner; waiting for the re-check (复查).</summary>
    Done,

    /// <summary>Re-checked and confirmed.</summary>
    Verified,
}

/// <summary>
/// A rectification (整改) coming from a complaint: the problem, an owner, a due date and a re-check. Stored in
/// <c>case_rectifications</c> keyed by case id and <see cref="Number"/> (1, 2, ... within the case).
/// A failed re-check sends it back to <see cref="RectificationStatus.Open"/> with a new due date.
/// </summary>
public sealed record RectificationTask(
    long Id,
    int CaseId,
    int Number,
    string Problem,
    int OwnerUserId,
    DateOnly DueOn,
    RectificationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? CompletionNote,
    DateTimeOffset? RecheckedAt,
    int? RecheckedByUserId,
    bool? RecheckPassed,
    string? RecheckNote)
{
    /// <summary>Overdue on <paramref name="today"/> when still open after its due date.</summary>
    public bool IsOverdue(DateOnly today) => Status == RectificationStatus.Open && today > DueOn;
}
