using System.Globalization;
using ContactCenter.Data;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Scheduling.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace ContactCenter.Scheduling.Hosting;

/// <summary>Hosts Quartz.NET in the server: the dialer tick, callback task upkeep and the daily callback KPI roll-up.</summary>
public static class SchedulingSetup
{
    /// <summary>
    /// Binds <see cref="SchedulingOptions"/> and <see cref="DialerOptions"/> (validated at start-up) and hosts Quartz.
    /// With a <c>Database</c> section whose provider is PostgreSQL or SQL Server, Quartz uses its clustered ADO job
    /// store in that database (tables from migration 0003), so several server nodes share the jobs; with SQLite (or no
    /// database) the in-memory store. With a <c>Database</c> section the callback jobs and services are registered:
    /// the server must also register <see cref="ICallbackDialer"/> and <see cref="ISeatAvailability"/> (the bridge),
    /// and may register a <see cref="Core.Calendar.BusinessCalendar"/> singleton (without one, Monday to Friday).
    /// </summary>
    public static IHostApplicationBuilder AddContactCenterScheduling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var section = builder.Configuration.GetSection(SchedulingOptions.Section);
        builder.Services.AddOptions<SchedulingOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<DialerOptions>()
            .BindConfiguration(DialerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName);
        var campaigns = database.Exists();
        var provider = database[nameof(DatabaseOptions.Provider)];
        var connectionString = database[nameof(DatabaseOptions.ConnectionString)];
        var dialer = builder.Configuration.GetSection(DialerOptions.Section).Get<DialerOptions>() ?? new DialerOptions();
        if (campaigns)
        {
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.TryAddSingleton<ISeatAvailability, NoSeatAvailability>();
            builder.Services.TryAddSingleton<CallbackDialer>();
            builder.Services.TryAddSingleton<CallbackDesk>();
            builder.Services.TryAddSingleton<CallbackTaskSources>();
        }

        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.SchedulerName;
                scheduler.GenerateInstanceId = true;
            });
            if (IsProvider(provider, DatabaseProvider.Postgres) && !string.IsNullOrWhiteSpace(connectionString))
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(cluster => cluster.CheckinInterval = options.ClusterCheckinInterval);
                });
            }
            else if (IsProvider(provider, DatabaseProvider.SqlServer) && !string.IsNullOrWhiteSpace(connectionString))
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UseSqlServer(connectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(cluster => cluster.CheckinInterval = options.ClusterCheckinInterval);
                });
            }
            else
            {
                quartz.UseInMemoryStore();
            }

            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = options.MaxConcurrency);
            if (campaigns)
            {
                quartz.AddJob<DialerTickJob>(job => job.WithIdentity(DialerTickJob.Key).StoreDurably());
                quartz.AddTrigger(trigger => trigger.ForJob(DialerTickJob.Key).WithIdentity("dialer-tick", "callbacks").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(dialer.TickInterval).RepeatForever()));
                quartz.AddJob<CallbackMaintenanceJob>(job => job.WithIdentity(CallbackMaintenanceJob.Key).StoreDurably());
                quartz.AddTrigger(trigger => trigger.ForJob(CallbackMaintenanceJob.Key).WithIdentity("callback-maintenance", "callbacks").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever()));
                quartz.AddJob<CallbackKpiRollupJob>(job => job.WithIdentity(CallbackKpiRollupJob.Key).StoreDurably());
                quartz.AddTrigger(trigger => trigger.ForJob(CallbackKpiRollupJob.Key).WithIdentity("callback-kpi-rollup", "callbacks")
                    .WithCronSchedule(
                        string.Create(CultureInfo.InvariantCulture, $"0 {dialer.KpiRollupAt.Minute} {dialer.KpiRollupAt.Hour} * * ?"),
                        cron => cron.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))));
            }
        });
        builder.Services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return builder;
    }

    private static bool IsProvider(string? configured, DatabaseProvider provider) =>
        Enum.TryParse<DatabaseProvider>(configured, ignoreCase: true, out var parsed) && parsed == provider;
}
