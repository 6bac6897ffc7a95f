using System.Globalization;

namespace ContactCenter.Core.Complaints;

/// <summary>How an earlier case relates to a new complaint about the same thing.</summary>
public enum DuplicateKind
{
    /// <summary>The earlier case is still in its handling period: merge (Art 18), or reject without new facts (company rules).</summary>
    InHandling,

    /// <summary>The earlier case was already decided: without new facts, reject (company rules' third ground).</summary>
    AfterDecision,
}

public sealed record DuplicateMatch(Case Existing, DuplicateKind Kind);

/// <summary>
/// Finds earlier cases that a new complaint repeats: same complainant and same subject. Same complainant means
/// the same customer id, or else the same ID number, or else the same name and phone (digits only). Same subject
/// compares the subjects without case, spaces or punctuation. Rejected, forwarded and merged cases are skipped
/// (a merged case is found through its survivor).
/// </summary>
public static class DuplicateDetector
{
    public static IReadOnlyList<DuplicateMatch> Find(Case candidate, IEnumerable<Case> existing)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(existing);
        var matches = new List<DuplicateMatch>();
        foreach (var other in existing)
        {
            if (ReferenceEquals(other, candidate) || (other.Id != 0 && other.Id == candidate.Id)
                || other.ReceivedAt > candidate.ReceivedAt || !SameComplainant(candidate, other) || !SameSubject(candidate, other))
            {
                continue;
            }

            if (CaseStatusRules.IsInHandling(other.Status))
            {
                matches.Add(new DuplicateMatch(other, DuplicateKind.InHandling));
            }
            else if (other.Status is CaseStatus.Decided or CaseStatus.UnderReview or CaseStatus.Closed)
            {
                matches.Add(new DuplicateMatch(other, DuplicateKind.AfterDecision));
            }
        }

        return matches.OrderBy(m => m.Kind).ThenBy(m => m.Existing.ReceivedAt).ToList();
    }

    public static bool SameComplainant(Case a, Case b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.CustomerId is { } ca && b.CustomerId is { } cb)
        {
            return ca == cb;
        }

        if (a.Complainant is not { } pa || b.Complainant is not { } pb)
        {
            return false;
        }

        if (pa.IdNumber is not null && pb.IdNumber is not null)
        {
            return string.Equals(pa.IdNumber, pb.IdNumber, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(pa.Name, pb.Name, StringComparison.Ordinal)
            && Digits(pa.Phone) is { Length: > 0 } phone && phone == Digits(pb.Phone);
    }

    public static bool SameSubject(Case a, Case b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(Normalize(a.Subject), Normalize(b.Subject), StringComparison.Ordinal);
    }

    private static string Normalize(string text) =>
        new(text.Where(char.IsLetterOrDigit).Select(c => char.ToLower(c, CultureInfo.InvariantCulture)).ToArray());

    private static string Digits(string? text) => text is null ? string.Empty : new string(text.Where(char.IsAsciiDigit).ToArray());
}
