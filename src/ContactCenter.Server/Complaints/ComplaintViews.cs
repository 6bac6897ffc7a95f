using ContactCenter.Core;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Privacy;
using ContactCenter.Data.Complaints;

namespace ContactCenter.Server.Complaints;

/// <summary>A registration from any channel (Art 13). A hotline registration carries the call, customer and policy it came from.</summary>
public sealed record RegisterRequest
{
    public CaseChannel? Channel { get; init; }

    /// <summary>When the complaint arrived (a letter's receipt date); default now.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    public string? Subject { get; init; }

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

    public string? Institution { get; init; }

    public string? Branch { get; init; }

    public ProductLine? ProductLine { get; init; }

    public string? Staff { get; init; }

    public string? RegulatorReference { get; init; }

    public bool? MaterialComplete { get; init; }

    public int? CustomerId { get; init; }

    public string? CallId { get; init; }
}

/// <summary>
/// One step on a case. <see cref="Version"/> is the version the client last read (a stale one is refused);
/// the other members are the step's inputs (see the step names in <see cref="ComplaintEndpoints"/>).
/// </summary>
public sealed record StepRequest
{
    public int Version { get; init; }

    public int? UserId { get; init; }

    public string? Text { get; init; }

    public string? Unit { get; init; }

    public RejectionGround? Ground { get; init; }

    public ForwardKind? ForwardKind { get; init; }

    public NoticeMethod? NoticeMethod { get; init; }

    public DateTimeOffset? NoticeAt { get; init; }

    public string? Proof { get; init; }

    public SuspensionReason? SuspensionReason { get; init; }

    public bool? NewFacts { get; init; }

    public bool? Upheld { get; init; }

    public string? Facts { get; init; }

    public string? Basis { get; init; }

    public string? Remedies { get; init; }

    public MajorComplaintReason? MajorReason { get; init; }

    public int? GroupSize { get; init; }

    public CaseValidity? Validity { get; init; }

    public ComplaintCause? Cause { get; init; }

    public int? SurvivorId { get; init; }

    public int? Number { get; init; }

    public DateOnly? DueOn { get; init; }

    public bool? Passed { get; init; }
}

public sealed record PersonView(string Kind, string Name, string? IdNumber, string? Phone, string? Email, string? Address, string? CreditCode, string? LegalRepresentative);

public sealed record AgentView(string Name, string? IdNumber, string? Phone, string? Relationship, string? AuthorityProof);

/// <summary>The running deadline and its colour: <c>overdue</c> (red), <c>due-soon</c> (within 2 days, amber), <c>ok</c>, <c>none</c>.</summary>
public sealed record DeadlinesView(DateOnly? Acknowledge, DateOnly? Accept, DateOnly Decide, DateOnly? ReviewApplyBy, DateOnly? ReviewDecideBy, DateOnly? NextDue, DueKind? NextDueKind, string Colour);

public sealed record EventView(long Id, CaseEventType Type, DateTimeOffset At, int? ActorUserId, string? Actor, string? Detail);

public sealed record RectificationView(int Number, string Problem, int OwnerUserId, string? Owner, DateOnly DueOn, RectificationStatus Status, DateTimeOffset? CompletedAt,
    string? CompletionNote, DateTimeOffset? RecheckedAt, bool? RecheckPassed, string? RecheckNote, bool Overdue);

/// <summary>A case as the desk shows it: personal numbers masked, the timeline, and the steps its status allows.</summary>
public sealed record CaseView(
    int Id,
    string CaseNumber,
    CaseStatus Status,
    CaseChannel Channel,
    string RuleSet,
    string Subject,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ClockStartedAt,
    string? Branch,
    ProductLine? ProductLine,
    int? CustomerId,
    string? CallId,
    string? SiteCode,
    int Version,
    PersonView? Complainant,
    AgentView? Agent,
    string? Request,
    string? Facts,
    string? Basis,
    string? Institution,
    string? Staff,
    string? RegulatorReference,
    bool MaterialComplete,
    DeadlinesView Deadlines,
    int ExtensionLevel,
    bool Suspended,
    SuspensionReason? SuspensionReason,
    int SuspendedDays,
    int? OwnerUserId,
    string? Owner,
    string? ResponsibleUnit,
    int? InvestigatorUserId,
    string? InvestigationFindings,
    RejectionGround? RejectionGround,
    string? RejectionReason,
    ForwardKind? ForwardKind,
    string? ForwardedTo,
    string? DecisionFacts,
    string? DecisionBasis,
    string? DecisionRemedies,
    DateTimeOffset? DecidedAt,
    NoticeMethod? NoticeMethod,
    DateTimeOffset? NoticeAt,
    string? NoticeProof,
    DateTimeOffset? ReviewAppliedAt,
    string? ReviewRequest,
    bool? ReviewUpheld,
    DateTimeOffset? ReviewDecidedAt,
    DateTimeOffset? RegulatorReportedAt,
    string? RegulatorReportReference,
    bool IsMajor,
    MajorComplaintReason? MajorReason,
    int? MajorGroupSize,
    CaseValidity? Validity,
    ComplaintCause? Cause,
    string? AttributedUnit,
    DateTimeOffset? ClosedAt,
    int? MergedIntoCaseId,
    IReadOnlyList<EventView> Timeline,
    IReadOnlyList<RectificationView> Rectifications,
    IReadOnlyList<string> Actions,
    bool CanReveal);

