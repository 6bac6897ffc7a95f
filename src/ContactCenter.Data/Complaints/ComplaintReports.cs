using System.Globalization;
using System.Text.RegularExpressions;
using ContactCenter.Core;
using Dapper;

namespace ContactCenter.Data.Complaints;

/// <summary>What a complaint report breaks down by.</summary>
public enum ReportDimension
{
    Branch,
    Cause,
    ProductLine,
}

/// <summary>
/// A report period: a year (<c>2025</c>), a quarter (<c>2025-Q1</c>) or a month (<c>2025-03</c>), as China dates,
/// inclusive. The same key names the premium and policy counts imported for it.
/// </summary>
public sealed partial record ReportPeriod(string Key, DateOnly From, DateOnly To)
{
    public static ReportPeriod Parse(string? key)
    {
        var text = key?.Trim() ?? string.Empty;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            throw new DomainValidationException($"report period '{text}' is not a year (2025), a quarter (2025-Q1) or a month (2025-03)");
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["quarter"].Success)
        {
            var quarter = match.Groups["quarter"].Value[0] - '0';
            var from = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
            return new ReportPeriod(text.ToUpperInvariant(), from, from.AddMonths(3).AddDays(-1));
        }

        if (match.Groups["month"].Success)
        {
            var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
            var from = new DateOnly(year, month, 1);
            return new ReportPeriod(text, from, from.AddMonths(1).AddDays(-1));
        }

        return new ReportPeriod(text, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
    }

    /// <summary>The same period a year earlier (for the year-on-year change).</summary>
    public ReportPeriod YearBefore()
    {
        var previous = From.AddYears(-1);
        var key = Key.Length == 4
            ? previous.Year.ToString(CultureInfo.InvariantCulture)
            : previous.Year.ToString(CultureInfo.InvariantCulture) + Key[4..];
        return new ReportPeriod(key, previous, To.AddYears(-1));
    }

    [GeneratedRegex(@"^(?<year>\d{4})(?:-(?:[Qq](?<quarter>[1-4])|(?<month>0[1-9]|1[0-2])))?$")]
    private static partial Regex Pattern();
}

/// <summary>
/// One line of a complaint report. <see cref="Key"/> is the branch name, the cause code or the product-line code
/// (empty: not recorded, e.g. the cause of a case not yet closed).
/// <list type="bullet">
/// <item><see cref="Volume"/>: cases received in the period (merged repeats left out); <see cref="YearOnYearChange"/> =
/// (volume − last year's) ÷ last year's, null when last year had none.</item>
/// <item><see cref="Due"/>/<see cref="AnsweredOnTime"/>/<see cref="TimelinessRate"/>: 投诉处理及时率, cases whose answer
/// deadline falls in the period and of those the ones answered by it (Core ComplaintTimeliness). A case not yet answered
/// whose deadline is still to come (today or later) is not counted yet: it cannot be late.</item>
/// <item><see cref="Answered"/>/<see cref="AverageHandlingDays"/>: 案均处理天数 over the cases answered in the period.</item>
/// <item><see cref="PerHundredMillionPremium"/> (亿元保费投诉量) and <see cref="PerTenThousandPolicies"/> (万张保单投诉量):
/// volume over the imported premium and policy counts of the branch for the period (branch lines only).</item>
/// <item><see cref="Open"/>/<see cref="Overdue"/>: cases still being handled now, and those past their running deadline.</item>
/// <item><see cref="Rank"/>: 1 = most complaints per 10,000 policies (volume where no counts were imported).</item>
/// </list>
/// </summary>
public sealed record ReportLine(
    string Key,
    int Volume,
    int VolumeYearBefore,
    double? YearOnYearChange,
    int Due,
    int AnsweredOnTime,
    double? TimelinessRate,
    int Answered,
    double? AverageHandlingDays,
    decimal? Premium,
    int? Policies,
    double? PerHundredMillionPremium,
    double? PerTenThousandPolicies,
    int Open,
    int Overdue,
    int Rank);

public sealed record ComplaintReport(ReportDimension Dimension, ReportPeriod Period, IReadOnlyList<ReportLine> Lines, ReportLine Total);

