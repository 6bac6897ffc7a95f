using ContactCenter.Core.Calendar;

namespace ContactCenter.Core.Tests.Calendar;

/// <summary>The real calendar file Core ships, read from the test output folder as the server will read it.</summary>
internal static class ShippedCalendar
{
    private static readonly Lazy<BusinessCalendar> Loaded = new(() =>
        BusinessCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, BusinessCalendar.ShippedFileName))));

    public static BusinessCalendar Instance => Loaded.Value;
}