public sealed record CaseListItem(int Id, string CaseNumber, CaseStatus Status, CaseChannel Channel, string Subject, string? Branch, ProductLine? ProductLine,
    DateTimeOffset ReceivedAt, string? ComplainantName, DateOnly DecideBy, DateOnly? NextDue, DueKind? NextDueKind, string Colour, bool IsMajor, int Version);

public sealed record CaseListView(IReadOnlyList<CaseListItem> Items, int Total);

public sealed record DuplicateView(int Id, string CaseNumber, CaseStatus Status, string Subject, DateTimeOffset ReceivedAt, DuplicateKind Kind);

public sealed record RegisteredView(CaseView Case, IReadOnlyList<DuplicateView> Duplicates);

public sealed record PrefillView(CaseChannel Channel, int? CustomerId, string? CallId, string? ComplainantName, string? MaskedPhone, string? Branch, ProductLine? ProductLine, string? PolicyNumber, string? ProductName);

public sealed record HandlerView(int Id, string DisplayName, string Role);

public sealed record RevealRequest(string? Field);

public sealed record RevealedValue(string Field, string? Value);

public sealed record ImportView(int Imported, IReadOnlyList<RejectedLine> Rejected);

internal static class ComplaintViews
{
    public static string Colour(DateOnly? due, DateOnly today) => due switch
    {
        null => "none",
        { } d when d < today => "overdue",
        { } d when d <= today.AddDays(2) => "due-soon",
        _ => "ok",
    };

    public static CaseListItem Item(CaseSummary s, DateOnly today) => new(s.Id, s.CaseNumber, s.Status, s.Channel, s.Subject, s.Branch, s.ProductLine, s.ReceivedAt,
        s.ComplainantName, s.DecideBy, s.NextDueOn, s.NextDueKind, Colour(s.NextDueOn, today), s.IsMajor, s.Version);

