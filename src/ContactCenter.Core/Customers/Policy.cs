namespace ContactCenter.Core.Customers;

public enum ProductLine
{
    Life,
    Health,
    Accident,
    Auto,
    Property,
}

public enum PolicyStatus
{
    InForce,
    Lapsed,
    Surrendered,
    Expired,

    /// <summary>Cancelled, e.g. returned within the cooling-off period.</summary>
    Cancelled,
}

/// <summary>
/// The cooling-off period (犹豫期) rule: which policies have one and how long it lasts. The usual rule is
/// 15 calendar days for life and health policies with a term over one year; insurers set their own
/// (some give 20 days), so it is a parameter, not a constant.
/// </summary>
public sealed record CoolingOffRule
{
    public static readonly CoolingOffRule Default = new(15, minTermYearsExclusive: 1, [ProductLine.Life, ProductLine.Health]);

    public CoolingOffRule(int days, int minTermYearsExclusive, IReadOnlyCollection<ProductLine> productLines)
    {
        if (days <= 0)
        {
            throw new DomainValidationException($"cooling-off period must be more than 0 days, not {days}");
        }

        Days = days;
        MinTermYearsExclusive = minTermYearsExclusive;
        ProductLines = productLines ?? throw new ArgumentNullException(nameof(productLines));
    }

    public int Days { get; }

    /// <summary>Only policies with a term strictly longer than this many years have a cooling-off period.</summary>
    public int MinTermYearsExclusive { get; }

    public IReadOnlyCollection<ProductLine> ProductLines { get; }

    public bool AppliesTo(ProductLine productLine, int termYears) =>
        ProductLines.Contains(productLine) && termYears > MinTermYearsExclusive;

    /// <summary>
    /// The last day of the cooling-off period counted from <paramref name="from"/> (the start date, or the
    /// receipt-signed date where the insurer counts from delivery): day 1 is the day after, so 15 days from
    /// 1 March ends on 16 March. Null when the policy has none.
    /// </summary>
    public DateOnly? EndFor(ProductLine productLine, int termYears, DateOnly from) =>
        AppliesTo(productLine, termYears) ? from.AddDays(Days) : null;
}

/// <summary>An insurance policy. New-policy callbacks must happen within its cooling-off period.</summary>
public sealed class Policy
{
    /// <summary>Restores a stored policy (<paramref name="coolingOffEnd"/> as stored).</summary>
    public Policy(
        string policyNumber,
        int customerId,
        ProductLine productLine,
        string productName,
        decimal premium,
        DateOnly startDate,
        int termYears,
        DateOnly? coolingOffEnd,
        PolicyStatus status,
        string branch)
    {
        PolicyNumber = Guard.Required(policyNumber, "policy number", 64);
        CustomerId = customerId;
        ProductLine = productLine;
        ProductName = Guard.Required(productName, "product name", 200);
        if (premium < 0)
        {
            throw new DomainValidationException($"premium must be 0 or more, not {premium}");
        }

        if (termYears <= 0)
        {
            throw new DomainValidationException($"policy term must be at least 1 year, not {termYears}");
        }

        if (coolingOffEnd is { } end && end < startDate)
        {
            throw new DomainValidationException($"cooling-off end {end:yyyy-MM-dd} is before the start date {startDate:yyyy-MM-dd}");
        }

        Premium = premium;
        StartDate = startDate;
        TermYears = termYears;
        CoolingOffEnd = coolingOffEnd;
        Status = status;
        Branch = Guard.Required(branch, "branch", 100);
    }

    public string PolicyNumber { get; }

    public int CustomerId { get; }

    public ProductLine ProductLine { get; }

    public string ProductName { get; }

    public decimal Premium { get; }

    public DateOnly StartDate { get; }

    public int TermYears { get; }

    /// <summary>Last day of the cooling-off period (犹豫期), or null if the policy has none.</summary>
    public DateOnly? CoolingOffEnd { get; }

    public PolicyStatus Status { get; private set; }

    public string Branch { get; }

    /// <summary>A new policy, its cooling-off end computed by <paramref name="rule"/> from the start date.</summary>
    public static Policy Issue(
        string policyNumber,
        int customerId,
        ProductLine productLine,
        string productName,
        decimal premium,
        DateOnly startDate,
        int termYears,
        string branch,
        CoolingOffRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new Policy(policyNumber, customerId, productLine, productName, premium, startDate, termYears,
            rule.EndFor(productLine, termYears, startDate), PolicyStatus.InForce, branch);
    }

    public bool IsInCoolingOff(DateOnly today) => CoolingOffEnd is { } end && today >= StartDate && today <= end;

    /// <summary>A policy with a cooling-off period gets a new-policy callback (新契约回访) before it ends.</summary>
    public bool NeedsNewPolicyCallback => CoolingOffEnd is not null;

    public void ChangeStatus(PolicyStatus status) => Status = status;
}
