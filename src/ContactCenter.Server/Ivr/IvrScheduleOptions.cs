using System.Globalization;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Ivr;

/// <summary>
/// Opening hours of the IVR's <c>hours</c> nodes, one per schedule name (section <c>Ivr:Schedules</c>), in China
/// time (Asia/Shanghai, UTC+8, no daylight saving). Each value is one of:
/// <list type="bullet">
/// <item><c>24x7</c> (or <c>7x24</c>): always open.</item>
/// <item><c>HH:mm-HH:mm</c>: working days of the business calendar (Monday to Friday and 调休 working days, not holidays).</item>
/// <item><c>daily HH:mm-HH:mm</c>: every day, holidays included. <c>workdays HH:mm-HH:mm</c> says the default out loud.</item>
/// </list>
/// Several ranges are separated by commas (<c>08:00-12:00, 13:00-20:00</c>); a range ends after its start, and
/// <c>24:00</c> means midnight at the end of the day. Default: <c>hotline</c> = <c>daily 08:00-20:00</c> (what the
/// shipped hotline's closed prompt tells callers). Checked at start-up by <see cref="IvrScheduleOptionsValidator"/>.
/// A flow naming a schedule that is not configured is treated as open (and logged).
/// </summary>
public sealed class IvrScheduleOptions
{
    /// <summary>The configuration section (the <c>Schedules</c> key of the <c>Ivr</c> section).</summary>
    public const string Section = "Ivr";

    /// <summary>Schedule name → opening hours.</summary>
    public Dictionary<string, string> Schedules { get; } = new(StringComparer.Ordinal) { ["hotline"] = "daily 08:00-20:00" };
}

/// <summary>Checks every <see cref="IvrScheduleOptions.Schedules"/> value at start-up.</summary>
public sealed class IvrScheduleOptionsValidator : IValidateOptions<IvrScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, IvrScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (schedule, hours) in options.Schedules)
        {
            if (!OpeningHours.TryParse(hours, out _, out var error))
            {
                errors.Add($"Ivr:Schedules:{schedule}: {error}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>One parsed schedule: always open, or time ranges on working days or on every day.</summary>
public sealed record OpeningHours(bool AlwaysOpen, bool WorkingDaysOnly, IReadOnlyList<(TimeSpan From, TimeSpan To)> Ranges)
{
    private const string Format = "use 24x7, HH:mm-HH:mm (working days), daily HH:mm-HH:mm or workdays HH:mm-HH:mm; several ranges separated by commas";

    /// <summary>Whether the schedule is open at <paramref name="timeOfDay"/> on a day that <paramref name="isWorkingDay"/> or not.</summary>
    public bool IsOpen(bool isWorkingDay, TimeSpan timeOfDay) =>
        AlwaysOpen || ((isWorkingDay || !WorkingDaysOnly) && Ranges.Any(r => timeOfDay >= r.From && timeOfDay < r.To));

    public static bool TryParse(string? text, out OpeningHours hours, out string error)
    {
        hours = new OpeningHours(true, false, []);
        error = string.Empty;
        var value = text?.Trim() ?? string.Empty;
        if (value.Equals("24x7", StringComparison.OrdinalIgnoreCase) || value.Equals("7x24", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var workingDaysOnly = true;
        foreach (var (word, onlyWorkingDays) in new[] { ("daily ", false), ("workdays ", true) })
        {
            if (value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                workingDaysOnly = onlyWorkingDays;
                value = value[word.Length..];
            }
        }

        var ranges = new List<(TimeSpan, TimeSpan)>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || ParseTime(ends[0]) is not { } from || ParseTime(ends[1]) is not { } to)
            {
                error = $"'{text}' is not opening hours ({Format}).";
                return false;
            }

            if (to <= from)
            {
                error = $"'{part}' ends before it starts (split a range over midnight in two: 20:00-24:00, 00:00-08:00).";
                return false;
            }

            ranges.Add((from, to));
        }

        hours = new OpeningHours(false, workingDaysOnly, ranges);
        return true;
    }

    private static TimeSpan? ParseTime(string text)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToTimeSpan() : null;
    }
}
