using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace ContactCenter.Core;

/// <summary>
/// Overrides the stored text code of an enum member (default: kebab-case of the member name,
/// <c>NewPolicy</c> → <c>new-policy</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class DomainCodeAttribute(string code) : Attribute
{
    public string Code { get; } = code;
}

/// <summary>
/// The text codes under which enums are stored and sent over the wire (database columns, JSON, reports),
/// so renaming a C# member never silently changes stored data.
/// </summary>
public static class DomainCodes
{
    private static readonly ConcurrentDictionary<Type, Map> Maps = new();

    public static string ToCode<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var map = Maps.GetOrAdd(typeof(TEnum), Build);
        return map.ToCode.TryGetValue(Convert.ToInt64(value, CultureInfo.InvariantCulture), out var code)
            ? code
            : throw new DomainValidationException($"{typeof(TEnum).Name} value {value} has no code");
    }

    public static TEnum Parse<TEnum>(string code)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value)
            ? value
            : throw new DomainValidationException($"'{code}' is not a known {typeof(TEnum).Name} code");

    public static bool TryParse<TEnum>(string? code, out TEnum value)
        where TEnum : struct, Enum
    {
        var map = Maps.GetOrAdd(typeof(TEnum), Build);
        if (code is not null && map.FromCode.TryGetValue(code.Trim(), out var raw))
        {
            value = (TEnum)Enum.ToObject(typeof(TEnum), raw);
            return true;
        }

        value = default;
        return false;
    }

    private static Map Build(Type type)
    {
        var toCode = new Dictionary<long, string>();
        var fromCode = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var raw = Convert.ToInt64(field.GetValue(null), CultureInfo.InvariantCulture);
            var code = field.GetCustomAttribute<DomainCodeAttribute>()?.Code ?? Kebab(field.Name);
            toCode[raw] = code;
            fromCode[code] = raw;
        }

        return new Map(toCode, fromCode);
    }

    private static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private sealed record Map(Dictionary<long, string> ToCode, Dictionary<string, long> FromCode);
}
