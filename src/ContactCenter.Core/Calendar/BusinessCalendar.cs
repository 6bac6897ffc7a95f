using System.Globalization;
using System.Text.Json;

namespace ContactCenter.Core.Calendar;

/// <summary>What a date is in the business calendar.</summary>
public enum CalendarDayKind
{
    /// <summary>Monday to Friday, no override.</summary>
    Weekday,

    /// <summary>Saturday or Sunday, no override.</summary>
    Weekend,

    /// <summary>A public holiday (including the weekdays moved into it).</summary>
    Holiday,

    /// <summary>A Saturday or Sunday worked in exchange (调休上班).</summary>
    AdjustedWorkingDay,
}

/// <summary>
/// The business calendar (DOMAIN §2 "Working days"): Monday to Friday, plus a per-date override table of
/// holidays and adjusted working days (调休) for the years the data covers. Dates are China dates (UTC+8,
/// no daylight saving): <see cref="DateOf"/> turns an instant into one.
/// <para>
/// Working-day questions about a date outside <see cref="FirstYear"/>..<see cref="LastYear"/> throw
/// <see cref="CalendarRangeException"/>: the calendar never guesses a year whose notice it has not got.
/// Calendar-day arithmetic (<see cref="AddCalendarDays"/>) needs no data and works for any date.
/// </para>
/// The data is a JSON document (the shipped file is <c>calendar/china-working-days.json</c> next to the
/// binaries, see <see cref="ShippedFileName"/>); the format is
/// <c>{"years":[{"year":2025,"source":"...","holidays":[{"name":"春节","from":"2025-01-28","to":"2025-02-04"}],
/// "workingDays":[{"date":"2025-01-26","for":"春节"}]}]}</c>.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>Where the shipped file lands, relative to the application's base directory.</summary>
    public const string ShippedFileName = "calendar/china-working-days.json";

    /// <summary>China Standard Time; China has had no daylight saving since 1991.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private readonly Dictionary<DateOnly, (CalendarDayKind Kind, string Name)> _overrides;

    private BusinessCalendar(int firstYear, int lastYear, Dictionary<DateOnly, (CalendarDayKind, string)> overrides)
    {
        FirstYear = firstYear;
        LastYear = lastYear;
        _overrides = overrides;
    }

    /// <summary>The first year the data covers.</summary>
    public int FirstYear { get; }

    /// <summary>The last year the data covers; asking about a later date is an error.</summary>
    public int LastYear { get; }

    /// <summary>The China date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaOffset).DateTime);

    /// <summary>Calendar days: no holiday data involved, valid for any date.</summary>
    public static DateOnly AddCalendarDays(DateOnly start, int days) => start.AddDays(days);

    /// <summary>Parses the calendar from JSON text; throws <see cref="CalendarDataException"/> if malformed.</summary>
    public static BusinessCalendar Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromDocument(document);
        }
        catch (JsonException ex)
        {
            throw new CalendarDataException($"business calendar data is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads and parses the calendar from a stream the caller opened (Core does no file I/O).</summary>
    public static async Task<BusinessCalendar> LoadAsync(Stream json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = await JsonDocument.ParseAsync(json, default, cancellationToken);
            return FromDocument(document);
        }
        catch (JsonException ex)
        {
            throw new CalendarDataException($"business calendar data is not valid JSON: {ex.Message}", ex);
        }
    }

    public CalendarDayKind KindOf(DateOnly date)
    {
        EnsureCovered(date);
        if (_overrides.TryGetValue(date, out var entry))
        {
            return entry.Kind;
        }

        return date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? CalendarDayKind.Weekend : CalendarDayKind.Weekday;
    }

    /// <summary>The holiday a date belongs to, or the holiday an adjusted working day makes up for; else null.</summary>
    public string? OverrideName(DateOnly date)
    {
        EnsureCovered(date);
        return _overrides.TryGetValue(date, out var entry) ? entry.Name : null;
    }

    public bool IsWorkingDay(DateOnly date) =>
        KindOf(date) is CalendarDayKind.Weekday or CalendarDayKind.AdjustedWorkingDay;

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>; the start day itself is
    /// not counted, whatever it is ("within 5 working days of receipt" = <c>AddWorkingDays(receipt, 5)</c>).
    /// Zero returns <paramref name="start"/>.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        if (workingDays < 0)
        {
            throw new DomainValidationException($"working days to add must not be negative (got {workingDays})");
        }

        EnsureCovered(start);
        var date = start;
        var left = workingDays;
        while (left > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                left--;
            }
        }

        return date;
    }

    /// <summary>
    /// Working days after <paramref name="from"/> up to and including <paramref name="to"/> (the inverse of
    /// <see cref="AddWorkingDays"/>): 0 when they are equal, negative when <paramref name="to"/> is earlier.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        EnsureCovered(from);
        EnsureCovered(to);
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether the data covers <paramref name="date"/>.</summary>
    public bool Covers(DateOnly date) => date.Year >= FirstYear && date.Year <= LastYear;

    private void EnsureCovered(DateOnly date)
    {
        if (!Covers(date))
        {
            throw new CalendarRangeException(date, FirstYear, LastYear);
        }
    }

    private static BusinessCalendar FromDocument(JsonDocument document)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("years", out var years) || years.ValueKind != JsonValueKind.Array)
        {
            throw new CalendarDataException("business calendar data needs a \"years\" array");
        }

        var overrides = new Dictionary<DateOnly, (CalendarDayKind, string)>();
        var seenYears = new SortedSet<int>();
        foreach (var entry in years.EnumerateArray())
        {
            var year = RequiredInt(entry, "year");
            if (year is < 1949 or > 9998 || !seenYears.Add(year))
            {
                throw new CalendarDataException($"business calendar year {year} is out of range or listed twice");
            }

            foreach (var holiday in Array(entry, "holidays", year))
            {
                var name = RequiredString(holiday, "name", year);
                var from = RequiredDate(holiday, "from", year);
                var to = RequiredDate(holiday, "to", year);
                if (to < from)
                {
                    throw new CalendarDataException($"business calendar {year}: holiday {name} ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
                }

                for (var date = from; date <= to; date = date.AddDays(1))
                {
                    Add(overrides, year, date, CalendarDayKind.Holiday, name);
                }
            }

            foreach (var working in Array(entry, "workingDays", year))
            {
                var date = RequiredDate(working, "date", year);
                if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    throw new CalendarDataException(
                        $"business calendar {year}: adjusted working day {date:yyyy-MM-dd} is a {date.DayOfWeek}, not a weekend day");
                }

                Add(overrides, year, date, CalendarDayKind.AdjustedWorkingDay, RequiredString(working, "for", year));
            }
        }

        if (seenYears.Count == 0)
        {
            throw new CalendarDataException("business calendar data lists no year");
        }

        var first = seenYears.Min;
        var last = seenYears.Max;
        if (last - first + 1 != seenYears.Count)
        {
            throw new CalendarDataException($"business calendar years must be contiguous (got {string.Join(", ", seenYears)})");
        }

        foreach (var date in overrides.Keys)
        {
            if (date.Year < first || date.Year > last)
            {
                throw new CalendarDataException($"business calendar date {date:yyyy-MM-dd} lies outside the years covered ({first}-{last})");
            }
        }

        return new BusinessCalendar(first, last, overrides);
    }

    private static void Add(Dictionary<DateOnly, (CalendarDayKind, string)> overrides, int year, DateOnly date, CalendarDayKind kind, string name)
    {
        if (!overrides.TryAdd(date, (kind, name)))
        {
            throw new CalendarDataException($"business calendar {year}: {date:yyyy-MM-dd} is listed twice");
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement entry, string name, int year) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new CalendarDataException($"business calendar {year}: \"{name}\" must be an array");

    private static int RequiredInt(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.TryGetInt32(out var number)
            ? number
            : throw new CalendarDataException($"business calendar entry needs a whole-number \"{name}\"");

    private static string RequiredString(JsonElement entry, string name, int year) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new CalendarDataException($"business calendar {year}: an entry needs a \"{name}\" text");

    private static DateOnly RequiredDate(JsonElement entry, string name, int year)
    {
        var text = RequiredString(entry, name, year);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CalendarDataException($"business calendar {year}: \"{name}\" '{text}' is not a yyyy-MM-dd date");
    }
}

/// <summary>A working-day question about a date the calendar data does not cover.</summary>
public sealed class CalendarRangeException : DomainException
{
    public CalendarRangeException(DateOnly date, int firstYear, int lastYear)
        : base($"the business calendar covers {firstYear}-{lastYear} only; {date:yyyy-MM-dd} is outside it "
            + $"(the last year covered is {lastYear}; add the State Council notice for {date.Year} to the calendar data)")
    {
        Date = date;
        FirstYear = firstYear;
        LastYear = lastYear;
    }

    public DateOnly Date { get; }

    public int FirstYear { get; }

    public int LastYear { get; }
}

/// <summary>The calendar data is malformed (bad JSON, a missing field, an adjusted working day on a weekday, ...).</summary>
public sealed class CalendarDataException : DomainException
{
    public CalendarDataException(string message)
        : base(message)
    {
    }

    public CalendarDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
