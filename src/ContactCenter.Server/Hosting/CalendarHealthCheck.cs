using ContactCenter.Core.Calendar;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContactCenter.Server.Hosting;

/// <summary>
/// Degraded when the shipped business calendar runs out within <see cref="WarningDays"/>: past its last year,
/// working-day deadlines cannot be computed and callbacks cannot be scheduled (the calendar never guesses), so
/// the next year's State Council dates must be added to <c>calendar/china-working-days.json</c> in time.
/// </summary>
public sealed class CalendarHealthCheck(BusinessCalendar calendar, TimeProvider time) : IHealthCheck
{
    public const int WarningDays = 60;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var today = BusinessCalendar.DateOf(time.GetUtcNow());
        var lastDay = new DateOnly(calendar.LastYear, 12, 31);
        var daysLeft = lastDay.DayNumber - today.DayNumber;
        var result = daysLeft switch
        {
            < 0 => HealthCheckResult.Unhealthy($"The business calendar ends {lastDay:yyyy-MM-dd}; add {today.Year}'s working days to {BusinessCalendar.ShippedFileName}."),
            < WarningDays => HealthCheckResult.Degraded($"The business calendar ends {lastDay:yyyy-MM-dd} ({daysLeft} days); add {calendar.LastYear + 1}'s working days to {BusinessCalendar.ShippedFileName}."),
            _ => HealthCheckResult.Healthy($"Business calendar covers {calendar.FirstYear}-{calendar.LastYear}."),
        };
        return Task.FromResult(result);
    }
}
