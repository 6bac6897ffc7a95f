using ContactCenter.Telephony.Agi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// Runs flows over FastAGI: one <see cref="IAgiScript"/> per flow, mapped by flow name and aliases. Holds what
/// every run shares (options, sink, customer lookup, route decision, business hours, clock, logger).
/// </summary>
public sealed class IvrRuntime
{
    /// <summary>Creates the runtime.</summary>
    public IvrRuntime(
        IOptions<IvrOptions> options,
        IIvrResultSink sink,
        IIvrCustomerLookup lookup,
        IIvrRouter router,
        IIvrBusinessHours businessHours,
        TimeProvider timeProvider,
        ILogger<IvrRuntime> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(businessHours);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Options = options.Value;
        Sink = sink;
        Lookup = lookup;
        Router = router;
        BusinessHours = businessHours;
        Time = timeProvider;
        Logger = logger;
        Prompts = new IvrPromptFiles(Options);
    }

    internal IvrOptions Options { get; }

    internal IIvrResultSink Sink { get; }

    internal IIvrCustomerLookup Lookup { get; }

    internal IIvrRouter Router { get; }

    internal IIvrBusinessHours BusinessHours { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal IvrPromptFiles Prompts { get; }

    /// <summary>The FastAGI script that runs <paramref name="flow"/>.</summary>
    public IAgiScript ScriptFor(IvrFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new FlowScript(this, flow);
    }

    /// <summary>Maps every flow under its name and its aliases (<c>agi://host/hotline</c>, <c>agi://host/survey?callid=…</c>).</summary>
    public AgiScriptRouter Map(AgiScriptRouter router, IEnumerable<IvrFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(flows);
        foreach (var flow in flows)
        {
            var script = ScriptFor(flow);
            foreach (var name in flow.Aliases.Prepend(flow.Name))
            {
                router.Map(name, script);
            }
        }
        return router;
    }

    private sealed class FlowScript(IvrRuntime runtime, IvrFlow flow) : IAgiScript
    {
        public Task ExecuteAsync(AgiSession session, CancellationToken cancellationToken) =>
            new IvrRun(runtime, flow, session).RunAsync(cancellationToken);
    }
}
