using System.Globalization;
using System.Text;
using ContactCenter.Core;
using ContactCenter.Core.Audit;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Users;
using ContactCenter.Data.Audit;
using ContactCenter.Data.Complaints;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;
using ContactCenter.Data.Users;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Complaints;

/// <summary>
/// The complaint desk's HTTP API (<c>/api/complaints</c>). Every case read is scoped (a seat: cases they
/// registered, own or investigate; a supervisor: their site's; an admin: all); personal numbers are masked and a
/// supervisor or admin may reveal one, audited. Steps are <c>POST /api/complaints/{id}/{step}</c> with the
/// version the client read: a stale version, or someone saving first, is 409 <c>complaint.stale</c>; a step the
/// rules refuse is 409 <c>complaint.rule</c> whose detail names the rule; a bad value is 422.
/// </summary>
public static class ComplaintEndpoints
{
    /// <summary>Every step the API takes, by its route name.</summary>
    public static readonly IReadOnlyList<string> Steps =
    [
        "assign-owner", "request-material", "receive-material", "accept", "reject", "forward", "assign-investigation", "record-investigation",
        "extend", "suspend", "resume", "decide", "deliver-notice", "apply-review", "decide-review", "report-regulator", "mark-major", "close",
        "merge", "add-rectification", "complete-rectification", "recheck-rectification",
    ];

    private const string RevealPhone = "case.view-full-phone";
    private const string RevealIdNumber = "case.view-full-id-number";

