using System.Globalization;
using System.Text;

namespace ContactCenter.Telephony.Agi;

/// <summary>
/// Builds one AGI command line. <see cref="Arg(string)"/> writes a token bare when it is safe and quotes it
/// otherwise; <see cref="Quoted"/> always quotes (<c>""</c> for an empty argument), escaping <c>"</c> and
/// <c>\</c> the way res_agi's parser reads them. CR and LF are refused; the line ends with <c>\n</c>, never
/// <c>\r\n</c>.
/// </summary>
/// <remarks>
/// Arguments carry personal data (the digits of <c>SAY DIGITS</c>, a caller's note in <c>SET VARIABLE</c>): logs and
/// exception messages name the command by <see cref="Verb"/> only, and <see cref="ToString"/> returns the verb.
/// </remarks>
public sealed class AgiCommand
{
    private readonly StringBuilder _text;

    /// <summary>Starts a command with its verb, e.g. <c>STREAM FILE</c>.</summary>
    public AgiCommand(string verb)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verb);
        RefuseNewlines(verb);
        Verb = verb;
        _text = new StringBuilder(verb);
    }

    /// <summary>The command without its arguments (<c>SAY DIGITS</c>): the only part that may be logged or put in a message.</summary>
    public string Verb { get; }

    /// <summary>The whole command line without its trailing newline, arguments included (personal data: never log it).</summary>
    public string Line => _text.ToString();

    /// <summary>Appends an argument: bare when it has no space, quote or backslash and is not empty; quoted otherwise.</summary>
    public AgiCommand Arg(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RefuseNewlines(value);
        if (value.Length == 0 || value.AsSpan().IndexOfAny(" \t\"\\") >= 0)
        {
            return Quoted(value);
        }
        _text.Append(' ').Append(value);
        return this;
    }

    /// <summary>Appends an integer argument.</summary>
    public AgiCommand Arg(long value)
    {
        _text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Appends an argument in double quotes, escaping <c>"</c> and <c>\</c>; <c>""</c> when empty.</summary>
    public AgiCommand Quoted(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RefuseNewlines(value);
        _text.Append(" \"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                _text.Append('\\');
            }
            _text.Append(c);
        }
        _text.Append('"');
        return this;
    }

    /// <summary>The <see cref="Verb"/> only, so a command interpolated into a log line or message carries no arguments.</summary>
    public override string ToString() => Verb;

    /// <summary>The bytes sent: the line in UTF-8 plus <c>\n</c>.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[MaxByteCount];
        return bytes.AsSpan(0, WriteTo(bytes)).ToArray();
    }

    /// <summary>An upper bound of the bytes <see cref="WriteTo"/> writes.</summary>
    internal int MaxByteCount => Encoding.UTF8.GetMaxByteCount(_text.Length) + 1;

    /// <summary>Encodes the line and its <c>\n</c> into <paramref name="destination"/> (at least <see cref="MaxByteCount"/> long) without allocating; returns the length.</summary>
    internal int WriteTo(Span<byte> destination)
    {
        var written = 0;
        foreach (var chunk in _text.GetChunks())
        {
            if (chunk.Length > 0 && char.IsHighSurrogate(chunk.Span[^1]))
            {
                // A surrogate pair split across two chunks: encode the line in one piece instead.
                written = Encoding.UTF8.GetBytes(_text.ToString(), destination);
                break;
            }
            written += Encoding.UTF8.GetBytes(chunk.Span, destination[written..]);
        }
        destination[written++] = (byte)'\n';
        return written;
    }

    private static void RefuseNewlines(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An AGI command or argument must not contain CR or LF.", nameof(value));
        }
    }
}
