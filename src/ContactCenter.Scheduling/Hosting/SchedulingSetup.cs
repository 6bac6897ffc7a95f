using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ContactCenter.Scheduling.Hosting;

/// <summary>Hosts Quartz.NET in the server: the dialer tick, deadline watch and KPI roll-up jobs plug in here.</summary>
public static class SchedulingSetup
{
    public static IHostApplicationBuilder AddContactCenterScheduling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var section = builder.Configuration.GetSection(SchedulingOptions.Section);
        builder.Services.AddOptions<SchedulingOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.SchedulerName;
                scheduler.GenerateInstanceId = true;
            });
            // The in-memory store serves the embedded (SQLite) default; the clustered ADO store for
            // PostgreSQL and SQL Server comes with the campaign scheduler.
            quartz.UseInMemoryStore();
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = options.MaxConcurrency);
        });
        builder.Services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return builder;
    }
}
