namespace ContactCenter.Core.Complaints;

/// <summary>
/// Every deadline a case's rule set defines, as China dates (the last day allowed, inclusive), stored with the
/// case and recomputed when the clock restarts, is extended or pauses.
/// </summary>
/// <param name="Acknowledge">Company rules: ask for missing material by (receipt + 5 working days); only when material was incomplete.</param>
/// <param name="Accept">Company rules: say whether accepted by (complete material + 10 working days).</param>
/// <param name="Decide">Decide and notify by (Art 18: receipt of the complete material or latest new facts + 15/30/60 days + suspended days).</param>
/// <param name="ReviewApplyBy">Art 20: the complainant may apply for review until (notice + 30 days).</param>
/// <param name="ReviewDecideBy">Art 20: the review is decided by (application + 30 days + suspended days).</param>
public sealed record CaseDeadlines(DateOnly? Acknowledge, DateOnly? Accept, DateOnly Decide, DateOnly? ReviewApplyBy, DateOnly? ReviewDecideBy);
