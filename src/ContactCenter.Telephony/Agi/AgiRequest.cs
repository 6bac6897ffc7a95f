namespace ContactCenter.Telephony.Agi;

/// <summary>
/// The environment block Asterisk sends when a FastAGI session starts (<c>agi_channel: …</c> lines up to a
/// blank line). Any key may be missing. The script path and query come from <c>agi_network_script</c>
/// (<c>survey?callid=…</c>); dialplan arguments from <c>agi_arg_1</c>…<c>agi_arg_N</c>, empty ones kept.
/// </summary>
public sealed class AgiRequest
{
    private readonly Dictionary<string, string> _variables;

    /// <summary>Creates the request from the environment variables (keys with the <c>agi_</c> prefix).</summary>
    public AgiRequest(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = new Dictionary<string, string>(variables, StringComparer.OrdinalIgnoreCase);
        var networkScript = this["agi_network_script"] ?? string.Empty;
        var question = networkScript.IndexOf('?', StringComparison.Ordinal);
        Script = (question < 0 ? networkScript : networkScript[..question]).Trim('/');
        Query = ParseQuery(question < 0 ? string.Empty : networkScript[(question + 1)..]);
        var arguments = new List<string>();
        for (var i = 1; _variables.TryGetValue("agi_arg_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), out var arg); i++)
        {
            arguments.Add(arg);
        }
        Arguments = arguments;
    }

    /// <summary>All environment variables, keyed case-insensitively (<c>agi_channel</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>A variable by its full name (<c>agi_uniqueid</c>) or without the prefix (<c>uniqueid</c>); null when missing.</summary>
    public string? this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            return _variables.TryGetValue(key, out var value) || _variables.TryGetValue("agi_" + key, out value) ? value : null;
        }
    }

    /// <summary>The script path without the query (<c>survey</c>, <c>ivr/main</c>).</summary>
    public string Script { get; }

    /// <summary>The query parameters of the script URL, percent-decoded (<c>callid</c>, <c>lang</c>…).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The dialplan arguments <c>agi_arg_1</c>… in order; empty arguments are kept as <c>""</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Channel name.</summary>
    public string? Channel => this["agi_channel"];

    /// <summary>Channel Uniqueid.</summary>
    public string? UniqueId => this["agi_uniqueid"];

    /// <summary>Caller number (personal data: never log it).</summary>
    public string? CallerId => this["agi_callerid"];

    /// <summary>Caller name, UTF-8 decoded (personal data: never log it).</summary>
    public string? CallerIdName => this["agi_calleridname"];

    /// <summary>Dialplan context.</summary>
    public string? Context => this["agi_context"];

    /// <summary>Dialplan extension.</summary>
    public string? Extension => this["agi_extension"];

    /// <summary>Channel language.</summary>
    public string? Language => this["agi_language"];

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            result.TryAdd(key, value);
        }
        return result;
    }
}
