using ContactCenter.Core.Surveys;
using ContactCenter.Telephony.Bridge;

namespace ContactCenter.Telephony.Ivr;

/// <summary>How an IVR run ended.</summary>
public enum IvrExit
{
    /// <summary>A route node handed the caller to a queue (possibly at another site).</summary>
    Routed,

    /// <summary>A transfer node sent the caller to another site.</summary>
    Transferred,

    /// <summary>A hang-up node ended the call.</summary>
    HungUpByFlow,

    /// <summary>The caller hung up (or the channel died); <see cref="IvrRunRecord.LastNode"/> says where.</summary>
    CallerHungUp,

    /// <summary>The run broke (a bug, or an AGI error on a live channel); logged.</summary>
    Failed,
}

/// <summary>
/// One node visit. <see cref="Outcome"/> is a short code (<c>played</c>, <c>key:1</c>, <c>fallback</c>,
/// <c>digits</c>, <c>found</c>, <c>open</c>, <c>routed</c>, <c>rated:4</c>, <c>not-rated</c>, <c>hung-up</c>…);
/// <see cref="Keys"/> is what the caller keyed there (menu keys comma-separated, collected digits), which is
/// stored on the contact record and never logged.
/// </summary>
public sealed record IvrStepRecord(
    string CallId,
    string Flow,
    int Sequence,
    string NodeId,
    string Kind,
    string Outcome,
    string? Keys,
    DateTimeOffset StartedAt,
    TimeSpan Duration);

/// <summary>
/// The end of a run: the path through the flow (node ids joined with <c>&gt;</c>, as <c>Contact.IvrPath</c>), the
/// data collected (as <c>Contact.IvrData</c>), time in the IVR, how it ended and the node the caller left at.
/// </summary>
public sealed record IvrRunRecord(
    string CallId,
    string Flow,
    string SiteCode,
    string Path,
    IReadOnlyDictionary<string, string> Data,
    DateTimeOffset EnteredAt,
    DateTimeOffset EndedAt,
    IvrExit Exit,
    string? LastNode,
    int? CustomerId,
    string? PolicyNumber,
    string? Queue,
    int? Priority)
{
    /// <summary>Time spent in the IVR.</summary>
    public TimeSpan Duration => EndedAt - EnteredAt;
}

/// <summary>
/// Where IVR results go; the server implements it with the Data layer (steps and run onto the contact record:
/// <c>Contact.RecordIvrStep</c>/<c>SetIvrData</c>/<c>Identify</c>; surveys into <c>survey_results</c>).
/// <see cref="StepAsync"/> is awaited on the call path between caller inputs: keep it cheap (buffer and write
/// with the run). Exceptions are logged and the call goes on. After a hang-up the methods get a token that
/// is not the hang-up token, so the record of where the caller left is still written.
/// </summary>
public interface IIvrResultSink
{
    /// <summary>A node was visited.</summary>
    Task StepAsync(IvrStepRecord record, CancellationToken cancellationToken);

    /// <summary>The run ended.</summary>
    Task RunEndedAsync(IvrRunRecord run, CancellationToken cancellationToken);

    /// <summary>A survey ended (rated or not rated).</summary>
    Task SurveyAsync(SurveyResult result, CancellationToken cancellationToken);
}

/// <summary>A customer as the IVR needs them: no names or numbers beyond the policy number.</summary>
/// <param name="CustomerId">The customer's id.</param>
/// <param name="PolicyNumber">The policy found (for a lookup by policy), or the customer's only policy; null when unknown.</param>
/// <param name="HasOpenComplaint">True when the customer has a complaint case that is not closed.</param>
public sealed record IvrCustomer(int CustomerId, string? PolicyNumber, bool HasOpenComplaint);

/// <summary>
/// Finds callers; the server implements it with <c>CustomerQueries.FindByPhoneAsync</c> (exactly one match counts
/// as found; several are "not identified") and <c>FindByPolicyNumberAsync</c>.
/// </summary>
public interface IIvrCustomerLookup
{
    /// <summary>The customer whose mobile or second phone is <paramref name="callerNumber"/>, or null.</summary>
    Task<IvrCustomer?> FindByPhoneAsync(string callerNumber, CancellationToken cancellationToken);

    /// <summary>The holder of <paramref name="policyNumber"/>, or null.</summary>
    Task<IvrCustomer?> FindByPolicyNumberAsync(string policyNumber, CancellationToken cancellationToken);
}

/// <summary>
/// Whether a schedule is open; the server implements it with the business calendar (<c>Core/Calendar</c>:
/// working days, holidays, 调休) and opening hours per schedule name.
/// </summary>
public interface IIvrBusinessHours
{
    /// <summary>True when <paramref name="schedule"/> is open at <paramref name="at"/> at <paramref name="siteCode"/>.</summary>
    Task<bool> IsOpenAsync(string schedule, string siteCode, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>The route step's decision: the bridge's <see cref="TelephonyBridge.DecideRoute"/> (see <see cref="BridgeIvrRouter"/>).</summary>
public interface IIvrRouter
{
    /// <summary>Where to queue a caller of <paramref name="queueName"/> who entered at <paramref name="siteCode"/>.</summary>
    RouteDecision DecideRoute(string siteCode, string queueName, string? callId);
}

/// <summary>Routes through the live telephony bridge (pre-queue overflow, site down).</summary>
public sealed class BridgeIvrRouter(TelephonyBridge bridge) : IIvrRouter
{
    /// <inheritdoc />
    public RouteDecision DecideRoute(string siteCode, string queueName, string? callId) => bridge.DecideRoute(siteCode, queueName, callId);
}

/// <summary>Always the caller's own site (no bridge configured).</summary>
public sealed class HomeSiteIvrRouter : IIvrRouter
{
    /// <inheritdoc />
    public RouteDecision DecideRoute(string siteCode, string queueName, string? callId) =>
        new(siteCode, queueName, siteCode, false, null, null, null);
}

/// <summary>Every schedule always open (a 7x24 hotline) until the server registers the business calendar.</summary>
public sealed class AlwaysOpenBusinessHours : IIvrBusinessHours
{
    /// <inheritdoc />
    public Task<bool> IsOpenAsync(string schedule, string siteCode, DateTimeOffset at, CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>Nobody is ever identified (no data layer registered).</summary>
public sealed class NoCustomerLookup : IIvrCustomerLookup
{
    /// <inheritdoc />
    public Task<IvrCustomer?> FindByPhoneAsync(string callerNumber, CancellationToken cancellationToken) => Task.FromResult<IvrCustomer?>(null);

    /// <inheritdoc />
    public Task<IvrCustomer?> FindByPolicyNumberAsync(string policyNumber, CancellationToken cancellationToken) => Task.FromResult<IvrCustomer?>(null);
}

/// <summary>Drops results (no data layer registered).</summary>
public sealed class NullIvrResultSink : IIvrResultSink
{
    /// <inheritdoc />
    public Task StepAsync(IvrStepRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task RunEndedAsync(IvrRunRecord run, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task SurveyAsync(SurveyResult result, CancellationToken cancellationToken) => Task.CompletedTask;
}
