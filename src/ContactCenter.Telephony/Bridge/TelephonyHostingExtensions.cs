using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Registers the telephony bridge in a host.</summary>
public static class TelephonyHostingExtensions
{
    /// <summary>
    /// Binds <see cref="BridgeOptions"/> from section <c>Telephony</c> (validated at start-up), and registers
    /// <see cref="TelephonyBridge"/> as a hosted service, <see cref="IBridgeEvents"/>, and a default
    /// <see cref="IContactRecordSink"/> that drops records (register your own before or after this call;
    /// yours wins). With no sites configured the bridge starts cleanly and does nothing.
    /// </summary>
    public static IHostApplicationBuilder AddContactCenterTelephony(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BridgeOptions>().BindConfiguration(BridgeOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BridgeOptions>, BridgeOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IContactRecordSink, NullContactRecordSink>();
        builder.Services.TryAddSingleton<BridgeEventHub>();
        builder.Services.TryAddSingleton<IBridgeEvents>(sp => sp.GetRequiredService<BridgeEventHub>());
        builder.Services.TryAddSingleton<TelephonyBridge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelephonyBridge>());
        return builder;
    }
}
