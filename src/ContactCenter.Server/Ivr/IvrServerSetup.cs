using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Ivr;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Ivr;

/// <summary>
/// The IVR inside the server: the flows of <c>ivr-flows/</c> run as FastAGI scripts (<c>agi://host:4573/hotline</c>)
/// with the customer lookup, business hours and result storage of this server.
/// </summary>
public static class IvrServerSetup
{
    /// <summary>
    /// Registers <see cref="DatabaseCustomerLookup"/>, <see cref="CalendarBusinessHours"/> (schedules from
    /// <see cref="IvrScheduleOptions"/>, validated at start-up) and <see cref="IvrRecordSink"/> in place of the IVR's
    /// defaults, then the IVR runtime (<c>AddContactCenterIvr</c>) and the FastAGI server (<c>AddFastAgi</c>, section
    /// <c>FastAgi</c>, default 127.0.0.1:4573), in that order so every flow is mapped before the first call is taken.
    /// <c>Ivr:FlowDirectory</c> defaults to the <c>ivr-flows</c> folder copied beside the binaries; a relative
    /// path that is configured means the working directory. Without Asterisk the server starts all the same:
    /// FastAGI only listens.
    /// </summary>
    public static IHostApplicationBuilder AddContactCenterIvrServer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<IvrScheduleOptions>().BindConfiguration(IvrScheduleOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IvrScheduleOptions>, IvrScheduleOptionsValidator>());
        services.AddOptions<IvrOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (string.IsNullOrEmpty(configuration[$"{IvrOptions.Section}:{nameof(IvrOptions.FlowDirectory)}"]))
            {
                options.FlowDirectory = Path.Combine(AppContext.BaseDirectory, "ivr-flows");
            }
        });

        // Registered before AddContactCenterIvr, whose defaults are TryAdd: these win.
        services.AddSingleton<IvrRecordSink>();
        services.AddSingleton<IIvrResultSink>(sp => sp.GetRequiredService<IvrRecordSink>());
        services.AddSingleton<IIvrCustomerLookup, DatabaseCustomerLookup>();
        services.AddSingleton<IIvrBusinessHours, CalendarBusinessHours>();

        builder.AddContactCenterIvr();
        builder.AddFastAgi();
        // One FastAGI server for every site: a site with its own AgiListenAddress (Telephony:Sites:n) is listened on too.
        services.AddOptions<FastAgiOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            foreach (var site in configuration.GetSection("Telephony:Sites").GetChildren())
            {
                if (site["AgiListenAddress"] is { Length: > 0 } address && !options.AdditionalEndpoints.Contains(address))
                {
                    options.AdditionalEndpoints.Add(address);
                }
            }
        });
        return builder;
    }
}
