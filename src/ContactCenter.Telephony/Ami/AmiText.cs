using System.Text;

namespace ContactCenter.Telephony.Ami;

/// <summary>Byte-level helpers shared by the AMI reader and messages.</summary>
internal static class AmiText
{
    /// <summary>ASCII case-insensitive comparison of UTF-8 bytes with a string, without allocating.</summary>
    public static bool KeyEquals(ReadOnlySpan<byte> bytes, string key)
    {
        if (bytes.Length != key.Length)
        {
            return false;
        }
        for (var i = 0; i < bytes.Length; i++)
        {
            int b = bytes[i];
            int c = key[i];
            if (b == c)
            {
                continue;
            }
            var lower = b | 0x20;
            if (lower != (c | 0x20) || (uint)(lower - 'a') > 'z' - 'a')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Decodes a complete value as UTF-8 (invalid sequences become U+FFFD).</summary>
    public static string Decode(ReadOnlySpan<byte> value) => value.IsEmpty ? string.Empty : Encoding.UTF8.GetString(value);
}

/// <summary>Interns event names and response statuses so classifying a message allocates nothing.</summary>
internal static class AmiNameCache
{
    private static readonly string?[] Entries = new string?[1024];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is 0 or > 64)
        {
            return AmiText.Decode(utf8);
        }
        uint hash = 2166136261;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619;
        }
        ref var slot = ref Entries[hash & (uint)(Entries.Length - 1)];
        var cached = slot;
        if (cached is not null && Matches(utf8, cached))
        {
            return cached;
        }
        var name = AmiText.Decode(utf8);
        if (Ascii.IsValid(utf8))
        {
            slot = name;
        }
        return name;
    }

    private static bool Matches(ReadOnlySpan<byte> utf8, string name)
    {
        if (utf8.Length != name.Length)
        {
            return false;
        }
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != name[i])
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>
/// The AMI fields Asterisk writes through <c>ast_escape_c</c>, and their unescaping. Asterisk escapes the
/// caller and connected-line names of every channel snapshot (<c>CallerIDName</c>, <c>ConnectedLineName</c>,
/// with any prefix such as <c>Dest</c>, <c>Spyer</c>), the values of its <c>ChanVariable: NAME=value</c> headers
/// (manager.conf <c>channelvars</c>; checked against Asterisk 22.5: a value <c>say "hi"</c> arrives as
/// <c>say \"hi\"</c>), the <c>Value</c> of <c>VarSet</c>, and <c>Subtype</c> and <c>Message</c> of
/// <c>PresenceStateChange</c>. No other field is escaped, so no other field is unescaped.
/// </summary>
public static class AmiEscaping
{
    /// <summary>True when Asterisk C-escapes <paramref name="key"/> in events called <paramref name="eventName"/>.</summary>
    public static bool IsEscaped(string eventName, string key)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(key);
        return key.EndsWith("CallerIDName", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("ConnectedLineName", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("ChanVariable", StringComparison.OrdinalIgnoreCase)
            || (eventName.Equals("VarSet", StringComparison.OrdinalIgnoreCase) && key.Equals("Value", StringComparison.OrdinalIgnoreCase))
            || (eventName.Equals("PresenceStateChange", StringComparison.OrdinalIgnoreCase)
                && (key.Equals("Subtype", StringComparison.OrdinalIgnoreCase) || key.Equals("Message", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Reverses <c>ast_escape_c</c>: <c>\a \b \f \n \r \t \v \\ \' \" \?</c>. Unknown sequences are kept as written.</summary>
    public static string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var backslash = value.IndexOf('\\', StringComparison.Ordinal);
        if (backslash < 0)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length);
        builder.Append(value, 0, backslash);
        for (var i = backslash; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 == value.Length)
            {
                builder.Append(c);
                continue;
            }
            var next = value[++i];
            builder.Append(next switch
            {
                'a' => '\a',
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'v' => '\v',
                '\\' or '\'' or '"' or '?' => next,
                _ => '\0',
            });
            if (builder[^1] == '\0')
            {
                builder.Length--;
                builder.Append('\\').Append(next);
            }
        }
        return builder.ToString();
    }
}
