namespace ContactCenter.Core;

/// <summary>Argument rules shared by the model; each failure is a <see cref="DomainValidationException"/>.</summary>
internal static class Guard
{
    public static string Required(string? value, string name, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainValidationException($"{name} is required");
        }

        var trimmed = value.Trim();
        return trimmed.Length <= maxLength
            ? trimmed
            : throw new DomainValidationException($"{name} is longer than {maxLength} characters");
    }

    public static string? Optional(string? value, string name, int maxLength = 200) =>
        string.IsNullOrWhiteSpace(value) ? null : Required(value, name, maxLength);

    public static string SiteCode(string? value, string name = "site code")
    {
        var code = Required(value, name, 32);
        foreach (var c in code)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-' || c == '_'))
            {
                throw new DomainValidationException(
                    $"{name} '{code}' may contain only lower-case letters, digits, '-' and '_'");
            }
        }

        return code;
    }

    public static void NotBefore(DateTimeOffset value, DateTimeOffset? earlier, string name, string earlierName)
    {
        if (earlier is { } e && value < e)
        {
            throw new DomainValidationException($"{name} ({value:O}) is before {earlierName} ({e:O})");
        }
    }
}