/// <summary>
/// The complaint analysis reports (DOMAIN §2 metrics), as grouped counts over the stored timeliness dates
/// (<c>received_on</c>, <c>answer_due_on</c>, <c>answered_on</c>, <c>handling_days</c>, <c>next_due_on</c>).
/// </summary>
public sealed class ComplaintReports(DbConnectionFactory db)
{
    public async Task<ComplaintReport> BuildAsync(ReportDimension dimension, ReportPeriod period, CaseScope scope, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(scope);
        var column = dimension switch
        {
            ReportDimension.Branch => "k.branch",
            ReportDimension.Cause => "k.cause",
            ReportDimension.ProductLine => "k.product_line",
            _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "unknown report dimension"),
        };
        var key = $"COALESCE({column}, '')";
        var where = $"k.status <> 'merged' AND {scope.Condition}";
        var before = period.YearBefore();
        var args = new
        {
            period.From,
            period.To,
            BeforeFrom = before.From,
            BeforeTo = before.To,
            Today = today,
            Period = period.Key,
            ScopeUserId = scope.UserId,
            ScopeSiteCode = scope.SiteCode,
        };
        await using var connection = await db.OpenAsync(cancellationToken);
        var volume = await Counts(connection, $"SELECT {key} AS k, COUNT(*) AS a, 0 AS b FROM cases k WHERE {where} AND k.received_on >= @From AND k.received_on <= @To GROUP BY {key}");
        var lastYear = await Counts(connection, $"SELECT {key} AS k, COUNT(*) AS a, 0 AS b FROM cases k WHERE {where} AND k.received_on >= @BeforeFrom AND k.received_on <= @BeforeTo GROUP BY {key}");
        var due = await Counts(connection,
            $"SELECT {key} AS k, COUNT(*) AS a, SUM(CASE WHEN k.answered_on IS NOT NULL AND k.answered_on <= k.answer_due_on THEN 1 ELSE 0 END) AS b " +
            $"FROM cases k WHERE {where} AND k.answer_due_on >= @From AND k.answer_due_on <= @To " +
            $"AND (k.answer_due_on < @Today OR k.answered_on IS NOT NULL) GROUP BY {key}");
        var answered = await Counts(connection,
            $"SELECT {key} AS k, COUNT(*) AS a, SUM(k.handling_days) AS b FROM cases k WHERE {where} AND k.answered_on >= @From AND k.answered_on <= @To GROUP BY {key}");
        var open = await Counts(connection,
            $"SELECT {key} AS k, COUNT(*) AS a, SUM(CASE WHEN k.next_due_on < @Today THEN 1 ELSE 0 END) AS b FROM cases k " +
            $"WHERE {scope.Condition} AND k.status IN {CaseQueries.OpenStatuses} GROUP BY {key}");
        var bases = dimension == ReportDimension.Branch
            ? (await connection.QueryAsync<VolumeBase>(db.Command(
                "SELECT branch, period, premium, policies FROM complaint_volume_bases WHERE period = @Period", args, cancellationToken)))
                .ToDictionary(b => b.Branch, StringComparer.Ordinal)
            : [];

        var keys = volume.Keys.Concat(lastYear.Keys).Concat(due.Keys).Concat(answered.Keys).Concat(open.Keys).Distinct().ToList();
        var lines = keys.Select(k => Line(k, volume, lastYear, due, answered, open, bases.GetValueOrDefault(k))).ToList();
        var ranked = lines
            .OrderByDescending(l => l.PerTenThousandPolicies ?? -1)
            .ThenByDescending(l => l.Volume)
            .ThenBy(l => l.Key, StringComparer.Ordinal)
            .Select((l, i) => l with { Rank = i + 1 })
            .ToList();
        var total = Line(string.Empty,
            Sum(volume), Sum(lastYear), Sum(due), Sum(answered), Sum(open),
            bases.Count == 0 ? null : new VolumeBase { Branch = string.Empty, Period = period.Key, Premium = bases.Values.Sum(b => b.Premium), Policies = bases.Values.Sum(b => b.Policies) });
        return new ComplaintReport(dimension, period, ranked, total with { Rank = 0 });

        async Task<Dictionary<string, (int A, long B)>> Counts(System.Data.Common.DbConnection c, string sql) =>
            (await c.QueryAsync<CountRow>(db.Command(sql, args, cancellationToken))).ToDictionary(r => r.K, r => (r.A, r.B ?? 0), StringComparer.Ordinal);
    }

    private static Dictionary<string, (int A, long B)> Sum(Dictionary<string, (int A, long B)> counts) =>
        new(StringComparer.Ordinal) { [string.Empty] = (counts.Values.Sum(v => v.A), counts.Values.Sum(v => v.B)) };

    private static ReportLine Line(
        string key,
        Dictionary<string, (int A, long B)> volume,
        Dictionary<string, (int A, long B)> lastYear,
        Dictionary<string, (int A, long B)> due,
        Dictionary<string, (int A, long B)> answered,
        Dictionary<string, (int A, long B)> open,
        VolumeBase? basis)
    {
        var v = volume.GetValueOrDefault(key).A;
        var before = lastYear.GetValueOrDefault(key).A;
        var (dueCount, onTime) = due.GetValueOrDefault(key);
        var (answeredCount, days) = answered.GetValueOrDefault(key);
        var (openCount, overdue) = open.GetValueOrDefault(key);
        return new ReportLine(
            key,
            v,
            before,
            before == 0 ? null : (double)(v - before) / before,
            dueCount,
            (int)onTime,
            dueCount == 0 ? null : (double)onTime / dueCount,
            answeredCount,
            answeredCount == 0 ? null : (double)days / answeredCount,
            basis?.Premium,
            basis?.Policies,
            basis is { Premium: > 0 } p ? v / (double)(p.Premium / 100_000_000m) : null,
            basis is { Policies: > 0 } n ? v / (n.Policies / 10_000.0) : null,
            openCount,
            (int)overdue,
            0);
    }

    private sealed record CountRow
    {
        public required string K { get; init; }

        public int A { get; init; }

        public long? B { get; init; }
    }
}
