using System.Text;
using ContactCenter.Core.Calendar;

namespace ContactCenter.Core.Tests.Calendar;

public class BusinessCalendarTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static BusinessCalendar Shipped => ShippedCalendar.Instance;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Test]
    public void The_shipped_file_covers_2024_to_2026()
    {
        Assert.That((Shipped.FirstYear, Shipped.LastYear), Is.EqualTo((2024, 2026)));
    }

    // 2024 (国办发明电〔2023〕7号), 2025 and 2026 notices: holidays and the weekend days worked in exchange.
    [TestCase(2024, 2, 4, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2024, 2, 9, CalendarDayKind.Weekday)]
    [TestCase(2024, 2, 10, CalendarDayKind.Holiday)]
    [TestCase(2024, 2, 17, CalendarDayKind.Holiday)]
    [TestCase(2024, 2, 18, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2024, 9, 29, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2024, 10, 7, CalendarDayKind.Holiday)]
    [TestCase(2024, 10, 8, CalendarDayKind.Weekday)]
    [TestCase(2024, 10, 12, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2025, 1, 26, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2025, 1, 27, CalendarDayKind.Weekday)]
    [TestCase(2025, 1, 28, CalendarDayKind.Holiday)]
    [TestCase(2025, 2, 4, CalendarDayKind.Holiday)]
    [TestCase(2025, 2, 5, CalendarDayKind.Weekday)]
    [TestCase(2025, 2, 8, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2025, 2, 9, CalendarDayKind.Weekend)]
    [TestCase(2025, 4, 27, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2025, 5, 5, CalendarDayKind.Holiday)]
    [TestCase(2025, 9, 28, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2025, 10, 1, CalendarDayKind.Holiday)]
    [TestCase(2025, 10, 8, CalendarDayKind.Holiday)]
    [TestCase(2025, 10, 9, CalendarDayKind.Weekday)]
    [TestCase(2025, 10, 11, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2025, 10, 12, CalendarDayKind.Weekend)]
    [TestCase(2026, 1, 2, CalendarDayKind.Holiday)]
    [TestCase(2026, 1, 4, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2026, 2, 14, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2026, 2, 15, CalendarDayKind.Holiday)]
    [TestCase(2026, 2, 23, CalendarDayKind.Holiday)]
    [TestCase(2026, 2, 24, CalendarDayKind.Weekday)]
    [TestCase(2026, 2, 28, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2026, 9, 20, CalendarDayKind.AdjustedWorkingDay)]
    [TestCase(2026, 9, 25, CalendarDayKind.Holiday)]
    [TestCase(2026, 10, 7, CalendarDayKind.Holiday)]
    [TestCase(2026, 10, 8, CalendarDayKind.Weekday)]
    [TestCase(2026, 10, 10, CalendarDayKind.AdjustedWorkingDay)]
    public void The_shipped_dates_follow_the_state_council_notices(int year, int month, int day, CalendarDayKind expected)
    {
        Assert.That(Shipped.KindOf(D(year, month, day)), Is.EqualTo(expected));
    }

    [Test]
    public void A_holiday_and_its_make_up_day_are_named()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Shipped.OverrideName(D(2025, 1, 30)), Is.EqualTo("春节"));
            Assert.That(Shipped.OverrideName(D(2025, 9, 28)), Is.EqualTo("国庆节、中秋节"));
            Assert.That(Shipped.OverrideName(D(2025, 3, 3)), Is.Null);
        });
    }

    [Test]
    public void Each_year_has_the_number_of_working_days_its_notice_implies()
    {
        // Weekdays minus holiday weekdays plus adjusted weekend days, counted by hand from the notices:
        // 2024: 262 - 19 + 8; 2025: 261 - 18 + 5; 2026: 261 - 19 + 6. 1 January is a holiday each year, so
        // counting "after 1 January" loses nothing.
        Assert.Multiple(() =>
        {
            Assert.That(Shipped.WorkingDaysBetween(D(2024, 1, 1), D(2024, 12, 31)), Is.EqualTo(251));
            Assert.That(Shipped.WorkingDaysBetween(D(2025, 1, 1), D(2025, 12, 31)), Is.EqualTo(248));
            Assert.That(Shipped.WorkingDaysBetween(D(2026, 1, 1), D(2026, 12, 31)), Is.EqualTo(248));
        });
    }

    [Test]
    public void Five_working_days_across_the_2025_spring_festival_skip_the_whole_holiday()
    {
        // Received Fri 24 Jan: Sun 26 (adjusted), Mon 27, then 28 Jan - 4 Feb off, Wed 5, Thu 6, Fri 7.
        Assert.Multiple(() =>
        {
            Assert.That(Shipped.AddWorkingDays(D(2025, 1, 24), 5), Is.EqualTo(D(2025, 2, 7)));
            Assert.That(Shipped.AddWorkingDays(D(2025, 1, 24), 6), Is.EqualTo(D(2025, 2, 8)), "Sat 8 Feb is worked");
            Assert.That(Shipped.AddWorkingDays(D(2025, 1, 24), 7), Is.EqualTo(D(2025, 2, 10)));
            Assert.That(Shipped.WorkingDaysBetween(D(2025, 1, 24), D(2025, 2, 8)), Is.EqualTo(6));
        });
    }

    [Test]
    public void Ten_working_days_across_the_2025_national_day()
    {
        // Received Thu 25 Sep: 26, Sun 28 (adjusted), 29, 30, then 1-8 Oct off, Thu 9, Fri 10, Sat 11 (adjusted), 13, 14, 15.
        Assert.Multiple(() =>
        {
            Assert.That(Shipped.AddWorkingDays(D(2025, 9, 25), 10), Is.EqualTo(D(2025, 10, 15)));
            Assert.That(Shipped.WorkingDaysBetween(D(2025, 9, 25), D(2025, 10, 15)), Is.EqualTo(10));
            Assert.That(Shipped.WorkingDaysBetween(D(2025, 10, 15), D(2025, 9, 25)), Is.EqualTo(-10));
        });
    }

    [Test]
    public void Working_days_across_the_2024_and_2026_spring_festivals()
    {
        Assert.Multiple(() =>
        {
            // 2024: Thu 8 Feb, Fri 9, then 10-17 off, Sun 18 worked.
            Assert.That(Shipped.AddWorkingDays(D(2024, 2, 7), 3), Is.EqualTo(D(2024, 2, 18)));

            // 2026: Fri 13 Feb, Sat 14 worked, 15-23 off, Tue 24.
            Assert.That(Shipped.AddWorkingDays(D(2026, 2, 12), 3), Is.EqualTo(D(2026, 2, 24)));
        });
    }

    [Test]
    public void Working_days_run_across_the_turn_of_a_covered_year()
    {
        // Tue 30 Dec 2025, Wed 31, 1-3 Jan 2026 off, Sun 4 Jan worked.
        Assert.That(Shipped.AddWorkingDays(D(2025, 12, 29), 3), Is.EqualTo(D(2026, 1, 4)));
    }

    [Test]
    public void Asking_beyond_the_last_year_is_an_error_naming_that_year()
    {
        var ex = Assert.Throws<CalendarRangeException>(() => Shipped.IsWorkingDay(D(2027, 1, 4)));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.LastYear, Is.EqualTo(2026));
            Assert.That(ex.Message, Does.Contain("last year covered is 2026"));
            Assert.That(() => Shipped.AddWorkingDays(D(2026, 12, 28), 5), Throws.TypeOf<CalendarRangeException>());
            Assert.That(() => Shipped.WorkingDaysBetween(D(2023, 12, 1), D(2024, 1, 5)), Throws.TypeOf<CalendarRangeException>());
        });
    }

    [Test]
    public void Calendar_days_need_no_data()
    {
        Assert.That(BusinessCalendar.AddCalendarDays(D(2030, 12, 20), 15), Is.EqualTo(D(2031, 1, 4)));
    }

    [Test]
    public void The_date_of_an_instant_is_its_china_date()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BusinessCalendar.DateOf(new DateTimeOffset(2025, 1, 27, 16, 30, 0, TimeSpan.Zero)), Is.EqualTo(D(2025, 1, 28)));
            Assert.That(BusinessCalendar.DateOf(new DateTimeOffset(2025, 1, 27, 15, 59, 0, TimeSpan.Zero)), Is.EqualTo(D(2025, 1, 27)));
        });
    }

    [Test]
    public async Task The_calendar_loads_from_a_stream()
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"years":[{"year":2030,"holidays":[{"name":"元旦","from":"2030-01-01","to":"2030-01-01"}],"workingDays":[]}]}"""));

        var calendar = await BusinessCalendar.LoadAsync(stream, CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(calendar.IsWorkingDay(D(2030, 1, 1)), Is.False);
            Assert.That(calendar.IsWorkingDay(D(2030, 1, 2)), Is.True);
            Assert.That((calendar.FirstYear, calendar.LastYear), Is.EqualTo((2030, 2030)));
        });
    }

    [TestCase("not json", "not valid JSON")]
    [TestCase("""{"years":[]}""", "lists no year")]
    [TestCase("""{"years":[{"year":2030,"holidays":[],"workingDays":[{"date":"2030-01-02","for":"x"}]}]}""", "not a weekend day")]
    [TestCase("""{"years":[{"year":2030,"holidays":[{"name":"a","from":"2030-01-01","to":"2030-01-01"}],"workingDays":[]},{"year":2032,"holidays":[],"workingDays":[]}]}""", "contiguous")]
    [TestCase("""{"years":[{"year":2030,"holidays":[{"name":"a","from":"2030-01-05","to":"2030-01-01"}],"workingDays":[]}]}""", "before it starts")]
    [TestCase("""{"years":[{"year":2030,"holidays":[{"name":"a","from":"2031-01-01","to":"2031-01-01"}],"workingDays":[]}]}""", "outside the years covered")]
    [TestCase("""{"years":[{"year":2030,"holidays":[{"name":"a","from":"2030-1-1","to":"2030-01-01"}],"workingDays":[]}]}""", "not a yyyy-MM-dd date")]
    [TestCase("""{"years":[{"year":2030,"holidays":[{"name":"a","from":"2030-01-05","to":"2030-01-05"}],"workingDays":[{"date":"2030-01-05","for":"b"}]}]}""", "listed twice")]
    public void Malformed_calendar_data_is_refused_with_the_reason(string json, string reason)
    {
        var ex = Assert.Throws<CalendarDataException>(() => BusinessCalendar.Parse(json));

        Assert.That(ex!.Message, Does.Contain(reason));
    }
}
