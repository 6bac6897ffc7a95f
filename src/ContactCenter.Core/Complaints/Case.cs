using System.Diagnostics.CodeAnalysis;
using ContactCenter.Core.Customers;

namespace ContactCenter.Core.Complaints;

/// <summary>Where a complaint came in. "regulator" = 监管转办 (needs a written report back).</summary>
public enum CaseChannel
{
    Phone,
    Online,
    Letter,
    Visit,
    Email,
    Regulator,
}

/// <summary>Which deadline rules apply (DOMAIN §2); CBIRC 2020 is the default.</summary>
public enum ComplaintRuleSet
{
    /// <summary>《银行业保险业消费投诉处理管理办法》 (2020): calendar days, 15/30/60-day decision.</summary>
    [DomainCode("cbirc-2020")]
    Cbirc2020,

    /// <summary>The company's older rule set: working days, 5-day supplement, 10-day acceptance.</summary>
    Company,
}

/// <summary>
/// Complaint status. Minimal legal set; the full lifecycle (deadlines, extensions, review, rectification)
/// is a later issue and extends <see cref="CaseStatusRules"/>.
/// </summary>
public enum CaseStatus
{
    /// <summary>登记: every complaint is registered.</summary>
    Registered,

    /// <summary>受理.</summary>
    Accepted,

    /// <summary>不予受理, with a reason.</summary>
    Rejected,

    /// <summary>Forwarded to the responsible body or department.</summary>
    Forwarded,

    InProgress,

    /// <summary>处理决定 notified to the complainant.</summary>
    Decided,

    Closed,

    /// <summary>Merged into an earlier case (same complaint within its handling period).</summary>
    Merged,
}

/// <summary>The legal case status moves, as data. Rejected, Merged and Closed are final.</summary>
public static class CaseStatusRules
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Next = new()
    {
        [CaseStatus.Registered] = [CaseStatus.Accepted, CaseStatus.Rejected, CaseStatus.Forwarded, CaseStatus.Merged],
        [CaseStatus.Accepted] = [CaseStatus.InProgress, CaseStatus.Decided, CaseStatus.Merged],
        [CaseStatus.InProgress] = [CaseStatus.Decided, CaseStatus.Merged],
        [CaseStatus.Decided] = [CaseStatus.Closed],
        [CaseStatus.Forwarded] = [CaseStatus.Closed],
        [CaseStatus.Rejected] = [],
        [CaseStatus.Merged] = [],
        [CaseStatus.Closed] = [],
    };

    public static bool CanMove(CaseStatus from, CaseStatus to) =>
        Next.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;

    public static IReadOnlyList<CaseStatus> NextStatuses(CaseStatus from) =>
        Next.TryGetValue(from, out var targets) ? targets : [];

    public static bool IsFinal(CaseStatus status) => NextStatuses(status).Count == 0;
}

/// <summary>An illegal case status move, e.g. "cannot go from Closed to InProgress".</summary>
public sealed class CaseStatusException : DomainException
{
    public CaseStatusException(string caseNumber, CaseStatus from, CaseStatus to)
        : base($"case {caseNumber}: cannot go from {from} to {to}")
    {
        From = from;
        To = to;
    }

    public CaseStatus From { get; }

    public CaseStatus To { get; }
}

/// <summary>
/// A complaint case (投诉). Carries what every later rule needs: status, channel, receipt time (the
/// deadline clock starts here), rule set, branch and product line for the statistics.
/// </summary>
[SuppressMessage("Naming", "CA1716", Justification = "Case is the domain term agreed in the shared contract.")]
public sealed class Case : IVersioned
{
    public Case(
        int id,
        string caseNumber,
        CaseStatus status,
        CaseChannel channel,
        int? customerId,
        string? callId,
        string subject,
        DateTimeOffset receivedAt,
        ComplaintRuleSet ruleSet,
        string? branch,
        ProductLine? productLine,
        int version = 1)
    {
        Id = id;
        CaseNumber = Guard.Required(caseNumber, "case number", 64);
        Status = status;
        Channel = channel;
        CustomerId = customerId;
        CallId = Guard.Optional(callId, "call id", 128);
        Subject = Guard.Required(subject, "case subject", 500);
        ReceivedAt = receivedAt;
        RuleSet = ruleSet;
        Branch = Guard.Optional(branch, "branch", 100);
        ProductLine = productLine;
        Version = version;
    }

    public int Id { get; }

    public string CaseNumber { get; }

    public CaseStatus Status { get; private set; }

    public CaseChannel Channel { get; }

    public int? CustomerId { get; private set; }

    /// <summary>The call it was registered from, if any.</summary>
    public string? CallId { get; }

    public string Subject { get; private set; }

    /// <summary>When the complaint was received; deadlines count from here (or from new material).</summary>
    public DateTimeOffset ReceivedAt { get; }

    public ComplaintRuleSet RuleSet { get; }

    public string? Branch { get; private set; }

    public ProductLine? ProductLine { get; private set; }

    public int Version { get; set; }

    public bool IsFinal => CaseStatusRules.IsFinal(Status);

    /// <summary>A new complaint, status Registered; id 0 until stored.</summary>
    public static Case Register(
        string caseNumber,
        CaseChannel channel,
        int? customerId,
        string? callId,
        string subject,
        DateTimeOffset receivedAt,
        ComplaintRuleSet ruleSet = ComplaintRuleSet.Cbirc2020,
        string? branch = null,
        ProductLine? productLine = null) =>
        new(0, caseNumber, CaseStatus.Registered, channel, customerId, callId, subject, receivedAt, ruleSet, branch, productLine);

    /// <summary>Moves the case, or throws <see cref="CaseStatusException"/> naming both statuses.</summary>
    public void MoveTo(CaseStatus to)
    {
        if (!CaseStatusRules.CanMove(Status, to))
        {
            throw new CaseStatusException(CaseNumber, Status, to);
        }

        Status = to;
    }

    public void Classify(string subject, string? branch, ProductLine? productLine, int? customerId)
    {
        if (IsFinal)
        {
            throw new CaseStatusException(CaseNumber, Status, Status);
        }

        Subject = Guard.Required(subject, "case subject", 500);
        Branch = Guard.Optional(branch, "branch", 100);
        ProductLine = productLine;
        CustomerId = customerId;
    }
}
