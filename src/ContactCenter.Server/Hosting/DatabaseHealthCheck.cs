using ContactCenter.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContactCenter.Server.Hosting;

/// <summary>Healthy when a connection to the configured database opens and answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(DbConnectionFactory db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{db.Dialect.Provider} reachable");
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{db.Dialect.Provider} unreachable", error);
        }
    }
}
