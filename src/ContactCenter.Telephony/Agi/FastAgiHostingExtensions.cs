using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Agi;

/// <summary>Registers the FastAGI server in a host.</summary>
public static class FastAgiHostingExtensions
{
    /// <summary>The configuration section of <see cref="FastAgiOptions"/>.</summary>
    public const string Section = "FastAgi";

    /// <summary>
    /// Binds <see cref="FastAgiOptions"/> from section <c>FastAgi</c> (validated at start-up) and registers
    /// <see cref="FastAgiServer"/> as a singleton and hosted service, with the <see cref="AgiScriptRouter"/>
    /// singleton it routes by (map scripts into it, or register your own first) and <see cref="TimeProvider.System"/>
    /// unless one is registered. Hosted services start in registration order: call this after the registrations
    /// that map scripts at start-up (<c>AddContactCenterIvr</c>) so no call arrives before its script is mapped.
    /// Calling it twice registers once.
    /// </summary>
    public static IHostApplicationBuilder AddFastAgi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(FastAgiServer)))
        {
            return builder;
        }
        builder.Services.AddOptions<FastAgiOptions>().BindConfiguration(Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FastAgiOptions>, FastAgiOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<AgiScriptRouter>();
        builder.Services.AddSingleton<FastAgiServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FastAgiServer>());
        return builder;
    }
}

/// <summary>Checks <see cref="FastAgiOptions"/> at start-up.</summary>
public sealed class FastAgiOptionsValidator : IValidateOptions<FastAgiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FastAgiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            errors.Add("FastAgi:ListenAddress must be an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every interface).");
        }
        if (options.Port is < 0 or > 65535)
        {
            errors.Add("FastAgi:Port must be 0-65535 (0 picks a free port).");
        }
        foreach (var endpoint in options.AdditionalEndpoints)
        {
            if (!IPEndPoint.TryParse(endpoint ?? string.Empty, out var parsed) || parsed.Port == 0)
            {
                errors.Add($"FastAgi:AdditionalEndpoints: '{endpoint}' must be an IP address and a port (e.g. 127.0.0.1:4574).");
            }
        }
        if (options.MaxSessions < 1 || options.Backlog < 1)
        {
            errors.Add("FastAgi:MaxSessions and FastAgi:Backlog must be at least 1.");
        }
        if (options.EnvironmentTimeout <= TimeSpan.Zero || options.DrainTimeout <= TimeSpan.Zero)
        {
            errors.Add("FastAgi timeouts must be positive.");
        }
        if (options.MaxLineLength < 1024)
        {
            errors.Add("FastAgi:MaxLineLength must be at least 1024.");
        }
        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromHours(24))
        {
            errors.Add("FastAgi:CommandTimeout must be 1 second to 24 hours.");
        }
        if (options.IdleTimeout < TimeSpan.FromSeconds(1) || options.IdleTimeout > TimeSpan.FromHours(24))
        {
            errors.Add("FastAgi:IdleTimeout must be 1 second to 24 hours.");
        }
        if (options.KeepAliveTime != TimeSpan.Zero && (options.KeepAliveTime < TimeSpan.FromSeconds(1) || options.KeepAliveTime > TimeSpan.FromHours(2)))
        {
            errors.Add("FastAgi:KeepAliveTime must be zero (off) or 1 second to 2 hours.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
