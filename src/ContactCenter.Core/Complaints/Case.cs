using System.Diagnostics.CodeAnalysis;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Customers;

namespace ContactCenter.Core.Complaints;

/// <summary>
/// A complaint case (投诉) and its regulated lifecycle (DOMAIN §2). Each named step checks the case's rule set
/// (<see cref="ComplaintPolicy"/>), changes the state, recomputes the deadlines it affects and returns the
/// <see cref="CaseEvent"/> it appended to <see cref="Events"/>. A step that breaks a rule throws
/// <see cref="ComplaintRuleException"/> naming the rule; nothing changes then.
/// <para>
/// The usual path: <see cref="Register(CaseRegistration, BusinessCalendar, ComplaintRuleSet, int?)"/> →
/// triage (<see cref="Accept"/> | <see cref="Reject"/> | <see cref="Forward"/>) →
/// <see cref="AssignInvestigation"/> → <see cref="RecordInvestigation"/> → <see cref="Decide"/> →
/// <see cref="DeliverNotice"/> → <see cref="Close"/>; optionally <see cref="ApplyForReview"/> →
/// <see cref="DecideReview"/> → <see cref="Close"/>. Along the way: <see cref="Extend"/>,
/// <see cref="Suspend"/>/<see cref="Resume"/>, <see cref="ReceiveMaterial"/> (new facts restart the clock),
/// <see cref="MergeInto"/>, <see cref="MarkMajor"/>, <see cref="ReportToRegulator"/> and rectifications.
/// </para>
/// Times are passed in (the caller reads its <see cref="TimeProvider"/>); a step may not be dated before the
/// case's latest event. Stored shape: <see cref="ToRecord"/> / <see cref="Restore"/>, plus <see cref="Events"/>
/// and <see cref="Rectifications"/>.
/// </summary>
[SuppressMessage("Naming", "CA1716", Justification = "Case is the domain term agreed in the shared contract.")]
public sealed class Case : IVersioned
{
    private readonly List<CaseEvent> _events;
    private readonly List<RectificationTask> _rectifications;
    private CaseRecord _s;
    private int _storedEventCount;

    /// <summary>
    /// Restores a case stored before the lifecycle fields existed (the first <c>cases</c> columns only). Its
    /// decision deadline is derived from the receipt; prefer <see cref="Restore"/> with a full record.
    /// </summary>
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
        : this(
            new CaseRecord
            {
                Id = id,
                CaseNumber = caseNumber,
                Status = status,
                Channel = channel,
                CustomerId = customerId,
                CallId = callId,
                Subject = subject,
                ReceivedAt = receivedAt,
                RuleSet = ruleSet,
                Branch = branch,
                ProductLine = productLine,
                Version = version,
                ClockStartedAt = receivedAt,
                DecideBy = BusinessCalendar.DateOf(receivedAt).AddDays(ComplaintPolicy.For(ruleSet).DecideDays),
            },
            [],
            [])
    {
    }

    private Case(CaseRecord record, IEnumerable<CaseEvent> events, IEnumerable<RectificationTask> rectifications)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(rectifications);
        _ = ComplaintPolicy.For(record.RuleSet);
        if (!Enum.IsDefined(record.Status) || !Enum.IsDefined(record.Channel))
        {
            throw new DomainValidationException($"case {record.CaseNumber}: unknown status {record.Status} or channel {record.Channel}");
        }

