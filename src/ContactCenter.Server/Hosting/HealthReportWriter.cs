using System.Text.Json;
using ContactCenter.Server.Auth;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContactCenter.Server.Hosting;

/// <summary>
/// Writes <c>/health</c> (HTTP 503 when unhealthy): the overall status word (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>) for
/// any caller, and for administrators and requests from this machine a JSON report of every check with its status and what to
/// do. The report names sites and settings, never personal data or secrets.
/// </summary>
public static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var remote = context.Connection.RemoteIpAddress;
        var detailed = (remote is not null && System.Net.IPAddress.IsLoopback(remote)) || context.User.IsInRole(RoleNames.Admin);
        if (!detailed)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