    public static RouteGroupBuilder MapComplaintEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var complaints = api.MapGroup("/complaints").WithTags("Complaints").RequireAuthorization();
        complaints.MapGet("/", ListAsync);
        complaints.MapGet("/branches", BranchesAsync);
        complaints.MapGet("/handlers", HandlersAsync);
        complaints.MapGet("/prefill", PrefillAsync);
        complaints.MapPost("/", RegisterAsync);
        complaints.MapGet("/{id:int}", GetAsync);
        complaints.MapPost("/{id:int}/reveal", RevealAsync).RequireAuthorization(Policies.Supervision);
        complaints.MapPost("/{id:int}/{step}", StepAsync);
        complaints.MapGet("/reports", ReportAsync).RequireAuthorization(Policies.Supervision);
        complaints.MapGet("/reports.csv", ReportCsvAsync).RequireAuthorization(Policies.Supervision);
        complaints.MapPost("/volume-bases", ImportAsync).RequireAuthorization(Policies.Supervision).Accepts<string>("text/csv");
        return api;
    }

    internal static CaseScope ScopeOf(User user) => user.Role switch
    {
        Role.Admin => CaseScope.All,
        Role.Supervisor => CaseScope.Site(user.SiteCode!),
        _ => CaseScope.User(user.Id),
    };

    private static async Task<Ok<CaseListView>> ListAsync(
        CurrentUser current, CaseDesk desk, TimeProvider time, CancellationToken cancellationToken,
        string? status = null, string? branch = null, string? productLine = null, string? channel = null, string? due = null,
        bool open = false, string? q = null, int skip = 0, int take = 50)
    {
        var user = await current.RequireAsync(cancellationToken);
        var today = ComplaintViews.Today(time);
        var filter = new CaseListFilter
        {
            Today = today,
            Status = Code<CaseStatus>(status),
            OpenOnly = open,
            Branch = string.IsNullOrWhiteSpace(branch) ? null : branch,
            ProductLine = Code<ProductLine>(productLine),
            Channel = Code<CaseChannel>(channel),
            OverdueOnly = due == "overdue",
            DueSoonOnly = due == "due-soon",
            Search = q,
            Skip = Math.Max(0, skip),
            Take = Math.Clamp(take, 1, 200),
        };
        var page = await desk.ListAsync(ScopeOf(user), filter, cancellationToken);
        return TypedResults.Ok(new CaseListView(page.Items.Select(i => ComplaintViews.Item(i, today)).ToList(), page.Total));
    }

    private static async Task<Ok<IReadOnlyList<string>>> BranchesAsync(CurrentUser current, CaseDesk desk, IOptions<ComplaintOptions> options, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var named = await desk.ListBranchesAsync(ScopeOf(user), cancellationToken);
        IReadOnlyList<string> all = named.Concat(options.Value.BranchSites.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(all);
    }

    /// <summary>The people a case can be given to: the user's site (an admin: everyone).</summary>
    private static async Task<Ok<List<HandlerView>>> HandlersAsync(CurrentUser current, UserQueries users, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var list = await users.ListAsync(user.SiteCode, cancellationToken);
        return TypedResults.Ok(list.Select(u => new HandlerView(u.Id, u.DisplayName, RoleNames.Of(u.Role))).ToList());
    }

    /// <summary>What a hotline registration starts with: the call, the caller (phone masked) and the policy's branch and product line.</summary>
    private static async Task<Results<Ok<PrefillView>, ProblemHttpResult>> PrefillAsync(
        CustomerQueries customers, ContactQueries contacts, CancellationToken cancellationToken, string? callId = null, int? customerId = null, string? policy = null)
    {
        string? knownCall = null;
        if (!string.IsNullOrWhiteSpace(callId))
        {
            var contact = await contacts.GetByCallIdAsync(callId.Trim(), cancellationToken);
            knownCall = contact?.CallId;
            customerId ??= contact?.CustomerId;
            policy ??= contact?.PolicyNumber;
        }

        var customer = customerId is { } id ? await customers.GetByIdAsync(id, cancellationToken) : null;
        var policies = customer is null ? [] : await customers.ListPoliciesAsync(customer.Id, cancellationToken);
        var chosen = policies.FirstOrDefault(p => string.Equals(p.PolicyNumber, policy?.Trim(), StringComparison.Ordinal)) ?? (policy is null && policies.Count > 0 ? policies[0] : null);
        return TypedResults.Ok(new PrefillView(CaseChannel.Phone, customer?.Id, knownCall, customer?.Name, customer is null ? null : customer.MaskedMobile,
            chosen?.Branch, chosen?.ProductLine, chosen?.PolicyNumber, chosen?.ProductName));
    }

    private static async Task<Results<Created<RegisteredView>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, CurrentUser current, CaseQueries cases, ContactQueries contacts, UserQueries users, BusinessCalendar calendar,
        IOptions<ComplaintOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var now = time.GetUtcNow();
        var received = request.ReceivedAt ?? now;
        if (received > now)
        {
            return Invalid("The receipt time cannot be in the future.");
        }

        if (request.CallId is { Length: > 0 } callId && await contacts.GetByCallIdAsync(callId, cancellationToken) is null)
        {
            return Invalid($"Call {callId} is not known.");
        }

        Case complaint;
        try
        {
            var number = await cases.NextCaseNumberAsync(BusinessCalendar.DateOf(now), cancellationToken);
            var complainant = new Complainant(request.ComplainantKind ?? ComplainantKind.Person, request.ComplainantName ?? string.Empty, request.ComplainantIdNumber,
                request.ComplainantPhone, request.ComplainantEmail, request.ComplainantAddress, request.ComplainantCreditCode, request.ComplainantLegalRepresentative);
            var agent = string.IsNullOrWhiteSpace(request.AgentName)
                ? null
                : new ComplainantAgent(request.AgentName, request.AgentIdNumber, request.AgentPhone, request.AgentRelationship, request.AgentAuthorityProof);
            var registration = new CaseRegistration(number, request.Channel ?? CaseChannel.Phone, received, request.Subject ?? string.Empty, complainant,
                request.Request ?? string.Empty, request.Facts ?? string.Empty)
            {
                CustomerId = request.CustomerId,
                CallId = string.IsNullOrWhiteSpace(request.CallId) ? null : request.CallId.Trim(),
                Agent = agent,
                Basis = request.Basis,
                Institution = request.Institution,
                Branch = request.Branch,
                ProductLine = request.ProductLine,
                Staff = request.Staff,
                RegulatorReference = request.RegulatorReference,
                MaterialComplete = request.MaterialComplete ?? true,
            };
            complaint = Case.Register(registration, calendar, options.RuleSet(), user.Id);
        }
        catch (DomainException e)
        {
            return Refused(e);
        }

        var site = user.SiteCode ?? (complaint.Branch is { } b && options.Value.BranchSites.TryGetValue(b, out var mapped) ? mapped : null);
        await cases.InsertAsync(complaint, site, user.Id, now, cancellationToken);
        var candidates = await cases.ListDuplicateCandidatesAsync(complaint, cancellationToken);
        var duplicates = DuplicateDetector.Find(complaint, candidates)
            .Select(m => new DuplicateView(m.Existing.Id, m.Existing.CaseNumber, m.Existing.Status, m.Existing.Subject, m.Existing.ReceivedAt, m.Kind))
            .ToList();
        var view = ComplaintViews.View(new StoredCase(complaint, site, user.Id), ComplaintViews.Today(time), await NamesAsync(users, cancellationToken), user.Role != Role.Seat);
        return TypedResults.Created($"/api/complaints/{complaint.Id}", new RegisteredView(view, duplicates));
    }

    private static async Task<Results<Ok<CaseView>, NotFound>> GetAsync(int id, CurrentUser current, CaseQueries cases, UserQueries users, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var stored = await cases.GetAsync(id, cancellationToken);
        if (stored is null || !ScopeOf(user).Covers(stored))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ComplaintViews.View(stored, ComplaintViews.Today(time), await NamesAsync(users, cancellationToken), user.Role != Role.Seat));
    }

    /// <summary>A full complainant or agent phone or ID number, for a supervisor (own site) or admin; written to the audit log (the field, never the value).</summary>
    private static async Task<Results<Ok<RevealedValue>, NotFound, ProblemHttpResult>> RevealAsync(
        int id, RevealRequest request, CurrentUser current, CaseQueries cases, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var stored = await cases.GetAsync(id, cancellationToken);
        if (stored is null || !ScopeOf(user).Covers(stored))
        {
            return TypedResults.NotFound();
        }

        var r = stored.Case.ToRecord();
        (string? Value, string Action)? shown = request.Field switch
        {
            "complainant-phone" => (r.ComplainantPhone, RevealPhone),
            "complainant-id-number" => (r.ComplainantIdNumber, RevealIdNumber),
            "agent-phone" => (r.AgentPhone, RevealPhone),
            "agent-id-number" => (r.AgentIdNumber, RevealIdNumber),
            _ => null,
        };
        if (shown is not { } s)
        {
            return TypedResults.Problem("Field must be complainant-phone, complainant-id-number, agent-phone or agent-id-number.",
                statusCode: StatusCodes.Status400BadRequest, title: "complaint.reveal.field");
        }

        await audit.AppendAsync(AuditEntry.Record(time.GetUtcNow(), user.Id, s.Action, "case", id.ToString(CultureInfo.InvariantCulture), request.Field), cancellationToken);
        return TypedResults.Ok(new RevealedValue(request.Field!, s.Value));
    }

    private static async Task<Results<Ok<CaseView>, NotFound, ProblemHttpResult, ForbidHttpResult>> StepAsync(
        int id, string step, StepRequest request, CurrentUser current, CaseQueries cases, UserQueries users, BusinessCalendar calendar, TimeProvider time,
        CallbackTaskSources callbacks, CustomerQueries customers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        if (!Steps.Contains(step))
        {
            return TypedResults.NotFound();
        }

        var stored = await cases.GetAsync(id, cancellationToken);
        if (stored is null || !ScopeOf(user).Covers(stored))
        {
            return TypedResults.NotFound();
        }

        if (step == "extend" && user.Role == Role.Seat)
        {
            // Art 18: an extension needs a manager's approval.
            return TypedResults.Forbid();
        }

        var complaint = stored.Case;
        if (request.Version != complaint.Version)
        {
            return Stale(complaint, request.Version);
        }

        var now = time.GetUtcNow();
        var toSave = new List<Case> { complaint };
        try
        {
            var survivor = step == "merge" ? await SurvivorAsync(request, user, cases, cancellationToken) : null;
            if (step == "merge" && survivor is null)
            {
                return Invalid("Choose the earlier case (one you can see) to merge into.");
            }

            Apply(step, complaint, survivor, request, user, calendar, now);
            if (survivor is not null)
            {
                toSave.Add(survivor);
            }

            await cases.SaveAsync(toSave, user.Id, now, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Stale(complaint, request.Version);
        }
        catch (DomainException e)
        {
            return Refused(e);
        }
        catch (MissingFieldException e)
        {
            return Invalid(e.Message);
        }

        if (step == "close" && complaint.Status == CaseStatus.Closed)
        {
            await BookResolutionCallbackAsync(complaint, callbacks, customers, loggers.CreateLogger(typeof(ComplaintEndpoints)), cancellationToken);
        }

        var reloaded = (await cases.GetAsync(id, cancellationToken))!;
        return TypedResults.Ok(ComplaintViews.View(reloaded, ComplaintViews.Today(time), await NamesAsync(users, cancellationToken), user.Role != Role.Seat));
    }

    /// <summary>
    /// A closed complaint gets its complaint-resolution callback (投诉处理回访, DOMAIN §3) in the first campaign of that
    /// kind. The closure stands whatever happens here: a missing campaign, number or a database error is logged.
    /// </summary>
    private static async Task BookResolutionCallbackAsync(Case complaint, CallbackTaskSources callbacks, CustomerQueries customers, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var customer = complaint.CustomerId is { } customerId ? await customers.GetByIdAsync(customerId, cancellationToken) : null;
            var phone = complaint.Complainant?.Phone ?? customer?.Mobile ?? customer?.Phone2;
            var task = phone is null ? null : await callbacks.ComplaintClosedAsync(complaint.Id, complaint.CustomerId, phone, null, cancellationToken);
            ComplaintLog.ResolutionCallback(logger, complaint.Id, task);
        }
        catch (System.Data.Common.DbException error)
        {
            ComplaintLog.ResolutionCallbackFailed(logger, complaint.Id, error);
        }
    }

    private static void Apply(string step, Case c, Case? survivor, StepRequest r, User user, BusinessCalendar calendar, DateTimeOffset now)
    {
        var me = user.Id;
        switch (step)
        {
            case "assign-owner": c.AssignOwner(Need(r.UserId, "userId"), now, me); break;
            case "request-material": c.RequestMaterial(Need(r.Text, "text"), now, me); break;
            case "receive-material": c.ReceiveMaterial(Need(r.Text, "text"), r.NewFacts ?? false, calendar, now, me); break;
            case "accept": c.Accept(now, me); break;
            case "reject": c.Reject(r.Ground, r.Text, now, me); break;
            case "forward": c.Forward(Need(r.ForwardKind, "forwardKind"), Need(r.Text, "text"), now, me); break;
            case "assign-investigation": c.AssignInvestigation(Need(r.Unit, "unit"), Need(r.UserId, "userId"), now, me); break;
            case "record-investigation": c.RecordInvestigation(Need(r.Text, "text"), now, me); break;
            case "extend": c.Extend(r.UserId ?? me, Need(r.Text, "text"), Notice(r, now), now, me); break;
            case "suspend": c.Suspend(Need(r.SuspensionReason, "suspensionReason"), Notice(r, now) ?? throw new MissingFieldException("noticeMethod and proof"), now, me); break;
            case "resume": c.Resume(now, me); break;
            case "decide": c.Decide(new DecisionNotice(r.Facts ?? string.Empty, r.Basis ?? string.Empty, r.Remedies ?? string.Empty), now, me); break;
            case "deliver-notice": c.DeliverNotice(Notice(r, now) ?? throw new MissingFieldException("noticeMethod and proof"), me); break;
            case "apply-review": c.ApplyForReview(Need(r.Text, "text"), now, me); break;
            case "decide-review":
                c.DecideReview(new DecisionNotice(r.Facts ?? string.Empty, r.Basis ?? string.Empty, r.Remedies ?? string.Empty), Need(r.Upheld, "upheld"),
                    Notice(r, now) ?? throw new MissingFieldException("noticeMethod and proof"), now, me);
                break;
            case "report-regulator": c.ReportToRegulator(Need(r.Text, "text"), now, me); break;
            case "mark-major": c.MarkMajor(Need(r.MajorReason, "majorReason"), r.GroupSize, now, me); break;
            case "close": c.Close(new CaseClassification(Need(r.Validity, "validity"), Need(r.Cause, "cause"), Need(r.Unit, "unit")), now, me); break;
            case "merge": c.MergeInto(survivor!, r.NewFacts ?? false, calendar, now, me); break;
            case "add-rectification": c.AddRectification(Need(r.Text, "text"), Need(r.UserId, "userId"), Need(r.DueOn, "dueOn"), now, me); break;
            case "complete-rectification": c.CompleteRectification(Need(r.Number, "number"), Need(r.Text, "text"), now, me); break;
            case "recheck-rectification": c.RecheckRectification(Need(r.Number, "number"), Need(r.Passed, "passed"), Need(r.Text, "text"), r.DueOn, now, me); break;
            default: throw new MissingFieldException($"unknown step {step}");
        }
    }

    private static async Task<Case?> SurvivorAsync(StepRequest request, User user, CaseQueries cases, CancellationToken cancellationToken)
    {
        if (request.SurvivorId is not { } survivorId)
        {
            return null;
        }

        var stored = await cases.GetAsync(survivorId, cancellationToken);
        return stored is not null && ScopeOf(user).Covers(stored) ? stored.Case : null;
    }

    private static NoticeDelivery? Notice(StepRequest r, DateTimeOffset now) =>
        r.NoticeMethod is { } method ? new NoticeDelivery(method, r.NoticeAt ?? now, r.Proof ?? string.Empty) : null;

    private static T Need<T>(T? value, string field)
        where T : struct => value ?? throw new MissingFieldException($"{field} is required for this step");

    private static string Need(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new MissingFieldException($"{field} is required for this step") : value;

    private static async Task<Results<Ok<ComplaintReport>, ProblemHttpResult>> ReportAsync(
        CurrentUser current, ComplaintReports reports, TimeProvider time, CancellationToken cancellationToken, string? dimension = null, string? period = null)
    {
        var user = await current.RequireAsync(cancellationToken);
        ReportPeriod parsed;
        ReportDimension by;
        try
        {
            parsed = ReportPeriod.Parse(period ?? DefaultPeriod(time));
            by = dimension is null ? ReportDimension.Branch : DomainCodes.Parse<ReportDimension>(dimension);
        }
        catch (DomainValidationException e)
        {
            return Invalid(e.Message);
        }

        return TypedResults.Ok(await reports.BuildAsync(by, parsed, ScopeOf(user), ComplaintViews.Today(time), cancellationToken));
    }

    /// <summary>The report as CSV, UTF-8 with a byte-order mark so Excel shows the Chinese; headers in the user's language (cc-lang cookie).</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReportCsvAsync(
        HttpContext http, CurrentUser current, ComplaintReports reports, TimeProvider time, CancellationToken cancellationToken,
        string? dimension = null, string? period = null)
    {
        var result = await ReportAsync(current, reports, time, cancellationToken, dimension, period);
        if (result.Result is not Ok<ComplaintReport> { Value: { } report })
        {
            return (ProblemHttpResult)result.Result;
        }

        var english = http.Request.Cookies["cc-lang"] == "en";
        var csv = ComplaintCsv.Write(report, english);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"complaints-{DomainCodes.ToCode(report.Dimension)}-{report.Period.Key}.csv");
    }

    /// <summary>Imports premium and policy counts (CSV <c>branch,period,premium,policies</c>); the lines refused are listed with their reasons.</summary>
    private static async Task<Results<Ok<ImportView>, ProblemHttpResult>> ImportAsync(HttpRequest request, ComplaintVolumeBases bases, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (text.Length > 1_000_000)
        {
            return Invalid("The file is larger than 1 MB.");
        }

        var import = ComplaintVolumeBases.Parse(text);
        await bases.UpsertAsync(import.Accepted, cancellationToken);
        return TypedResults.Ok(new ImportView(import.Accepted.Count, import.Rejected));
    }

    private static T? Code<T>(string? code)
        where T : struct, Enum => string.IsNullOrWhiteSpace(code) ? null : DomainCodes.TryParse<T>(code, out var value) ? value : null;

    private static string DefaultPeriod(TimeProvider time)
    {
        var today = ComplaintViews.Today(time);
        return string.Create(CultureInfo.InvariantCulture, $"{today.Year}-Q{(today.Month - 1) / 3 + 1}");
    }

    private static async Task<IReadOnlyDictionary<int, string>> NamesAsync(UserQueries users, CancellationToken cancellationToken) =>
        (await users.ListAsync(null, cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName);

    private static ProblemHttpResult Stale(Case complaint, int sent) => TypedResults.Problem(
        $"Case {complaint.CaseNumber} was changed by someone else (you had version {sent}, it is now version {complaint.Version} or later). Reload it and apply your change again.",
        statusCode: StatusCodes.Status409Conflict, title: "complaint.stale");

    private static ProblemHttpResult Refused(DomainException e) => e switch
    {
        ComplaintRuleException rule => TypedResults.Problem(rule.Message, statusCode: StatusCodes.Status409Conflict, title: "complaint.rule",
            extensions: new Dictionary<string, object?> { ["rule"] = rule.Rule }),
        CaseStatusException status => TypedResults.Problem(status.Message, statusCode: StatusCodes.Status409Conflict, title: "complaint.rule"),
        _ => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "complaint.invalid"),
    };

    private static ProblemHttpResult Invalid(string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "complaint.invalid");

    /// <summary>A step's input is missing (422).</summary>
    private sealed class MissingFieldException(string message) : Exception(message);
}

internal static partial class ComplaintLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Case {CaseId} closed; complaint-resolution callback task {TaskId} (none when no campaign, no number or do-not-call)")]
    public static partial void ResolutionCallback(ILogger logger, int caseId, int? taskId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Case {CaseId} closed, but its complaint-resolution callback could not be booked")]
    public static partial void ResolutionCallbackFailed(ILogger logger, int caseId, Exception error);
}
