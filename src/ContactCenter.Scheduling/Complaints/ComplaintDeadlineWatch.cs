using System.ComponentModel.DataAnnotations;
using ContactCenter.Core.Calendar;
using ContactCenter.Data.Complaints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ContactCenter.Scheduling.Complaints;

/// <summary>Deadline watch settings, bound from <c>Complaints:Watch</c>.</summary>
public sealed class ComplaintWatchOptions
{
    public const string Section = "Complaints:Watch";

    /// <summary>How often the watch runs. Default 5 minutes; 10 seconds to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A deadline within this many days (today included) is announced as near. Default 2; 0 to 30.</summary>
    [Range(0, 30)]
    public int DueSoonDays { get; set; } = 2;
}

/// <summary>What the watch tells people about one case.</summary>
/// <param name="Missed">True: the deadline passed and the case is escalated; false: the deadline is near.</param>
public sealed record DeadlineAlert(int CaseId, string CaseNumber, string? SiteCode, int? OwnerUserId, int? RegisteredByUserId, DateOnly DueOn, DueKind Kind, bool Missed, DateTimeOffset At);

/// <summary>Delivers deadline alerts to the case's owner and the supervisors of its site (the server pushes them to the desktops).</summary>
public interface IComplaintAlertSink
{
    ValueTask SendAsync(DeadlineAlert alert, CancellationToken cancellationToken);
}

/// <summary>The figures of one watch run.</summary>
public sealed record DeadlineWatchRun(int Scanned, int Announced, int Escalated);

/// <summary>
/// Finds the cases whose running deadline is near or past (one indexed scan), announces each near deadline once,
/// and escalates each missed deadline once (timeline event + audit entry, then the alert). Safe to run on several
/// nodes or twice at once: the marks are conditional updates, so only one run acts on a deadline.
/// </summary>
public sealed class ComplaintDeadlineWatch(
    CaseDeadlineQueries deadlines,
    IComplaintAlertSink alerts,
    TimeProvider timeProvider,
    IOptions<ComplaintWatchOptions> options,
    ILogger<ComplaintDeadlineWatch> logger)
{
    public async Task<DeadlineWatchRun> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var today = BusinessCalendar.DateOf(now);
        var due = await deadlines.ScanAsync(today.AddDays(options.Value.DueSoonDays), cancellationToken).ConfigureAwait(false);
        int announced = 0, escalated = 0;
        foreach (var c in due)
        {
            var missed = c.IsOverdue(today);
            var acted = missed
                ? c.EscalatedOn != c.NextDueOn && await deadlines.TryEscalateAsync(c, now, cancellationToken).ConfigureAwait(false)
                : c.DueSoonNotifiedOn != c.NextDueOn && await deadlines.TryMarkDueSoonAsync(c, cancellationToken).ConfigureAwait(false);
            if (!acted)
            {
                continue;
            }

            if (missed)
            {
                escalated++;
                ComplaintWatchLog.Escalated(logger, c.Id, c.NextDueOn, c.NextDueKind);
            }
            else
            {
                announced++;
            }

            try
            {
                await alerts.SendAsync(new DeadlineAlert(c.Id, c.CaseNumber, c.SiteCode, c.OwnerUserId, c.RegisteredByUserId, c.NextDueOn, c.NextDueKind, missed, now), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The escalation is stored (timeline, audit); a desktop that missed the push sees it on the case.
                ComplaintWatchLog.AlertFailed(logger, c.Id, e);
            }
        }

        ComplaintWatchLog.Ran(logger, due.Count, announced, escalated);
        return new DeadlineWatchRun(due.Count, announced, escalated);
    }
}

/// <summary>The Quartz job that runs <see cref="ComplaintDeadlineWatch"/>; never twice at once on a node.</summary>
[DisallowConcurrentExecution]
public sealed class ComplaintDeadlineWatchJob(ComplaintDeadlineWatch watch) : IJob
{
    public static readonly JobKey Key = new("complaint-deadline-watch", "complaints");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await watch.RunAsync(cancellationToken).ConfigureAwait(false);
}

public static class ComplaintDeadlineWatchSetup
{
    /// <summary>
    /// Registers the watch and schedules its job every <see cref="ComplaintWatchOptions.Interval"/> (Quartz's
    /// <c>AddQuartz</c> adds to the scheduler configured by the scheduling setup). The caller registers an
    /// <see cref="IComplaintAlertSink"/> and the data layer.
    /// </summary>
    public static IServiceCollection AddComplaintDeadlineWatch(this IServiceCollection services, ComplaintWatchOptions configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        services.AddOptions<ComplaintWatchOptions>().BindConfiguration(ComplaintWatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CaseDeadlineQueries>();
        services.TryAddSingleton<ComplaintDeadlineWatch>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<ComplaintDeadlineWatchJob>(job => job.WithIdentity(ComplaintDeadlineWatchJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger.ForJob(ComplaintDeadlineWatchJob.Key).WithIdentity("complaint-deadline-watch", "complaints")
                .StartNow().WithSimpleSchedule(s => s.WithInterval(configured.Interval).RepeatForever()));
        });
        return services;
    }
}

internal static partial class ComplaintWatchLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Complaint deadline watch: {Scanned} cases due soon or overdue, {Announced} announced, {Escalated} escalated")]
    public static partial void Ran(ILogger logger, int scanned, int announced, int escalated);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Complaint case {CaseId} missed its {Kind} deadline {DueOn}: escalated")]
    public static partial void Escalated(ILogger logger, int caseId, DateOnly dueOn, DueKind kind);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Could not push the deadline alert of complaint case {CaseId}")]
    public static partial void AlertFailed(ILogger logger, int caseId, Exception error);
}
