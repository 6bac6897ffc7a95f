using ContactCenter.Core.Calendar;
using ContactCenter.Server.Ivr;
using ContactCenter.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Tests.Ivr;

public sealed class CalendarBusinessHoursTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private CalendarBusinessHours _hours = null!;

    [OneTimeSetUp]
    public void LoadShippedCalendar()
    {
        var calendar = BusinessCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, BusinessCalendar.ShippedFileName)));
        var options = new IvrScheduleOptions();
        options.Schedules["workdays"] = "08:00-20:00";
        options.Schedules["split"] = "workdays 08:00-12:00, 13:00-24:00";
        options.Schedules["always"] = "7x24";
        _hours = new CalendarBusinessHours(calendar, Options.Create(options), NullLogger<CalendarBusinessHours>.Instance);
    }

    [TestCase("workdays", "2025-09-30T08:00", true, TestName = "A working day at opening time is open")]
    [TestCase("workdays", "2025-09-30T19:59", true, TestName = "A working day a minute before closing is open")]
    [TestCase("workdays", "2025-09-30T20:00", false, TestName = "A working day at closing time is closed")]
    [TestCase("workdays", "2025-09-30T07:59", false, TestName = "A working day before opening is closed")]
    [TestCase("workdays", "2025-10-01T10:00", false, TestName = "National Day, a Wednesday, is closed on working days")]
    [TestCase("workdays", "2025-09-28T10:00", true, TestName = "The Sunday worked for National Day is open")]
    [TestCase("workdays", "2025-09-27T10:00", false, TestName = "An ordinary Saturday is closed on working days")]
    [TestCase("hotline", "2025-10-01T10:00", true, TestName = "The daily hotline is open on National Day")]
    [TestCase("hotline", "2025-10-01T21:00", false, TestName = "The daily hotline is closed at night")]
    [TestCase("split", "2025-09-30T12:30", false, TestName = "A lunch break between two ranges is closed")]
    [TestCase("split", "2025-09-30T23:59", true, TestName = "A range to 24:00 is open until midnight")]
    [TestCase("always", "2025-10-01T03:00", true, TestName = "A 7x24 schedule is open at night on a holiday")]
    [TestCase("not-configured", "2025-10-01T03:00", true, TestName = "A schedule that is not configured is open")]
    [TestCase("workdays", "2031-03-04T10:00", true, TestName = "A Tuesday beyond the calendar's data counts as a working day")]
    public async Task Opening_hours(string schedule, string chinaTime, bool open)
    {
        var at = new DateTimeOffset(DateTime.Parse(chinaTime, System.Globalization.CultureInfo.InvariantCulture), China);

        // The same instant in UTC: the site's zone is applied, not the offset the caller happens to pass.
        var result = await _hours.IsOpenAsync(schedule, "gz", at.ToUniversalTime(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result, Is.EqualTo(open));
    }

    [TestCase("8-20")]
    [TestCase("20:00-08:00")]
    [TestCase("weekends 08:00-20:00")]
    [TestCase("08:00-25:00")]
    public void Malformed_opening_hours_are_refused(string hours)
    {
        var options = new IvrScheduleOptions();
        options.Schedules["hotline"] = hours;

        var result = new IvrScheduleOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.StartWith("Ivr:Schedules:hotline: "));
    }

    [Test]
    public async Task The_server_does_not_start_with_malformed_opening_hours()
    {
        var start = RunningServer.StartAsync(new Dictionary<string, string?> { ["Ivr:Schedules:hotline"] = "8-20" });

        var error = await AsyncCatch(start);

        Assert.That(error, Is.InstanceOf<OptionsValidationException>());
        Assert.That(error!.Message, Does.Contain("Ivr:Schedules:hotline"));
    }

    private static async Task<Exception?> AsyncCatch(Task<RunningServer> start)
    {
        try
        {
            await using var server = await start.WaitAsync(RunningServer.Timeout);
            return null;
        }
        catch (Exception error) when (error is not TimeoutException)
        {
            return error;
        }
    }
}
