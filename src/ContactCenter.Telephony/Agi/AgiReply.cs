using System.Globalization;

namespace ContactCenter.Telephony.Agi;

/// <summary>
/// A FastAGI reply: <c>200 result=… (data) endpos=…</c>, <c>510</c> (unknown command), <c>511</c> (not
/// permitted on a dead channel) or the multi-line <c>520-</c> usage block. Parsed exactly: the data in
/// parentheses is greedy (it may hold spaces, quotes, <c>|</c>, parentheses or UTF-8) and
/// <c>result= (timeout)</c> has an empty result.
/// </summary>
public sealed record AgiReply
{
    /// <summary>The status code: 200, 510, 511, 520…</summary>
    public required int Code { get; init; }

    /// <summary>The text after <c>result=</c> up to the first space (empty for <c>result= (timeout)</c>), or null when there is none.</summary>
    public string? Result { get; init; }

    /// <summary>The text inside the parentheses, or null when there are none (<c>GET VARIABLE</c> of a missing variable).</summary>
    public string? Data { get; init; }

    /// <summary>The <c>endpos=</c> sample offset (STREAM FILE), or null.</summary>
    public long? EndPosition { get; init; }

    /// <summary>The reply text after the code (for 5xx, the message; for 520, the usage lines joined by newlines).</summary>
    public required string Text { get; init; }

    /// <summary>True for code 200.</summary>
    public bool IsSuccess => Code == 200;

    /// <summary>The result as an integer, or null when it is empty or not a number.</summary>
    public int? ResultCode => int.TryParse(Result, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>True for <c>result= (timeout)</c> (GET DATA with no key pressed).</summary>
    public bool IsTimeout => Data == "timeout" && string.IsNullOrEmpty(Result);

    /// <summary>For STREAM FILE and WAIT FOR DIGIT, whose result is the ASCII code of the key: the key, or null when none (0) or on failure (-1).</summary>
    public char? Digit => ResultCode is > 0 and < 128 and var code ? (char)code : null;

    /// <summary>Parses the lines of one reply (one line, or the <c>520-</c> … <c>520 </c> block).</summary>
    public static AgiReply Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new FormatException("An AGI reply starts with a three-digit code.");
        }
        if (lines.Count > 1)
        {
            var code = ParseCode(lines[0]);
            var usage = lines.Count > 2 ? string.Join('\n', lines.Skip(1).Take(lines.Count - 2)) : lines[0][4..];
            return new AgiReply { Code = code, Text = usage };
        }
        return Parse(lines[0]);
    }

    /// <summary>Parses a one-line reply.</summary>
    public static AgiReply Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var code = ParseCode(line);
        if (line.Length > 3 && line[3] == '-')
        {
            return new AgiReply { Code = code, Text = line[4..] };
        }
        var text = line.Length > 4 ? line[4..] : string.Empty;
        if (!text.StartsWith("result=", StringComparison.Ordinal))
        {
            return new AgiReply { Code = code, Text = text };
        }
        var rest = text.AsSpan(7);
        var space = rest.IndexOf(' ');
        var result = (space < 0 ? rest : rest[..space]).ToString();
        rest = space < 0 ? default : rest[(space + 1)..];
        string? data = null;
        if (rest.StartsWith("("))
        {
            var close = rest.LastIndexOf(')');
            if (close > 0)
            {
                data = rest[1..close].ToString();
                rest = rest[(close + 1)..].TrimStart();
            }
        }
        long? endPosition = null;
        const string EndPos = "endpos=";
        var endPos = rest.IndexOf(EndPos, StringComparison.Ordinal);
        if (endPos >= 0 && long.TryParse(rest[(endPos + EndPos.Length)..].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position))
        {
            endPosition = position;
        }
        return new AgiReply { Code = code, Result = result, Data = data, EndPosition = endPosition, Text = text };
    }

    private static int ParseCode(string line)
    {
        return line.Length >= 3 && int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new FormatException("An AGI reply starts with a three-digit code.");
    }
}
