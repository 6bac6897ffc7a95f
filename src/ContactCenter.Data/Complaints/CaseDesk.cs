using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using Dapper;

namespace ContactCenter.Data.Complaints;

/// <summary>
/// Which cases a user sees (DOMAIN §7): an admin all; a supervisor the cases handled at their site; a seat the
/// cases they registered, own or investigate.
/// </summary>
public sealed record CaseScope
{
    private CaseScope(string? siteCode, int? userId)
    {
        SiteCode = siteCode;
        UserId = userId;
    }

    public static CaseScope All { get; } = new(null, null);

    public string? SiteCode { get; }

    public int? UserId { get; }

    public static CaseScope Site(string siteCode) => new(siteCode, null);

    public static CaseScope User(int userId) => new(null, userId);

    /// <summary>Whether a stored case is inside the scope.</summary>
    public bool Covers(StoredCase stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (UserId is { } user)
        {
            var c = stored.Case;
            return stored.RegisteredByUserId == user || c.OwnerUserId == user || c.InvestigatorUserId == user;
        }

        return SiteCode is null || string.Equals(SiteCode, stored.SiteCode, StringComparison.Ordinal);
    }

    internal string Condition => UserId is not null
        ? "(k.registered_by_user_id = @ScopeUserId OR k.owner_user_id = @ScopeUserId OR k.investigator_user_id = @ScopeUserId)"
        : SiteCode is not null ? "k.site_code = @ScopeSiteCode" : "1 = 1";
}

/// <summary>The complaint desk's list filter. Null members do not filter; <see cref="Today"/> is the China date the colours use.</summary>
public sealed record CaseListFilter
{
    public required DateOnly Today { get; init; }

    public CaseStatus? Status { get; init; }

    /// <summary>Only cases still being handled (the open statuses).</summary>
    public bool OpenOnly { get; init; }

    public string? Branch { get; init; }

    public ProductLine? ProductLine { get; init; }

    public CaseChannel? Channel { get; init; }

    /// <summary>Only cases whose running deadline has passed.</summary>
    public bool OverdueOnly { get; init; }

    /// <summary>Only cases due today or within <see cref="DueSoonDays"/> days (not yet overdue).</summary>
    public bool DueSoonOnly { get; init; }

    public int DueSoonDays { get; init; } = 2;

    /// <summary>A case number (exact) or part of the subject.</summary>
    public string? Search { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 50;
}

/// <summary>One line of the desk list (no personal data beyond the complainant's name).</summary>
public sealed record CaseSummary
{
    public int Id { get; init; }

    public required string CaseNumber { get; init; }

    public CaseStatus Status { get; init; }

    public CaseChannel Channel { get; init; }

    public required string Subject { get; init; }

    public string? Branch { get; init; }

    public ProductLine? ProductLine { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public string? ComplainantName { get; init; }

    public DateOnly DecideBy { get; init; }

    public DateOnly? NextDueOn { get; init; }

    public DueKind? NextDueKind { get; init; }

    public int? OwnerUserId { get; init; }

    public bool IsMajor { get; init; }

    public string? SiteCode { get; init; }

    public int Version { get; init; }
}

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total);

/// <summary>The complaint desk's list: filtered, scoped, newest first, paged.</summary>
public sealed class CaseDesk(DbConnectionFactory db)
{
    private const string SummaryColumns =
        "k.id, k.case_number, k.status, k.channel, k.subject, k.branch, k.product_line, k.received_at, k.complainant_name, k.decide_by, " +
        "k.next_due_on, k.next_due_kind, k.owner_user_id, k.is_major, k.site_code, k.version";

    public async Task<CasePage> ListAsync(CaseScope scope, CaseListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(filter.Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filter.Take);
        var conditions = new List<string> { scope.Condition };
        var args = new DynamicParameters();
        args.Add("ScopeUserId", scope.UserId);
        args.Add("ScopeSiteCode", scope.SiteCode);
        if (filter.Status is { } status)
        {
            conditions.Add("k.status = @Status");
            args.Add("Status", status);
        }

        if (filter.OpenOnly)
        {
            conditions.Add($"k.status IN {CaseQueries.OpenStatuses}");
        }

        if (filter.Branch is { } branch)
        {
            conditions.Add("k.branch = @Branch");
            args.Add("Branch", branch);
        }

        if (filter.ProductLine is { } line)
        {
            conditions.Add("k.product_line = @ProductLine");
            args.Add("ProductLine", line);
        }

        if (filter.Channel is { } channel)
        {
            conditions.Add("k.channel = @Channel");
            args.Add("Channel", channel);
        }

        if (filter.OverdueOnly)
        {
            conditions.Add("k.next_due_on < @Today");
            args.Add("Today", filter.Today);
        }
        else if (filter.DueSoonOnly)
        {
            conditions.Add("k.next_due_on >= @Today AND k.next_due_on <= @DueSoon");
            args.Add("Today", filter.Today);
            args.Add("DueSoon", filter.Today.AddDays(filter.DueSoonDays));
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            conditions.Add("(k.case_number = @Search OR k.subject LIKE @SearchLike)");
            args.Add("Search", filter.Search.Trim());
            args.Add("SearchLike", "%" + filter.Search.Trim().Replace("%", string.Empty, StringComparison.Ordinal) + "%");
        }

        args.Add("Skip", filter.Skip);
        args.Add("Take", filter.Take);
        var where = string.Join(" AND ", conditions);
        await using var connection = await db.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(db.Command($"SELECT COUNT(*) FROM cases k WHERE {where}", args, cancellationToken));
        var items = await connection.QueryAsync<CaseSummary>(db.Command(
            $"SELECT {SummaryColumns} FROM cases k WHERE {where} ORDER BY k.received_at DESC, k.id DESC{db.Dialect.Page("@Skip", "@Take")}",
            args, cancellationToken));
        return new CasePage(items.ToList(), total);
    }

    /// <summary>The distinct branches named on cases in scope, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ListBranchesAsync(CaseScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(db.Command(
            $"SELECT DISTINCT k.branch FROM cases k WHERE k.branch IS NOT NULL AND {scope.Condition} ORDER BY k.branch",
            new { ScopeUserId = scope.UserId, ScopeSiteCode = scope.SiteCode }, cancellationToken));
        return rows.ToList();
    }
}
