namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// How a flow hands the call back to the dialplan (ivr-flows/README.md, "Dialplan"): the values of
/// <c>CC_ROUTE</c> that the route and transfer steps set, and the overflow extension they name. The dialplans in
/// telephony-config/ branch on each value; their consistency test reads this class.
/// </summary>
public static class IvrRoutes
{
    /// <summary>The channel variable that tells the dialplan what to do with the call.</summary>
    public const string RouteVariable = "CC_ROUTE";

    /// <summary>Queue here: <c>Queue(${CC_QUEUE})</c>, with <c>QUEUE_PRIO</c>.</summary>
    public const string Queue = "queue";

    /// <summary>The bridge diverted the call to another site: <c>Goto(${CC_ROUTE_CONTEXT},${CC_ROUTE_EXTEN},1)</c>.</summary>
    public const string Divert = "divert";

    /// <summary>A transfer step sent the call to a named site's queue: <c>Goto(overflow,${CC_ROUTE_EXTEN},1)</c>.</summary>
    public const string Transfer = "transfer";

    /// <summary>The context of the overflow extensions when the route decision names none (the bridge's default <c>OverflowContext</c>).</summary>
    public const string DefaultOverflowContext = "overflow";

    /// <summary>Every value the runtime sets <see cref="RouteVariable"/> to.</summary>
    public static IReadOnlyList<string> All { get; } = [Queue, Divert, Transfer];

    /// <summary>The overflow context's extension for a site's queue, <c>&lt;site&gt;-&lt;queue&gt;</c> (as the bridge's Redirect uses it).</summary>
    public static string OverflowExtension(string site, string queue)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(queue);
        return $"{site}-{queue}";
    }
}
