using ContactCenter.Core.Customers;

namespace ContactCenter.Core.Complaints;

/// <summary>
/// Every stored field of a case, flat, one property per column of <c>cases</c> (snake_case of the property
/// name). The data layer reads rows into it and builds the case with <see cref="Case.Restore"/>; it saves
/// <see cref="Case.ToRecord"/>. Enums are stored as their <see cref="DomainCodes"/> text; <see cref="DateOnly"/>
/// values are China dates. The case's rules live in <see cref="Case"/>, not here.
/// </summary>
public sealed record CaseRecord
{
    public int Id { get; init; }

    public required string CaseNumber { get; init; }

    public CaseStatus Status { get; init; }

    public CaseChannel Channel { get; init; }

    public int? CustomerId { get; init; }

    public string? CallId { get; init; }

    public required string Subject { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public ComplaintRuleSet RuleSet { get; init; }

    public string? Branch { get; init; }

    public ProductLine? ProductLine { get; init; }

    public int Version { get; init; } = 1;

    // Art 13 registration: complainant, agent, request; null on cases stored before the lifecycle existed.
    public ComplainantKind? ComplainantKind { get; init; }

    public string? ComplainantName { get; init; }

    public string? ComplainantIdNumber { get; init; }

    public string? ComplainantPhone { get; init; }

    public string? ComplainantEmail { get; init; }

    public string? ComplainantAddress { get; init; }

    public string? ComplainantCreditCode { get; init; }

    public string? ComplainantLegalRepresentative { get; init; }

    public string? AgentName { get; init; }

    public string? AgentIdNumber { get; init; }

    public string? AgentPhone { get; init; }

    public string? AgentRelationship { get; init; }

    public string? AgentAuthorityProof { get; init; }

    public string? Request { get; init; }

    public string? Facts { get; init; }

    public string? Basis { get; init; }

    public string? TargetInstitution { get; init; }

    public string? TargetStaff { get; init; }

    public string? RegulatorReference { get; init; }

    // Clock and deadlines.
    public bool MaterialComplete { get; init; } = true;

    public DateTimeOffset? MaterialCompleteAt { get; init; }

    /// <summary>Receipt of the latest new facts; the decision clock counts from its date.</summary>
    public DateTimeOffset ClockStartedAt { get; init; }

    public DateOnly? AcknowledgeBy { get; init; }

    public DateOnly? AcceptBy { get; init; }

    public DateOnly DecideBy { get; init; }

    public DateOnly? ReviewApplyBy { get; init; }

    public DateOnly? ReviewDecideBy { get; init; }

    /// <summary>0, 1 (15 → 30 days) or 2 (→ 60 days).</summary>
    public int ExtensionLevel { get; init; }

    public DateTimeOffset? SuspendedSince { get; init; }

    public SuspensionReason? SuspensionReason { get; init; }

    /// <summary>Whole days the decision clock was paused since it last started (added to the decision deadline).</summary>
    public int SuspendedDays { get; init; }

    // Steps and owners.
    public int? OwnerUserId { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }

    public DateTimeOffset? RejectedAt { get; init; }

    public RejectionGround? RejectionGround { get; init; }

    public string? RejectionReason { get; init; }

    public ForwardKind? ForwardKind { get; init; }

    public string? ForwardedTo { get; init; }

    public DateTimeOffset? ForwardedAt { get; init; }

    public string? ResponsibleUnit { get; init; }

    public int? InvestigatorUserId { get; init; }

    public string? InvestigationFindings { get; init; }

    public DateTimeOffset? InvestigatedAt { get; init; }

    public string? DecisionFacts { get; init; }

    public string? DecisionBasis { get; init; }

    public string? DecisionRemedies { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The answer notice: the decision's, or a rejection's.</summary>
    public NoticeMethod? NoticeMethod { get; init; }

    public DateTimeOffset? NoticeAt { get; init; }

    public string? NoticeProof { get; init; }

    public DateTimeOffset? ReviewAppliedAt { get; init; }

    public string? ReviewRequest { get; init; }

    public string? ReviewFacts { get; init; }

    public string? ReviewBasis { get; init; }

    public string? ReviewRemedies { get; init; }

    public bool? ReviewUpheld { get; init; }

    public DateTimeOffset? ReviewDecidedAt { get; init; }

    public NoticeMethod? ReviewNoticeMethod { get; init; }

    public DateTimeOffset? ReviewNoticeAt { get; init; }

    public string? ReviewNoticeProof { get; init; }

    public DateTimeOffset? RegulatorReportedAt { get; init; }

    public string? RegulatorReportReference { get; init; }

    public bool IsMajor { get; init; }

    public MajorComplaintReason? MajorReason { get; init; }

    public int? MajorGroupSize { get; init; }

    // Classification at closure.
    public CaseValidity? Validity { get; init; }

    public ComplaintCause? Cause { get; init; }

    public string? AttributedUnit { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public int? MergedIntoCaseId { get; init; }
}
