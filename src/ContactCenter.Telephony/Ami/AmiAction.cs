using System.Text;

namespace ContactCenter.Telephony.Ami;

/// <summary>
/// An AMI action to send: a name and ordered headers (a key may repeat, e.g. <c>Variable</c> on Originate; add those
/// with <see cref="AddVariable"/>, which escapes the value as Asterisk parses it).
/// The client adds the ActionID. Values containing CR or LF are refused (they would inject headers), and so
/// are lines longer than Asterisk accepts.
/// </summary>
public sealed class AmiAction
{
    /// <summary>Asterisk reads at most this many bytes per line, CRLF included (manager.c, <c>inbuf</c>).</summary>
    public const int MaxLineBytes = 1024;

    /// <summary>Asterisk keeps at most this many headers per action (<c>AST_MAX_MANHEADERS</c>), Action and ActionID included.</summary>
    public const int MaxHeaders = 128;

    private static readonly System.Buffers.SearchValues<char> VariableNameForbidden = System.Buffers.SearchValues.Create("=,\"\\\r\n");

    private readonly List<KeyValuePair<string, string>> _headers = [];

    /// <summary>Creates an action called <paramref name="name"/> (e.g. <c>QueueStatus</c>).</summary>
    public AmiAction(string name)
    {
        Validate("Action", name);
        Name = name;
    }

    /// <summary>The action name.</summary>
    public string Name { get; }

    /// <summary>The headers in the order they are written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Appends a header (repeat the key to send it more than once). Returns this action.</summary>
    /// <exception cref="ArgumentException">The key or value contains CR/LF, the key contains a colon or is ActionID, or the line is too long for Asterisk.</exception>
    public AmiAction Add(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key.AsSpan().IndexOfAny(":\r\n ") >= 0)
        {
            throw new ArgumentException($"The AMI header name '{key}' must not contain ':', a space, CR or LF.", nameof(key));
        }
        if (key.Equals("ActionID", StringComparison.OrdinalIgnoreCase) || key.Equals("Action", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{key}' is written by the client; do not add it.", nameof(key));
        }
        if (_headers.Count + 2 >= MaxHeaders)
        {
            throw new ArgumentException($"Asterisk accepts at most {MaxHeaders} headers per action.", nameof(key));
        }
        Validate(key, value);
        _headers.Add(new(key, value));
        return this;
    }

    /// <summary>
    /// Appends a <c>Variable: name=value</c> header (Originate, and other actions that read channel variables) so that the
    /// value arrives exactly as given. Asterisk splits a Variable header into <c>name=value</c> items with
    /// <c>AST_STANDARD_APP_ARGS</c> (manager.c <c>man_do_variable_value</c>, app.c <c>__ast_app_separate_args</c>): an
    /// unquoted comma outside parentheses or brackets ends the value, quotes are removed, and a backslash makes the next
    /// character literal (and is removed). So every <c>\ " , ( ) [ ]</c> in the value is written with a backslash before
    /// it, one variable per header (checked against Asterisk 22.5: <c>a\,b \"q\" \(p\,q\)</c> arrives as
    /// <c>a,b "q" (p,q)</c>). Returns this action.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, has surrounding blanks or holds <c>= , " \</c> or CR/LF; the value holds CR/LF; or the line is too long.</exception>
    public AmiAction AddVariable(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.AsSpan().IndexOfAny(VariableNameForbidden) >= 0 || name.Trim().Length != name.Length)
        {
            throw new ArgumentException($"The channel variable name '{name}' must not contain '=', ',', '\"', '\\', CR, LF or surrounding blanks.", nameof(name));
        }
        var escaped = new StringBuilder(name.Length + 1 + value.Length + 8).Append(name).Append('=');
        foreach (var c in value)
        {
            if (c is '\\' or '"' or ',' or '(' or ')' or '[' or ']')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return Add("Variable", escaped.ToString());
    }

    /// <summary>The action as it goes on the wire, with <paramref name="actionId"/> as its ActionID.</summary>
    public string ToWireText(string actionId)
    {
        var builder = new StringBuilder(64 + (_headers.Count * 24));
        builder.Append("Action: ").Append(Name).Append("\r\n");
        builder.Append("ActionID: ").Append(actionId).Append("\r\n");
        foreach (var (key, value) in _headers)
        {
            builder.Append(key).Append(": ").Append(value).Append("\r\n");
        }
        return builder.Append("\r\n").ToString();
    }

    /// <summary>Returns the action as text (ActionID omitted).</summary>
    public override string ToString() => ToWireText("?");

    private static void Validate(string key, string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"The value of AMI header '{key}' contains CR or LF, which would inject headers.", nameof(value));
        }
        var lineBytes = Encoding.UTF8.GetByteCount(key) + 2 + Encoding.UTF8.GetByteCount(value) + 2;
        if (lineBytes > MaxLineBytes)
        {
            throw new ArgumentException(
                $"The AMI header '{key}' would be a {lineBytes}-byte line; Asterisk discards lines over {MaxLineBytes} bytes (CRLF included).",
                nameof(value));
        }
    }
}
