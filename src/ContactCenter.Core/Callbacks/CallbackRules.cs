using ContactCenter.Core.Calendar;

namespace ContactCenter.Core.Callbacks;

/// <summary>How a campaign's tasks reach a seat (外呼模式).</summary>
public enum DialingMode
{
    /// <summary>预览式: the seat sees the task first and presses dial.</summary>
    Preview,

    /// <summary>渐进式: the dialer calls as soon as a seat assigned to the campaign is free, one call per free seat.</summary>
    Progressive,
}

/// <summary>
/// When to try again after each kind of failed attempt. A null delay means "do not retry": the task fails.
/// "Call me later" (<see cref="CallbackResult.CallLater"/>) uses the time the customer asked for, or
/// <see cref="CallLaterDefault"/> when they gave none.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The defaults: no answer after 2 h, busy after 15 min, unreachable/congestion after 30 min, wrong number never, call-later 1 h.</summary>
    public static readonly RetryPolicy Default = new(TimeSpan.FromHours(2), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), null, TimeSpan.FromHours(1));

    public RetryPolicy(TimeSpan? noAnswer, TimeSpan? busy, TimeSpan? unreachable, TimeSpan? wrongNumber, TimeSpan callLaterDefault)
    {
        NoAnswer = NonNegative(noAnswer, "no-answer");
        Busy = NonNegative(busy, "busy");
        Unreachable = NonNegative(unreachable, "unreachable");
        WrongNumber = NonNegative(wrongNumber, "wrong-number");
        CallLaterDefault = NonNegative(callLaterDefault, "call-later") ?? TimeSpan.Zero;
    }

    public TimeSpan? NoAnswer { get; }

    public TimeSpan? Busy { get; }

    /// <summary>Congestion, a failed originate or a trunk that refused the call.</summary>
    public TimeSpan? Unreachable { get; }

    /// <summary>Usually null (a wrong number is final); some campaigns re-check the number once.</summary>
    public TimeSpan? WrongNumber { get; }

    public TimeSpan CallLaterDefault { get; }

    /// <summary>The retry delay for <paramref name="result"/>, or null when that result ends the task.</summary>
    public TimeSpan? DelayFor(CallbackResult result) => result switch
    {
        CallbackResult.NoAnswer => NoAnswer,
        CallbackResult.Busy => Busy,
        CallbackResult.Unreachable => Unreachable,
        CallbackResult.WrongNumber => WrongNumber,
        CallbackResult.CallLater => CallLaterDefault,
        _ => null,
    };

    private static TimeSpan? NonNegative(TimeSpan? value, string name) =>
        value is { } v && v < TimeSpan.Zero
            ? throw new DomainValidationException($"the {name} retry delay must be 0 or more, not {v}")
            : value;
}

/// <summary>
/// When a campaign may call: inside its calling window in the customer's local time, on working days of the
/// business calendar only, and never after the task's deadline. A date the calendar has no data for is not a
/// calling day (the calendar refuses to guess, so the dialer does not call on a guess either).
/// </summary>
public static class CallingSchedule
{
    /// <summary>How far ahead <see cref="NextCallTime"/> looks for an open window (long holidays included).</summary>
    public static readonly int MaxDaysAhead = 60;

    /// <summary>Whether a call may start at <paramref name="now"/>.</summary>
    public static bool CanCallAt(DateTimeOffset now, CallingWindow window, TimeZoneInfo zone, BusinessCalendar? calendar, DateTimeOffset? deadline)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(zone);
        if (deadline is { } d && now > d)
        {
            return false;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        return window.Contains(TimeOnly.FromTimeSpan(local.TimeOfDay)) && IsCallingDay(DateOnly.FromDateTime(local.DateTime), calendar);
    }

    /// <summary>
    /// The first instant at or after <paramref name="earliest"/> inside the window on a calling day, or null
    /// when there is none before <paramref name="deadline"/> (or within <see cref="MaxDaysAhead"/> days).
    /// </summary>
    public static DateTimeOffset? NextCallTime(DateTimeOffset earliest, CallingWindow window, TimeZoneInfo zone, BusinessCalendar? calendar, DateTimeOffset? deadline)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(zone);
        var candidate = window.NextOpening(earliest, zone);
        for (var day = 0; day <= MaxDaysAhead; day++)
        {
            if (deadline is { } d && candidate > d)
            {
                return null;
            }

            var local = TimeZoneInfo.ConvertTime(candidate, zone);
            if (IsCallingDay(DateOnly.FromDateTime(local.DateTime), calendar))
            {
                return candidate;
            }

            var nextDay = DateOnly.FromDateTime(local.DateTime).AddDays(1).ToDateTime(window.Start);
            candidate = new DateTimeOffset(nextDay, zone.GetUtcOffset(nextDay));
        }

        return null;
    }

    /// <summary>A working day of the calendar; with no calendar, Monday to Friday.</summary>
    public static bool IsCallingDay(DateOnly date, BusinessCalendar? calendar)
    {
        if (calendar is null)
        {
            return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        }

        return calendar.Covers(date) && calendar.IsWorkingDay(date);
    }

    /// <summary>The zone for an IANA or Windows id; throws <see cref="DomainValidationException"/> for an unknown one.</summary>
    public static TimeZoneInfo Zone(string timeZoneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZoneId);
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new DomainValidationException($"unknown time zone '{timeZoneId}'", e);
        }
        catch (InvalidTimeZoneException e)
        {
            throw new DomainValidationException($"unknown time zone '{timeZoneId}'", e);
        }
    }
}
