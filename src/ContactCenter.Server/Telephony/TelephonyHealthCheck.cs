using System.Globalization;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContactCenter.Server.Telephony;

/// <summary>
/// The sites' AMI links: unhealthy while an Asterisk refuses the bridge's login (only an operator can fix a wrong secret),
/// degraded while a site is unreachable or still connecting (the bridge reconnects by itself), healthy when every
/// configured site is up or none is configured.
/// </summary>
public sealed class TelephonyHealthCheck(TelephonyBridge bridge) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var links = bridge.SiteCodes.Order(StringComparer.Ordinal).Select(bridge.SiteLink).ToList();
        if (links.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No telephony site is configured."));
        }

        var data = links.ToDictionary(l => l.SiteCode, l => (object)Describe(l), StringComparer.Ordinal);
        var down = links.Where(l => !l.IsUp).ToList();
        var description = down.Count == 0
            ? $"Every site's Asterisk is connected ({string.Join(", ", links.Select(l => l.SiteCode))})."
            : string.Join(" ", down.Select(l => $"{l.SiteCode}: {data[l.SiteCode]}."));
        var result = down.Count == 0 ? HealthCheckResult.Healthy(description, data)
            : down.Any(l => l.Problem == SiteLinkProblem.LoginRefused) ? HealthCheckResult.Unhealthy(description, data: data)
            : HealthCheckResult.Degraded(description, data: data);
        return Task.FromResult(result);
    }

    private static string Describe(SiteLink link) => link.Problem switch
    {
        SiteLinkProblem.None => "connected",
        SiteLinkProblem.LoginRefused => "Asterisk refuses the AMI login; set AmiUsername and AmiSecret to the cc-bridge user of the site's manager.conf",
        SiteLinkProblem.Unreachable when link.DownSince is { } since => $"Asterisk unreachable since {since.ToString("u", CultureInfo.InvariantCulture)}; reconnecting",
        SiteLinkProblem.Unreachable => "Asterisk unreachable; reconnecting",
        SiteLinkProblem.Resyncing => "logged in, reading back queues and channels",
        SiteLinkProblem.Connecting => "connecting",
        _ => "not configured on this server",
    };
}
