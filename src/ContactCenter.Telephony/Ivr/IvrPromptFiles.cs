using System.Text;

namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// Where the generated prompt of a flow lives: <c>&lt;PromptDirectory&gt;/&lt;lang&gt;/&lt;flow&gt;-&lt;prompt&gt;.wav</c> on disk,
/// and the same path without extension for Asterisk's STREAM FILE.
/// </summary>
internal sealed class IvrPromptFiles(IvrOptions options)
{
    private readonly string _local = options.PromptDirectory;
    private readonly string _asterisk = (options.AsteriskPromptDirectory ?? options.PromptDirectory).TrimEnd('/');

    /// <summary>The file name (no folder) of a generated prompt, without extension.</summary>
    public static string BaseName(string flow, string prompt) => $"{flow}-{prompt}";

    /// <summary>The path Asterisk plays, or null when the file is not there.</summary>
    public string? Resolve(string flow, string prompt, string language)
    {
        var name = BaseName(flow, prompt);
        return File.Exists(Path.Combine(_local, language, name + ".wav")) ? $"{_asterisk}/{language}/{name}" : null;
    }

    /// <summary>The digits of a prompt's text, in order (what the core-sound fallback reads out).</summary>
    public static string DigitsOf(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }
        var digits = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is >= '０' and <= '９')
            {
                digits.Append((char)('0' + (c - '０')));
            }
        }
        return digits.ToString();
    }
}
