using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Ivr;

/// <summary>Registers the IVR runtime in a host.</summary>
public static class IvrHostingExtensions
{
    /// <summary>
    /// Binds <see cref="IvrOptions"/> from section <c>Ivr</c> (validated at start-up), registers <see cref="IvrRuntime"/>
    /// and a hosted service that loads and validates the flows at start (any error stops the start with every
    /// <c>file:line: message</c>) and maps them into the <see cref="AgiScriptRouter"/> singleton. Register it before
    /// the <see cref="FastAgiServer"/> hosted service. Defaults until the server registers its own (yours win):
    /// <see cref="NullIvrResultSink"/>, <see cref="NoCustomerLookup"/>, <see cref="AlwaysOpenBusinessHours"/>, and
    /// <see cref="BridgeIvrRouter"/> when a <see cref="TelephonyBridge"/> is registered (else <see cref="HomeSiteIvrRouter"/>).
    /// </summary>
    public static IHostApplicationBuilder AddContactCenterIvr(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IvrOptions>().BindConfiguration(IvrOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<AgiScriptRouter>();
        builder.Services.TryAddSingleton<IIvrResultSink, NullIvrResultSink>();
        builder.Services.TryAddSingleton<IIvrCustomerLookup, NoCustomerLookup>();
        builder.Services.TryAddSingleton<IIvrBusinessHours, AlwaysOpenBusinessHours>();
        builder.Services.TryAddSingleton<IIvrRouter>(sp => sp.GetService<TelephonyBridge>() is { } bridge ? new BridgeIvrRouter(bridge) : new HomeSiteIvrRouter());
        builder.Services.TryAddSingleton<IvrRuntime>();
        builder.Services.AddHostedService<IvrFlowLoader>();
        return builder;
    }

    private sealed class IvrFlowLoader(IvrRuntime runtime, AgiScriptRouter router, IOptions<IvrOptions> options, ILogger<IvrRuntime> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var directory = options.Value.FlowDirectory;
            var catalog = await IvrFlowLibrary.ReadCatalogAsync(directory, cancellationToken).ConfigureAwait(false);
            var flows = await IvrFlowLibrary.LoadAsync(directory, catalog, cancellationToken).ConfigureAwait(false);
            runtime.Map(router, flows);
            IvrLog.Loaded(logger, flows.Count, directory);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
