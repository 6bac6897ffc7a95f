using ContactCenter.Scheduling.Campaigns;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContactCenter.Server.Callbacks;

/// <summary>
/// Callbacks (回访) in the server: the dialer places its calls and finds its free seats through the telephony bridge
/// (<see cref="BridgeCallbackDialer"/>, so the Quartz dialer tick really dials when sites are configured), and the
/// seat's callback desk endpoints. The business calendar is the one the complaint and IVR setups register.
/// </summary>
public static class CallbackSetup
{
    public static IHostApplicationBuilder AddCallbacks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DialerOptions>().BindConfiguration(DialerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<BridgeCallbackDialer>();
        services.TryAddSingleton<ICallbackDialer>(sp => sp.GetRequiredService<BridgeCallbackDialer>());
        services.TryAddSingleton<ISeatAvailability>(sp => sp.GetRequiredService<BridgeCallbackDialer>());
        // Also registered by the scheduler when it runs; a web-only node needs them for the desk.
        services.TryAddSingleton<CallbackDialer>();
        services.TryAddSingleton<CallbackDesk>();
        services.TryAddSingleton<CallbackTaskSources>();
        services.TryAddSingleton<CallbackCalls>();
        services.AddHostedService<CallbackCallWatcher>();
        return builder;
    }

    public static RouteGroupBuilder MapCallbacks(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.MapCallbackDeskEndpoints();
    }
}
