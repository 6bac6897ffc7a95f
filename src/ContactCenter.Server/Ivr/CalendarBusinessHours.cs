using ContactCenter.Core.Calendar;
using ContactCenter.Telephony.Ivr;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Ivr;

/// <summary>
/// The IVR's <c>hours</c> nodes over the business calendar (working days, holidays, 调休) and the opening hours of
/// <see cref="IvrScheduleOptions"/>, in China time (every site is in Asia/Shanghai). The calendar is the shipped
/// file, loaded once at start-up. A date beyond the calendar's data is judged Monday to Friday (and logged) rather
/// than closing the hotline; an unknown schedule is open.
/// </summary>
public sealed class CalendarBusinessHours : IIvrBusinessHours
{
    private readonly BusinessCalendar _calendar;
    private readonly Dictionary<string, OpeningHours> _schedules = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public CalendarBusinessHours(BusinessCalendar calendar, IOptions<IvrScheduleOptions> options, ILogger<CalendarBusinessHours> logger)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(options);
        _calendar = calendar;
        _logger = logger;
        foreach (var (name, text) in options.Value.Schedules)
        {
            _schedules[name] = OpeningHours.TryParse(text, out var hours, out var error) ? hours : throw new OptionsValidationException(name, typeof(IvrScheduleOptions), [error]);
        }

        IvrServerLog.SchedulesLoaded(logger, _schedules.Count, string.Join(", ", _schedules.Keys.Order(StringComparer.Ordinal)));
    }

    public Task<bool> IsOpenAsync(string schedule, string siteCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!_schedules.TryGetValue(schedule, out var hours))
        {
            IvrServerLog.UnknownSchedule(_logger, schedule);
            return Task.FromResult(true);
        }

        if (hours.AlwaysOpen)
        {
            return Task.FromResult(true);
        }

        var local = at.ToOffset(BusinessCalendar.ChinaOffset);
        var date = DateOnly.FromDateTime(local.DateTime);
        bool workingDay;
        try
        {
            workingDay = _calendar.IsWorkingDay(date);
        }
        catch (CalendarRangeException)
        {
            IvrServerLog.CalendarOutOfRange(_logger, date, schedule);
            workingDay = date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        }

        return Task.FromResult(hours.IsOpen(workingDay, local.TimeOfDay));
    }
}
