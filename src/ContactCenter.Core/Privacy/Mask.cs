using System.Text;

namespace ContactCenter.Core.Privacy;

/// <summary>
/// Masks personal information for screens and exports (DOMAIN §7): phone 138****1234, ID number first 3
/// and last 4, bank card first 6 and last 4. Spaces and hyphens are dropped first. A value too short for
/// its rule shows less, never more: first only the tail (when at least 4 characters stay hidden), and a
/// very short value is masked completely. Null or blank gives "".
/// </summary>
public static class Mask
{
    private const char Star = '*';

    // Fewest characters that must stay hidden for any part of a value to be shown.
    private const int MinHidden = 4;

    public static string Phone(string? value) => Apply(value, keepStart: 3, keepEnd: 4);

    public static string IdNumber(string? value) => Apply(value, keepStart: 3, keepEnd: 4);

    public static string BankCard(string? value) => Apply(value, keepStart: 6, keepEnd: 4);

    private static string Apply(string? value, int keepStart, int keepEnd)
    {
        var clean = Clean(value);
        var length = clean.Length;
        if (length == 0)
        {
            return string.Empty;
        }

        if (length - keepStart - keepEnd >= MinHidden)
        {
            return string.Concat(clean.AsSpan(0, keepStart), new string(Star, length - keepStart - keepEnd), clean.AsSpan(length - keepEnd));
        }

        if (length - keepEnd >= MinHidden)
        {
            return string.Concat(new string(Star, length - keepEnd), clean.AsSpan(length - keepEnd));
        }

        return new string(Star, length);
    }

    private static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c) && c != '-')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