        _s = record with
        {
            CaseNumber = Guard.Required(record.CaseNumber, "case number", 64),
            CallId = Guard.Optional(record.CallId, "call id", 128),
            Subject = Guard.Required(record.Subject, "case subject", 500),
            Branch = Guard.Optional(record.Branch, "branch", 100),
        };
        Version = record.Version;
        _events = events.OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
        _storedEventCount = _events.Count;
        _rectifications = rectifications.OrderBy(r => r.Number).ToList();
    }

    public int Id => _s.Id;

    public string CaseNumber => _s.CaseNumber;

    public CaseStatus Status => _s.Status;

    public CaseChannel Channel => _s.Channel;

    public int? CustomerId => _s.CustomerId;

    /// <summary>The call it was registered from, if any.</summary>
    public string? CallId => _s.CallId;

    public string Subject => _s.Subject;

    /// <summary>When the complaint was first received.</summary>
    public DateTimeOffset ReceivedAt => _s.ReceivedAt;

    /// <summary>Receipt of the latest new facts: the decision clock counts from here (Art 18).</summary>
    public DateTimeOffset ClockStartedAt => _s.ClockStartedAt;

    public ComplaintRuleSet RuleSet => _s.RuleSet;

    public ComplaintPolicy Policy => ComplaintPolicy.For(_s.RuleSet);

    /// <summary>The branch complained about.</summary>
    public string? Branch => _s.Branch;

    public ProductLine? ProductLine => _s.ProductLine;

    public int Version { get; set; }

    public Complainant? Complainant => _s.ComplainantName is null
        ? null
        : new Complainant(_s.ComplainantKind ?? ComplainantKind.Person, _s.ComplainantName, _s.ComplainantIdNumber, _s.ComplainantPhone,
            _s.ComplainantEmail, _s.ComplainantAddress, _s.ComplainantCreditCode, _s.ComplainantLegalRepresentative);

    public ComplainantAgent? Agent => _s.AgentName is null
        ? null
        : new ComplainantAgent(_s.AgentName, _s.AgentIdNumber, _s.AgentPhone, _s.AgentRelationship, _s.AgentAuthorityProof);

    public string? Request => _s.Request;

    public string? Facts => _s.Facts;

    public string? TargetInstitution => _s.TargetInstitution;

    public string? TargetStaff => _s.TargetStaff;

    public string? RegulatorReference => _s.RegulatorReference;

    public bool MaterialComplete => _s.MaterialComplete;

    public CaseDeadlines Deadlines => new(_s.AcknowledgeBy, _s.AcceptBy, _s.DecideBy, _s.ReviewApplyBy, _s.ReviewDecideBy);

    public int ExtensionLevel => _s.ExtensionLevel;

    public bool IsSuspended => _s.SuspendedSince is not null;

    public int SuspendedDays => _s.SuspendedDays;

    /// <summary>Who holds the current step (triage owner, then the investigator).</summary>
    public int? OwnerUserId => _s.OwnerUserId;

    public string? ResponsibleUnit => _s.ResponsibleUnit;

    public int? InvestigatorUserId => _s.InvestigatorUserId;

    public RejectionGround? RejectionGround => _s.RejectionGround;

    public string? RejectionReason => _s.RejectionReason;

    public ForwardKind? ForwardKind => _s.ForwardKind;

    public string? ForwardedTo => _s.ForwardedTo;

    public DecisionNotice? Decision => _s.DecidedAt is null ? null : new DecisionNotice(_s.DecisionFacts!, _s.DecisionBasis!, _s.DecisionRemedies!);

    public DateTimeOffset? DecidedAt => _s.DecidedAt;

    /// <summary>The answer notice delivered (decision or rejection), with its proof.</summary>
    public NoticeDelivery? Notice => _s.NoticeAt is { } at ? new NoticeDelivery(_s.NoticeMethod!.Value, at, _s.NoticeProof!) : null;

    public DateTimeOffset? ReviewAppliedAt => _s.ReviewAppliedAt;

    public bool? ReviewUpheld => _s.ReviewUpheld;

    public DateTimeOffset? RegulatorReportedAt => _s.RegulatorReportedAt;

    public bool IsMajor => _s.IsMajor;

    public MajorComplaintReason? MajorReason => _s.MajorReason;

    public CaseClassification? Classification =>
        _s.Validity is { } validity && _s.Cause is { } cause && _s.AttributedUnit is { } unit ? new CaseClassification(validity, cause, unit) : null;

    public DateTimeOffset? ClosedAt => _s.ClosedAt;

    public int? MergedIntoCaseId => _s.MergedIntoCaseId;

    public bool IsFinal => CaseStatusRules.IsFinal(Status);

    /// <summary>The whole timeline, oldest first.</summary>
    public IReadOnlyList<CaseEvent> Events => _events;

    /// <summary>Events added since the case was restored or last marked stored: the rows to insert into <c>case_events</c>.</summary>
    public IReadOnlyList<CaseEvent> NewEvents => _events.GetRange(_storedEventCount, _events.Count - _storedEventCount);

    public IReadOnlyList<RectificationTask> Rectifications => _rectifications;

    /// <summary>Rebuilds a stored case with its timeline and rectifications.</summary>
    public static Case Restore(CaseRecord record, IEnumerable<CaseEvent> events, IEnumerable<RectificationTask> rectifications) =>
        new(record, events, rectifications);

    /// <summary>
    /// Registers a new complaint (status Registered, id 0 until stored) and computes its deadlines. Checks the
    /// Art 13 fields: a complainant who can be reached (unless a known customer), an organisation's address,
    /// credit code and legal representative, an agent's proof of authority, the request and facts, and the
    /// regulator's reference on a forwarded complaint.
    /// </summary>
    public static Case Register(CaseRegistration registration, BusinessCalendar calendar, ComplaintRuleSet ruleSet = ComplaintRuleSet.Cbirc2020, int? actorUserId = null)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(calendar);
        var r = registration;
        var number = Guard.Required(r.CaseNumber, "case number", 64);
        var person = r.Complainant ?? throw new ComplaintRuleException(number, ComplaintPolicy.Art13, "a complaint names its complainant");
        if (person.Kind == ComplainantKind.Organisation && (person.Address is null || person.CreditCode is null || person.LegalRepresentative is null))
        {
            throw new ComplaintRuleException(number, ComplaintPolicy.Art13,
                "an organisation complainant gives its address, unified social credit code and legal representative");
        }

        if (!person.HasContact && r.CustomerId is null)
        {
            throw new ComplaintRuleException(number, ComplaintPolicy.Art13,
                "a complainant who is not a known customer gives a phone, email or address to be answered at");
        }

        if (r.Agent is { AuthorityProof: null })
        {
            throw new ComplaintRuleException(number, ComplaintPolicy.Art13, "an agent complaining for the consumer needs a power of attorney");
        }

        if (string.IsNullOrWhiteSpace(r.Request) || string.IsNullOrWhiteSpace(r.Facts))
        {
            throw new ComplaintRuleException(number, ComplaintPolicy.Art13, "a complaint states the complainant's request and the facts");
        }

        if (r.Channel == CaseChannel.Regulator && string.IsNullOrWhiteSpace(r.RegulatorReference))
        {
            throw new ComplaintRuleException(number, ComplaintPolicy.Art33, "a complaint forwarded by the regulator carries the regulator's reference");
        }

        var policy = ComplaintPolicy.For(ruleSet);
        var received = BusinessCalendar.DateOf(r.ReceivedAt);
        var record = new CaseRecord
        {
            CaseNumber = number,
            Status = CaseStatus.Registered,
            Channel = r.Channel,
            CustomerId = r.CustomerId,
            CallId = r.CallId,
            Subject = r.Subject,
            ReceivedAt = r.ReceivedAt,
            RuleSet = ruleSet,
            Branch = r.Branch,
            ProductLine = r.ProductLine,
            ComplainantKind = person.Kind,
            ComplainantName = person.Name,
            ComplainantIdNumber = person.IdNumber,
            ComplainantPhone = person.Phone,
            ComplainantEmail = person.Email,
            ComplainantAddress = person.Address,
            ComplainantCreditCode = person.CreditCode,
            ComplainantLegalRepresentative = person.LegalRepresentative,
            AgentName = r.Agent?.Name,
            AgentIdNumber = r.Agent?.IdNumber,
            AgentPhone = r.Agent?.Phone,
            AgentRelationship = r.Agent?.Relationship,
            AgentAuthorityProof = r.Agent?.AuthorityProof,
            Request = Guard.Required(r.Request, "complaint request", 2000),
            Facts = Guard.Required(r.Facts, "complaint facts", 4000),
            Basis = Guard.Optional(r.Basis, "complaint basis", 4000),
            TargetInstitution = Guard.Optional(r.Institution, "institution complained about", 200),
            TargetStaff = Guard.Optional(r.Staff, "staff complained about", 200),
            RegulatorReference = Guard.Optional(r.RegulatorReference, "regulator reference", 100),
            MaterialComplete = r.MaterialComplete,
            MaterialCompleteAt = r.MaterialComplete ? r.ReceivedAt : null,
            ClockStartedAt = r.ReceivedAt,
            AcknowledgeBy = !r.MaterialComplete && policy.SupplementRequestWorkingDays is { } supplement
                ? calendar.AddWorkingDays(received, supplement)
                : null,
            AcceptBy = r.MaterialComplete && policy.AcceptanceWorkingDays is { } accept ? calendar.AddWorkingDays(received, accept) : null,
            DecideBy = received.AddDays(policy.DecideDays),
        };
        var complaint = new Case(record, [], []);
        complaint.Record(CaseEventType.Registered, r.ReceivedAt, actorUserId,
            $"via {DomainCodes.ToCode(r.Channel)} under {policy.Name}; {(r.MaterialComplete ? "material complete" : "material incomplete")}; {complaint.DeadlineText()}");
        return complaint;
    }

    /// <summary>
    /// A new complaint with the first columns only (status Registered, id 0 until stored), kept for the data
    /// layer's first tests. It has no complainant and no working-day deadlines: register real complaints with
    /// <see cref="Register(CaseRegistration, BusinessCalendar, ComplaintRuleSet, int?)"/>.
    /// </summary>
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

    /// <summary>The stored fields, for the data layer.</summary>
    public CaseRecord ToRecord() => _s with { Version = Version };

    /// <summary>Call after <see cref="NewEvents"/> were stored (in the same transaction as the case row).</summary>
    public void MarkEventsStored(IReadOnlyList<long> eventIds, int caseId)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var fresh = _events.Count - _storedEventCount;
        if (eventIds.Count != fresh)
        {
            throw new DomainValidationException($"case {CaseNumber}: {fresh} new events but {eventIds.Count} ids");
        }

        for (var i = 0; i < fresh; i++)
        {
            _events[_storedEventCount + i] = _events[_storedEventCount + i] with { Id = eventIds[i], CaseId = caseId };
        }

        _storedEventCount = _events.Count;
        if (_s.Id == 0)
        {
            _s = _s with { Id = caseId };
        }
    }

    /// <summary>Gives the current step to a user (triage owner, or a new investigator's manager, ...).</summary>
    public CaseEvent AssignOwner(int ownerUserId, DateTimeOffset at, int actorUserId)
    {
        RequireOpen(at, "assign an owner");
        _s = _s with { OwnerUserId = ownerUserId };
        return Record(CaseEventType.OwnerAssigned, at, actorUserId, $"owner user {ownerUserId}");
    }

    /// <summary>Tells the complainant what material is missing (company rules: within 5 working days of receipt).</summary>
    public CaseEvent RequestMaterial(string missing, DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, Policy.ProcedureRule, "missing material is asked for before triage", CaseStatus.Registered);
        var what = Guard.Required(missing, "missing material", 1000);
        var late = _s.AcknowledgeBy is { } by && BusinessCalendar.DateOf(at) > by ? $" (late: due {by:yyyy-MM-dd})" : string.Empty;
        return Record(CaseEventType.MaterialRequested, at, actorUserId, $"asked for: {what}{late}");
    }

    /// <summary>
    /// Material arrived. If it completes the complaint, the complaint counts as received in full now: the decision
    /// clock starts from here and, under the company rules, so do the 10 working days to accept. If it brings new
    /// facts or reasons to a case in handling, the decision clock restarts (Art 18).
    /// </summary>
    public CaseEvent ReceiveMaterial(string summary, bool newFacts, BusinessCalendar calendar, DateTimeOffset at, int actorUserId)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        RequireStep(at, Policy.ProcedureRule, "material is received while the complaint is being handled",
            CaseStatus.Registered, CaseStatus.Accepted, CaseStatus.InProgress);
        var text = Guard.Required(summary, "material summary", 1000);
        var completes = !_s.MaterialComplete;
        if (completes)
        {
            _s = _s with { MaterialComplete = true, MaterialCompleteAt = at };
        }

        var received = Record(CaseEventType.MaterialReceived, at, actorUserId,
            $"{text}; {(completes ? "material now complete; " : string.Empty)}new facts: {(newFacts ? "yes" : "no")}");
        if (completes || newFacts)
        {
            RestartClock(at, actorUserId, calendar, completes ? "material complete" : "new material");
        }

        return received;
    }

    /// <summary>Triage (a): accepted. Company rules: only on complete material.</summary>
    public CaseEvent Accept(DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, Policy.ProcedureRule, "only a registered complaint is accepted", CaseStatus.Registered);
        if (!_s.MaterialComplete)
        {
            throw Refused(ComplaintPolicy.CompanyRules, "acceptance is decided on complete material; ask for the missing material first");
        }

        var late = LateText(at, _s.AcceptBy);
        _s = _s with { Status = CaseStatus.Accepted, AcceptedAt = at };
        return Record(CaseEventType.Accepted, at, actorUserId, $"accepted{late}; {DeadlineText()}");
    }

    /// <summary>Triage (d): not accepted, with one of the grounds and the reason told to the complainant.</summary>
    public CaseEvent Reject(RejectionGround? ground, string? reason, DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, Policy.ProcedureRule, "only a registered complaint is rejected; later it is decided", CaseStatus.Registered);
        if (ground is not { } g || !Enum.IsDefined(g) || string.IsNullOrWhiteSpace(reason))
        {
            throw Refused(Policy.RejectionRule,
                "a rejection must give its reason: one of the grounds (not by the consumer or their agent, a repeat in handling, a repeat after decision) and the explanation");
        }

        var late = LateText(at, _s.AcceptBy);
        _s = _s with
        {
            Status = CaseStatus.Rejected,
            RejectedAt = at,
            RejectionGround = g,
            RejectionReason = Guard.Required(reason, "rejection reason", 2000),
        };
        return Record(CaseEventType.Rejected, at, actorUserId, $"rejected: {DomainCodes.ToCode(g)}{late}");
    }

    /// <summary>Triage (b) external (declined and forwarded to the responsible body) or (c) internal (another department).</summary>
    public CaseEvent Forward(ForwardKind kind, string to, DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, Policy.ProcedureRule, "only a registered complaint is forwarded", CaseStatus.Registered);
        if (!Enum.IsDefined(kind))
        {
            throw new DomainValidationException($"unknown forward kind {kind}");
        }

        var target = Guard.Required(to, "forwarded to", 200);
        var late = LateText(at, _s.AcceptBy);
        _s = _s with { Status = CaseStatus.Forwarded, ForwardKind = kind, ForwardedTo = target, ForwardedAt = at };
        return Record(CaseEventType.Forwarded, at, actorUserId, $"forwarded ({DomainCodes.ToCode(kind)}) to {target}{late}");
    }

    /// <summary>Assigns (or reassigns) the investigation to a responsible unit and an investigator, who becomes the owner.</summary>
    public CaseEvent AssignInvestigation(string responsibleUnit, int investigatorUserId, DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, Policy.ProcedureRule, "a complaint is investigated only after it is accepted", CaseStatus.Accepted, CaseStatus.InProgress);
        var unit = Guard.Required(responsibleUnit, "responsible unit", 200);
        _s = _s with { Status = CaseStatus.InProgress, ResponsibleUnit = unit, InvestigatorUserId = investigatorUserId, OwnerUserId = investigatorUserId };
        return Record(CaseEventType.InvestigationAssigned, at, actorUserId, $"investigation by {unit}, user {investigatorUserId}");
    }

    /// <summary>The investigation report: what was found. A decision needs it.</summary>
    public CaseEvent RecordInvestigation(string findings, DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, Policy.ProcedureRule, "findings are recorded by an assigned investigation", CaseStatus.InProgress);
        _s = _s with { InvestigationFindings = Guard.Required(findings, "investigation findings", 4000), InvestigatedAt = at };
        return Record(CaseEventType.InvestigationRecorded, at, actorUserId, "investigation report recorded");
    }

    /// <summary>
    /// Extends the decision period (Art 18): first to 30 days with approval, then to 60 days with senior approval
    /// and notice to the complainant; never further, and only before the current deadline has passed. Whether
    /// the approver is senior enough is the caller's role check.
    /// </summary>
    public CaseEvent Extend(int approverUserId, string reason, NoticeDelivery? notice, DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, ComplaintPolicy.Art18, "only a complaint in handling is extended", CaseStatus.Accepted, CaseStatus.InProgress);
        var why = Guard.Required(reason, "extension reason", 1000);
        if (_s.ExtensionLevel >= 2)
        {
            throw Refused(ComplaintPolicy.Art18, $"the decision period is {Policy.MaxDecideDays} days at most and cannot be extended again");
        }

        if (BusinessCalendar.DateOf(at) > _s.DecideBy)
        {
            throw Refused(ComplaintPolicy.Art18, $"an extension is decided before the deadline it extends ({_s.DecideBy:yyyy-MM-dd} has passed)");
        }

        if (_s.ExtensionLevel == 1 && notice is null)
        {
            throw Refused(ComplaintPolicy.Art18, "a further extension needs senior approval and notice to the complainant");
        }

        _s = _s with { ExtensionLevel = _s.ExtensionLevel + 1 };
        RecomputeDecide();
        var told = notice is null ? string.Empty : $"; complainant told by {notice}";
        return Record(CaseEventType.Extended, at, actorUserId,
            $"extended to {Policy.DecideDaysAfter(_s.ExtensionLevel)} days, decide by {_s.DecideBy:yyyy-MM-dd}; approved by user {approverUserId}: {why}{told}");
    }

    /// <summary>
    /// Pauses the clock for outside appraisal or mediation (Art 18: not counted; the complainant is told).
    /// The running deadline (decision, or review decision) moves by the whole days paused when resumed.
    /// </summary>
    public CaseEvent Suspend(SuspensionReason reason, NoticeDelivery notice, DateTimeOffset at, int actorUserId)
    {
        ArgumentNullException.ThrowIfNull(notice);
        RequireStep(at, ComplaintPolicy.Art18, "only an investigation or review is paused", CaseStatus.InProgress, CaseStatus.UnderReview);
        if (!Enum.IsDefined(reason))
        {
            throw new DomainValidationException($"unknown suspension reason {reason}");
        }

        if (IsSuspended)
        {
            throw Refused(ComplaintPolicy.Art18, "the clock is already paused");
        }

        _s = _s with { SuspendedSince = at, SuspensionReason = reason };
        return Record(CaseEventType.Suspended, at, actorUserId, $"clock paused for {DomainCodes.ToCode(reason)}; complainant told by {notice}");
    }

    /// <summary>Restarts the paused clock; the running deadline moves by the calendar days paused.</summary>
    public CaseEvent Resume(DateTimeOffset at, int actorUserId)
    {
        RequireOpen(at, "resume");
        if (_s.SuspendedSince is not { } since)
        {
            throw Refused(ComplaintPolicy.Art18, "the clock is not paused");
        }

        var days = BusinessCalendar.DateOf(at).DayNumber - BusinessCalendar.DateOf(since).DayNumber;
        if (Status == CaseStatus.UnderReview)
        {
            _s = _s with { SuspendedSince = null, SuspensionReason = null, ReviewDecideBy = _s.ReviewDecideBy?.AddDays(days) };
            return Record(CaseEventType.Resumed, at, actorUserId, $"clock resumed after {days} days; review decided by {_s.ReviewDecideBy:yyyy-MM-dd}");
        }

        _s = _s with { SuspendedSince = null, SuspensionReason = null, SuspendedDays = _s.SuspendedDays + days };
        RecomputeDecide();
        return Record(CaseEventType.Resumed, at, actorUserId, $"clock resumed after {days} days; decide by {_s.DecideBy:yyyy-MM-dd}");
    }

    /// <summary>The decision (Art 19): needs the investigation findings, a running clock and a complete notice content.</summary>
    public CaseEvent Decide(DecisionNotice notice, DateTimeOffset at, int actorUserId)
    {
        ArgumentNullException.ThrowIfNull(notice);
        RequireOpen(at, "decide");
        if (Status != CaseStatus.InProgress || _s.InvestigationFindings is null)
        {
            throw Refused(ComplaintPolicy.Art19,
                $"a decision states what was verified, so it follows an investigation with recorded findings; the case is {Status}"
                + (Status == CaseStatus.InProgress ? " without findings" : string.Empty));
        }

        if (IsSuspended)
        {
            throw Refused(ComplaintPolicy.Art18, "the clock is paused for appraisal or mediation; resume it before deciding");
        }

        RequireCompleteNotice(notice);
        _s = _s with
        {
            Status = CaseStatus.Decided,
            DecisionFacts = notice.FactsVerified.Trim(),
            DecisionBasis = notice.BasisAndReasons.Trim(),
            DecisionRemedies = notice.Remedies.Trim(),
            DecidedAt = at,
        };
        return Record(CaseEventType.Decided, at, actorUserId, $"decided{LateText(at, _s.DecideBy)}");
    }

    /// <summary>
    /// The decision (or rejection) notice reached the complainant (Art 21), with proof. Starts the 30 days to
    /// apply for review of a decision. Late delivery is recorded, not refused.
    /// </summary>
    public CaseEvent DeliverNotice(NoticeDelivery delivery, int actorUserId)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        RequireTime(delivery.At);
        if (Status is not (CaseStatus.Decided or CaseStatus.Rejected) || _s.NoticeAt is not null)
        {
            throw Refused(ComplaintPolicy.Art21, $"a notice is delivered once, for a decision or a rejection; the case is {Status}"
                + (_s.NoticeAt is null ? string.Empty : " and was already notified"));
        }

        var due = Status == CaseStatus.Rejected ? _s.AcceptBy ?? _s.DecideBy : _s.DecideBy;
        _s = _s with
        {
            NoticeMethod = delivery.Method,
            NoticeAt = delivery.At,
            NoticeProof = delivery.Proof,
            ReviewApplyBy = Status == CaseStatus.Decided ? BusinessCalendar.DateOf(delivery.At).AddDays(Policy.ReviewApplyDays) : null,
        };
        return Record(CaseEventType.NoticeDelivered, delivery.At, actorUserId, $"notice delivered by {delivery}{LateText(delivery.At, due)}");
    }

    /// <summary>The complainant applies for review (Art 20): once, within 30 days of the decision notice.</summary>
    public CaseEvent ApplyForReview(string request, DateTimeOffset at, int actorUserId)
    {
        RequireTime(at);
        if (Status is not (CaseStatus.Decided or CaseStatus.Closed) || _s.NoticeAt is null)
        {
            throw Refused(ComplaintPolicy.Art20, $"a review is applied for after the decision notice; the case is {Status}");
        }

        if (_s.ReviewAppliedAt is not null)
        {
            throw Refused(ComplaintPolicy.Art20, "a decision is reviewed once");
        }

        if (BusinessCalendar.DateOf(at) > _s.ReviewApplyBy)
        {
            throw Refused(ComplaintPolicy.Art20,
                $"a review is applied for within {Policy.ReviewApplyDays} days of the decision notice (by {_s.ReviewApplyBy:yyyy-MM-dd})");
        }

        _s = _s with
        {
            Status = CaseStatus.UnderReview,
            ReviewAppliedAt = at,
            ReviewRequest = Guard.Required(request, "review request", 2000),
            ReviewDecideBy = BusinessCalendar.DateOf(at).AddDays(Policy.ReviewDecideDays),
        };
        return Record(CaseEventType.ReviewApplied, at, actorUserId, $"review applied for; decide by {_s.ReviewDecideBy:yyyy-MM-dd}");
    }

    /// <summary>The review decision (Art 20), with its notice content and delivery; the case returns to Decided for closure.</summary>
    public CaseEvent DecideReview(DecisionNotice notice, bool upheld, NoticeDelivery delivery, DateTimeOffset at, int actorUserId)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(delivery);
        RequireStep(at, ComplaintPolicy.Art20, "only a case under review gets a review decision", CaseStatus.UnderReview);
        if (IsSuspended)
        {
            throw Refused(ComplaintPolicy.Art18, "the clock is paused for appraisal or mediation; resume it before deciding");
        }

        RequireCompleteNotice(notice);
        Guard.NotBefore(delivery.At, at, "review notice delivery", "the review decision");
        _s = _s with
        {
            Status = CaseStatus.Decided,
            ReviewFacts = notice.FactsVerified.Trim(),
            ReviewBasis = notice.BasisAndReasons.Trim(),
            ReviewRemedies = notice.Remedies.Trim(),
            ReviewUpheld = upheld,
            ReviewDecidedAt = at,
            ReviewNoticeMethod = delivery.Method,
            ReviewNoticeAt = delivery.At,
            ReviewNoticeProof = delivery.Proof,
        };
        return Record(CaseEventType.ReviewDecided, at, actorUserId,
            $"review decided: {(upheld ? "decision upheld" : "decision changed")}; notice by {delivery}{LateText(delivery.At, _s.ReviewDecideBy)}");
    }

    /// <summary>The written report back to the regulator on a forwarded complaint (Art 33), after the outcome is known.</summary>
    public CaseEvent ReportToRegulator(string reportReference, DateTimeOffset at, int actorUserId)
    {
        RequireTime(at);
        if (Channel != CaseChannel.Regulator)
        {
            throw Refused(ComplaintPolicy.Art33, "only a complaint forwarded by the regulator is reported back");
        }

        if (CaseStatusRules.IsInHandling(Status) || Status == CaseStatus.Merged)
        {
            throw Refused(ComplaintPolicy.Art33, $"the written report gives the outcome, so it follows the decision, rejection or forwarding; the case is {Status}");
        }

        _s = _s with { RegulatorReportedAt = at, RegulatorReportReference = Guard.Required(reportReference, "regulator report reference", 200) };
        return Record(CaseEventType.ReportedToRegulator, at, actorUserId, $"written report sent to the regulator ({_s.RegulatorReference})");
    }

    /// <summary>Flags a major complaint (Art 29): disaster or public-health event, 20+ people, or designated by the regulator.</summary>
    public CaseEvent MarkMajor(MajorComplaintReason reason, int? groupSize, DateTimeOffset at, int actorUserId)
    {
        RequireTime(at);
        if (!Enum.IsDefined(reason))
        {
            throw new DomainValidationException($"unknown major-complaint reason {reason}");
        }

        if (Status == CaseStatus.Merged)
        {
            throw Refused(ComplaintPolicy.Art29, "a merged case is flagged through the case it was merged into");
        }

        if (reason == MajorComplaintReason.GroupOfTwentyOrMore && groupSize is not >= 20)
        {
            throw Refused(ComplaintPolicy.Art29, $"a group complaint is major from 20 people (got {groupSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no count"})");
        }

        _s = _s with { IsMajor = true, MajorReason = reason, MajorGroupSize = groupSize };
        return Record(CaseEventType.MarkedMajor, at, actorUserId, $"major complaint: {DomainCodes.ToCode(reason)}");
    }

    /// <summary>
    /// Closes a decided and notified case (or a forwarded one) with its classification. A complaint forwarded by
    /// the regulator needs its written report first.
    /// </summary>
    public CaseEvent Close(CaseClassification classification, DateTimeOffset at, int actorUserId)
    {
        ArgumentNullException.ThrowIfNull(classification);
        RequireTime(at);
        if (Status is not (CaseStatus.Decided or CaseStatus.Forwarded))
        {
            throw Refused(Policy.ProcedureRule,
                $"a complaint is closed after it is accepted, investigated and decided (or forwarded); the case is {Status}");
        }

        if (Status == CaseStatus.Decided && _s.NoticeAt is null)
        {
            throw Refused(ComplaintPolicy.Art21, "the decision notice is delivered, with proof, before the case is closed");
        }

        if (Channel == CaseChannel.Regulator && _s.RegulatorReportedAt is null)
        {
            throw Refused(ComplaintPolicy.Art33, "a complaint forwarded by the regulator needs its written report back before closure");
        }

        _s = _s with
        {
            Status = CaseStatus.Closed,
            Validity = classification.Validity,
            Cause = classification.Cause,
            AttributedUnit = classification.ResponsibleUnit,
            ClosedAt = at,
        };
        return Record(CaseEventType.Closed, at, actorUserId,
            $"closed: {DomainCodes.ToCode(classification.Validity)}, {DomainCodes.ToCode(classification.Cause)}, {classification.ResponsibleUnit}");
    }

    /// <summary>
    /// Merges this repeat complaint into <paramref name="survivor"/>, an earlier stored case of the same
    /// complainant still in its handling period (Art 18). Both keep their own timelines; each records the link.
    /// New facts restart the survivor's clock from <paramref name="at"/>. Company rules merge only with new facts:
    /// a repeat without them is rejected instead. Returns the survivor's event and this case's event.
    /// </summary>
    public (CaseEvent Survivor, CaseEvent Merged) MergeInto(Case survivor, bool newFacts, BusinessCalendar calendar, DateTimeOffset at, int actorUserId)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(calendar);
        RequireStep(at, Policy.ProcedureRule, "only a complaint in its handling period is merged", CaseStatus.Registered, CaseStatus.Accepted, CaseStatus.InProgress);
        survivor.RequireTime(at);
        if (ReferenceEquals(survivor, this) || survivor.Id == 0 || survivor.Id == Id)
        {
            throw new DomainValidationException($"case {CaseNumber}: merge needs another, stored case");
        }

        if (!CaseStatusRules.IsInHandling(survivor.Status))
        {
            throw Refused(Policy.ProcedureRule,
                $"a repeat is merged only into a case still in its handling period; {survivor.CaseNumber} is {survivor.Status}");
        }

        if (!DuplicateDetector.SameComplainant(this, survivor))
        {
            throw Refused(Policy.ProcedureRule, $"only complaints of the same complainant are merged ({survivor.CaseNumber} is someone else's)");
        }

        if (!newFacts && !Policy.MergesRepeatsWithoutNewFacts)
        {
            throw Refused(ComplaintPolicy.CompanyRules,
                $"a repeat without new facts is rejected ({DomainCodes.ToCode(Complaints.RejectionGround.RepeatInHandling)}), not merged");
        }

        _s = _s with { Status = CaseStatus.Merged, MergedIntoCaseId = survivor.Id };
        var merged = Record(CaseEventType.MergedInto, at, actorUserId, $"merged into {survivor.CaseNumber}; new facts: {(newFacts ? "yes" : "no")}");
        var absorbed = survivor.Record(CaseEventType.RepeatMerged, at, actorUserId, $"repeat {CaseNumber} merged in; new facts: {(newFacts ? "yes" : "no")}");
        if (newFacts)
        {
            survivor.RestartClock(at, actorUserId, calendar, $"new facts in {CaseNumber}");
        }

        return (absorbed, merged);
    }

    /// <summary>Adds a rectification (整改) with an owner and a due date, once the investigation has started.</summary>
    public RectificationTask AddRectification(string problem, int ownerUserId, DateOnly dueOn, DateTimeOffset at, int actorUserId)
    {
        RequireStep(at, ComplaintPolicy.CompanyRules, "rectifications follow from an investigation",
            CaseStatus.InProgress, CaseStatus.Decided, CaseStatus.UnderReview, CaseStatus.Closed);
        if (dueOn < BusinessCalendar.DateOf(at))
        {
            throw new DomainValidationException($"case {CaseNumber}: a rectification is due on or after the day it is set ({dueOn:yyyy-MM-dd})");
        }

        var task = new RectificationTask(0, Id, _rectifications.Count + 1, Guard.Required(problem, "rectification problem", 2000), ownerUserId, dueOn,
            RectificationStatus.Open, at, null, null, null, null, null, null);
        _rectifications.Add(task);
        Record(CaseEventType.RectificationAdded, at, actorUserId, $"rectification {task.Number} for user {ownerUserId}, due {dueOn:yyyy-MM-dd}");
        return task;
    }

    /// <summary>The owner reports a rectification done; it waits for its re-check.</summary>
    public CaseEvent CompleteRectification(int number, string note, DateTimeOffset at, int actorUserId)
    {
        RequireTime(at);
        var task = Rectification(number);
        if (task.Status != RectificationStatus.Open)
        {
            throw Refused(ComplaintPolicy.CompanyRules, $"rectification {number} is {task.Status}, not open");
        }

        Replace(task with { Status = RectificationStatus.Done, CompletedAt = at, CompletionNote = Guard.Required(note, "rectification note", 2000) });
        var late = BusinessCalendar.DateOf(at) > task.DueOn ? $" (late: due {task.DueOn:yyyy-MM-dd})" : string.Empty;
        return Record(CaseEventType.RectificationCompleted, at, actorUserId, $"rectification {number} done{late}");
    }

    /// <summary>The re-check (复查): passed verifies it; failed reopens it with a new due date.</summary>
    public CaseEvent RecheckRectification(int number, bool passed, string note, DateOnly? newDueOn, DateTimeOffset at, int actorUserId)
    {
        RequireTime(at);
        var task = Rectification(number);
        if (task.Status != RectificationStatus.Done)
        {
            throw Refused(ComplaintPolicy.CompanyRules, $"rectification {number} is re-checked after it is reported done; it is {task.Status}");
        }

        if (!passed && (newDueOn is not { } due || due < BusinessCalendar.DateOf(at)))
        {
            throw Refused(ComplaintPolicy.CompanyRules, $"a failed re-check of rectification {number} sets a new due date from today on");
        }

        var text = Guard.Required(note, "re-check note", 2000);
        Replace(task with
        {
            Status = passed ? RectificationStatus.Verified : RectificationStatus.Open,
            DueOn = passed ? task.DueOn : newDueOn!.Value,
            RecheckedAt = at,
            RecheckedByUserId = actorUserId,
            RecheckPassed = passed,
            RecheckNote = text,
        });
        return Record(CaseEventType.RectificationRechecked, at, actorUserId,
            passed ? $"rectification {number} verified" : $"rectification {number} failed its re-check, due again {newDueOn:yyyy-MM-dd}");
    }

    internal DateOnly? AcceptDeadline => _s.AcceptBy;

    internal DateTimeOffset? AnsweredAt => Status switch
    {
        CaseStatus.Forwarded => _s.ForwardedAt,
        CaseStatus.Closed when _s.ForwardedAt is not null => _s.ForwardedAt,
        _ => _s.NoticeAt,
    };

    private void RestartClock(DateTimeOffset at, int actorUserId, BusinessCalendar calendar, string why)
    {
        var date = BusinessCalendar.DateOf(at);
        _s = _s with
        {
            ClockStartedAt = at,
            ExtensionLevel = 0,
            SuspendedDays = 0,
            SuspendedSince = null,
            SuspensionReason = null,
            AcceptBy = Status == CaseStatus.Registered && _s.MaterialComplete && Policy.AcceptanceWorkingDays is { } days
                ? calendar.AddWorkingDays(date, days)
                : _s.AcceptBy,
        };
        RecomputeDecide();
        Record(CaseEventType.ClockRestarted, at, actorUserId, $"clock restarted ({why}); {DeadlineText()}");
    }

    private void RecomputeDecide() =>
        _s = _s with
        {
            DecideBy = BusinessCalendar.DateOf(_s.ClockStartedAt).AddDays(Policy.DecideDaysAfter(_s.ExtensionLevel) + _s.SuspendedDays),
        };

    private CaseEvent Record(CaseEventType type, DateTimeOffset at, int? actorUserId, string detail)
    {
        var e = new CaseEvent(0, Id, type, at, actorUserId, detail.Length <= 2000 ? detail : detail[..2000]);
        _events.Add(e);
        return e;
    }

    private void RequireTime(DateTimeOffset at)
    {
        if (_events.Count > 0)
        {
            Guard.NotBefore(at, _events[^1].At, $"case {CaseNumber} step time", "its latest event");
        }
    }

    private void RequireOpen(DateTimeOffset at, string step)
    {
        RequireTime(at);
        if (Status is CaseStatus.Rejected or CaseStatus.Merged or CaseStatus.Closed)
        {
            throw Refused(Policy.ProcedureRule, $"cannot {step}: the case is {Status}");
        }
    }

    private void RequireStep(DateTimeOffset at, string rule, string message, params CaseStatus[] allowed)
    {
        RequireTime(at);
        if (Array.IndexOf(allowed, Status) < 0)
        {
            throw Refused(rule, $"{message}; the case is {Status}");
        }
    }

    private void RequireCompleteNotice(DecisionNotice notice)
    {
        if (!notice.IsComplete)
        {
            throw Refused(ComplaintPolicy.Art19, "the decision notice states the facts verified, the basis and reasons, and the remedies");
        }
    }

    private ComplaintRuleException Refused(string rule, string message) => new(CaseNumber, rule, message);

    private RectificationTask Rectification(int number) =>
        _rectifications.Find(r => r.Number == number)
        ?? throw new DomainValidationException($"case {CaseNumber} has no rectification {number}");

    private void Replace(RectificationTask task) => _rectifications[task.Number - 1] = task;

    private static string LateText(DateTimeOffset at, DateOnly? due) =>
        due is { } d && BusinessCalendar.DateOf(at) > d ? $" (late: due {d:yyyy-MM-dd})" : string.Empty;

    private string DeadlineText()
    {
        var parts = new List<string>();
        if (_s.AcknowledgeBy is { } ack)
        {
            parts.Add($"ask for material by {ack:yyyy-MM-dd}");
        }

        if (_s.AcceptBy is { } accept && Status == CaseStatus.Registered)
        {
            parts.Add($"accept by {accept:yyyy-MM-dd}");
        }

        parts.Add($"decide by {_s.DecideBy:yyyy-MM-dd}");
        return string.Join(", ", parts);
    }
}
