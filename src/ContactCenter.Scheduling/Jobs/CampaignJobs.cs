using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using ContactCenter.Scheduling.Campaigns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ContactCenter.Scheduling.Jobs;

/// <summary>
/// The progressive dialer tick. Never runs twice at once in the cluster (<see cref="DisallowConcurrentExecutionAttribute"/>
/// with the clustered store), and the claim is atomic in the database, so no task is dialed twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DialerTickJob(CallbackDialer dialer) : IJob
{
    public static readonly JobKey Key = new("dialer-tick", "callbacks");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dialer.TickAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// Task upkeep, every minute: expires tasks past their deadline, hands back claims whose originate never started, and
/// creates the new-policy callbacks (新契约回访) of policies in their cooling-off period that have none yet
/// (<see cref="CallbackTaskSources.NewPolicyCallbacksAsync"/>, at most <see cref="DialerOptions.NewPolicyBatch"/> a run).
/// </summary>
[DisallowConcurrentExecution]
public sealed class CallbackMaintenanceJob(CallbackTaskQueries tasks, CallbackTaskSources sources, IOptions<DialerOptions> options, TimeProvider timeProvider,
    ILogger<CallbackMaintenanceJob> logger) : IJob
{
    public static readonly JobKey Key = new("callback-maintenance", "callbacks");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expired = await tasks.ExpireOverdueAsync(now, cancellationToken).ConfigureAwait(false);
        var requeued = await tasks.RequeueStaleClaimsAsync(now - options.Value.StaleClaimAfter, now, cancellationToken).ConfigureAwait(false);
        var generated = await sources.NewPolicyCallbacksAsync(options.Value.NewPolicyBatch, cancellationToken).ConfigureAwait(false);
        CampaignLog.Maintenance(logger, expired, requeued, generated);
    }
}

/// <summary>The daily callback KPI roll-up: the China day before, per campaign, into <c>callback_kpi_daily</c>.</summary>
[DisallowConcurrentExecution]
public sealed class CallbackKpiRollupJob(CallbackTaskQueries tasks, TimeProvider timeProvider, ILogger<CallbackKpiRollupJob> logger) : IJob
{
    public static readonly JobKey Key = new("callback-kpi-rollup", "callbacks");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var day = BusinessCalendar.DateOf(now).AddDays(-1);
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), BusinessCalendar.ChinaOffset);
        var counts = await tasks.CountKpisAsync(from, from.AddDays(1).AddTicks(-10), cancellationToken).ConfigureAwait(false);
        await tasks.SaveDailyKpisAsync(day, counts, now, cancellationToken).ConfigureAwait(false);
        var kpis = CallbackKpis.From(counts.Sum(c => c.Due), counts.Sum(c => c.Reached), 0, 0);
        CampaignLog.KpiRollup(logger, day, kpis.Due, kpis.Reached);
    }
}