    public static CaseView View(StoredCase stored, DateOnly today, IReadOnlyDictionary<int, string> names, bool canReveal)
    {
        var c = stored.Case;
        var r = c.ToRecord();
        var next = CaseDueDates.Next(c);
        return new CaseView(
            c.Id, c.CaseNumber, c.Status, c.Channel, DomainCodes.ToCode(c.RuleSet), c.Subject, c.ReceivedAt, c.ClockStartedAt, c.Branch, c.ProductLine, c.CustomerId, c.CallId,
            stored.SiteCode, c.Version,
            r.ComplainantName is null ? null : new PersonView(DomainCodes.ToCode(r.ComplainantKind ?? ComplainantKind.Person), r.ComplainantName,
                MaskOrNull(r.ComplainantIdNumber, Mask.IdNumber), MaskOrNull(r.ComplainantPhone, Mask.Phone), r.ComplainantEmail, r.ComplainantAddress,
                r.ComplainantCreditCode, r.ComplainantLegalRepresentative),
            r.AgentName is null ? null : new AgentView(r.AgentName, MaskOrNull(r.AgentIdNumber, Mask.IdNumber), MaskOrNull(r.AgentPhone, Mask.Phone), r.AgentRelationship, r.AgentAuthorityProof),
            r.Request, r.Facts, r.Basis, r.TargetInstitution, r.TargetStaff, r.RegulatorReference, r.MaterialComplete,
            new DeadlinesView(r.AcknowledgeBy, r.AcceptBy, r.DecideBy, r.ReviewApplyBy, r.ReviewDecideBy, next?.On, next?.Kind, Colour(next?.On, today)),
            r.ExtensionLevel, c.IsSuspended, r.SuspensionReason, r.SuspendedDays,
            r.OwnerUserId, Name(names, r.OwnerUserId), r.ResponsibleUnit, r.InvestigatorUserId, r.InvestigationFindings,
            r.RejectionGround, r.RejectionReason, r.ForwardKind, r.ForwardedTo,
            r.DecisionFacts, r.DecisionBasis, r.DecisionRemedies, r.DecidedAt, r.NoticeMethod, r.NoticeAt, r.NoticeProof,
            r.ReviewAppliedAt, r.ReviewRequest, r.ReviewUpheld, r.ReviewDecidedAt, r.RegulatorReportedAt, r.RegulatorReportReference,
            r.IsMajor, r.MajorReason, r.MajorGroupSize, r.Validity, r.Cause, r.AttributedUnit, r.ClosedAt, r.MergedIntoCaseId,
            c.Events.Select(e => new EventView(e.Id, e.Type, e.At, e.ActorUserId, Name(names, e.ActorUserId), e.Detail)).ToList(),
            c.Rectifications.Select(t => new RectificationView(t.Number, t.Problem, t.OwnerUserId, Name(names, t.OwnerUserId), t.DueOn, t.Status, t.CompletedAt,
                t.CompletionNote, t.RecheckedAt, t.RecheckPassed, t.RecheckNote, t.IsOverdue(today))).ToList(),
            Actions(c, today),
            canReveal && (r.ComplainantPhone ?? r.ComplainantIdNumber ?? r.AgentPhone ?? r.AgentIdNumber) is not null);
    }

    /// <summary>
    /// The steps the desk offers for the case's status (the model still checks every rule when one is taken).
    /// </summary>
    public static IReadOnlyList<string> Actions(Case c, DateOnly today)
    {
        var a = new List<string>();
        var open = c.Status is CaseStatus.Registered or CaseStatus.Accepted or CaseStatus.InProgress;
        if (open || c.Status is CaseStatus.Decided or CaseStatus.UnderReview)
        {
            a.Add("assign-owner");
        }

        switch (c.Status)
        {
            case CaseStatus.Registered:
                if (!c.MaterialComplete)
                {
                    a.Add("request-material");
                }

                a.AddRange(["receive-material", "accept", "reject", "forward", "merge"]);
                break;
            case CaseStatus.Accepted:
                a.AddRange(["assign-investigation", "extend", "receive-material", "merge"]);
                break;
            case CaseStatus.InProgress:
                a.AddRange(["assign-investigation", "record-investigation", "extend", c.IsSuspended ? "resume" : "suspend", "decide", "receive-material", "merge", "add-rectification"]);
                break;
            case CaseStatus.Decided:
                a.Add(c.Notice is null ? "deliver-notice" : "close");
                if (c.Notice is not null && c.ReviewAppliedAt is null && c.Deadlines.ReviewApplyBy >= today)
                {
                    a.Add("apply-review");
                }

                a.Add("add-rectification");
                break;
            case CaseStatus.UnderReview:
                a.AddRange([c.IsSuspended ? "resume" : "suspend", "decide-review", "add-rectification"]);
                break;
            case CaseStatus.Rejected when c.Notice is null:
                a.Add("deliver-notice");
                break;
            case CaseStatus.Forwarded:
                a.Add("close");
                break;
            case CaseStatus.Closed:
                if (c.Notice is not null && c.ReviewAppliedAt is null && c.Deadlines.ReviewApplyBy >= today)
                {
                    a.Add("apply-review");
                }

                a.Add("add-rectification");
                break;
        }

        if (c.Channel == CaseChannel.Regulator && c.RegulatorReportedAt is null && !open && c.Status != CaseStatus.Merged)
        {
            a.Add("report-regulator");
        }

        if (c.Status != CaseStatus.Merged && !c.IsMajor)
        {
            a.Add("mark-major");
        }

        return a;
    }

    private static string? MaskOrNull(string? value, Func<string?, string> mask) => value is null ? null : mask(value);

    private static string? Name(IReadOnlyDictionary<int, string> names, int? id) => id is { } i && names.TryGetValue(i, out var n) ? n : null;

    public static DateOnly Today(TimeProvider time) => BusinessCalendar.DateOf(time.GetUtcNow());
}
