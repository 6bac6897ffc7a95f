using ContactCenter.Core.Calendar;
using ContactCenter.Server.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Server.Tests.Hosting;

/// <summary>The health endpoint warns in time that the shipped business calendar is running out.</summary>
public sealed class CalendarHealthCheckTests
{
    private static readonly BusinessCalendar Shipped =
        BusinessCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, BusinessCalendar.ShippedFileName)));

    [TestCase(200, HealthStatus.Healthy)]
    [TestCase(38, HealthStatus.Degraded)]
    [TestCase(0, HealthStatus.Degraded)]
    [TestCase(-1, HealthStatus.Unhealthy)]
    public async Task Status_follows_the_days_left_in_the_shipped_calendar(int daysBeforeLastDay, HealthStatus expected)
    {
        var lastDay = new DateTimeOffset(Shipped.LastYear, 12, 31, 12, 0, 0, BusinessCalendar.ChinaOffset);
        var check = new CalendarHealthCheck(Shipped, new FakeTimeProvider(lastDay.AddDays(-daysBeforeLastDay)));

        var result = await check.CheckHealthAsync(new HealthCheckContext()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Status, Is.EqualTo(expected));
        if (expected != HealthStatus.Healthy)
        {
            Assert.That(result.Description, Does.Contain($"{Shipped.LastYear}-12-31").And.Contain(BusinessCalendar.ShippedFileName));
        }
    }
}
