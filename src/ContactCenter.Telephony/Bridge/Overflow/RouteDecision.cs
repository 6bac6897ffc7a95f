using ContactCenter.Core.Queues;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Where the IVR should queue a caller (<see cref="TelephonyBridge.DecideRoute"/>).</summary>
/// <param name="HomeSite">The site that asked.</param>
/// <param name="QueueName">The queue, the same name at every site.</param>
/// <param name="TargetSite">The site to queue the caller at: the home site unless <see cref="Diverted"/>.</param>
/// <param name="Diverted">True when the caller goes straight to another site.</param>
/// <param name="Reason">Why it was diverted; null when not.</param>
/// <param name="DialplanContext">When diverted: the context to continue in (the home site's overflow context).</param>
/// <param name="DialplanExten">When diverted: the extension, <c>&lt;target&gt;-&lt;queue&gt;</c>.</param>
public sealed record RouteDecision(string HomeSite, string QueueName, string TargetSite, bool Diverted, OverflowReason? Reason,
    string? DialplanContext, string? DialplanExten);
