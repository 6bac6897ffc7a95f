using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContactCenter.Server.Tests.Ivr;

/// <summary>
/// Asterisk's end of one FastAGI call with a caller on the keypad (the wire as Asterisk 22 speaks it, after the
/// Telephony tests' <c>CallerPeer</c>): it sends the AGI environment, answers each command, and presses the next key
/// when a prompt takes keys (STREAM FILE / SAY DIGITS with escape digits, WAIT FOR DIGIT) or types the next digits
/// at GET DATA. <see cref="HangUp"/> as the next input makes the caller hang up there: -1, then <c>HANGUP</c>, then
/// 511 for media commands while GET/SET VARIABLE still work, as on a dead channel.
/// </summary>
internal sealed class AgiCaller
{
    public const string HangUp = "hang-up";

    private readonly Queue<string> _inputs;
    private readonly Dictionary<string, string> _channel;
    private bool _dead;

    /// <param name="script">The script path with its query, as in <c>agi://host:4573/satisfaction-survey?callid=…</c>.</param>
    /// <param name="inputs">What the caller keys, in order: one key (<c>"1"</c>), digits for GET DATA (<c>"300125"</c>), or <see cref="HangUp"/>.</param>
    public AgiCaller(string script, string uniqueId, string callerNumber, IReadOnlyDictionary<string, string> channel, params string[] inputs)
    {
        Script = script;
        UniqueId = uniqueId;
        CallerNumber = callerNumber;
        _channel = new Dictionary<string, string>(channel, StringComparer.Ordinal);
        _inputs = new Queue<string>(inputs);
    }

    public string Script { get; }

    public string UniqueId { get; }

    public string CallerNumber { get; }

    /// <summary>Every command the server sent.</summary>
    public List<string> Commands { get; } = [];

    /// <summary>Channel variables the server set.</summary>
    public Dictionary<string, string> Set { get; } = new(StringComparer.Ordinal);

    /// <summary>Inputs the flow never asked for (a test that expects all of them used checks this is 0).</summary>
    public int UnusedInputs => _inputs.Count;

    /// <summary>Runs the call until the server closes the connection.</summary>
    public async Task RunAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server, cancellationToken);
        var stream = client.GetStream();
        await WriteAsync(stream, Environment(), cancellationToken);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
        var hangupSent = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            Commands.Add(line);
            var reply = Answer(line);
            // As recorded in S10: the flow's own HANGUP gets "200 result=1" with no notice before it.
            if (_dead && !hangupSent && !line.StartsWith("HANGUP", StringComparison.Ordinal))
            {
                hangupSent = true;
                await WriteAsync(stream, "HANGUP\n", cancellationToken);
            }

            await WriteAsync(stream, reply + "\n", cancellationToken);
        }

        try
        {
            await WriteAsync(stream, "HANGUP\n", cancellationToken);
        }
        catch (IOException)
        {
            // The server already closed both directions.
        }
    }

    private string Answer(string line)
    {
        var (verb, args) = Split(line);
        switch (verb)
        {
            case "SET VARIABLE":
                _channel[args[0]] = Set[args[0]] = args.Count > 1 ? args[1] : string.Empty;
                return "200 result=1";
            case "GET VARIABLE":
                return _channel.TryGetValue(args[0], out var value) ? $"200 result=1 ({value})" : "200 result=0";
        }

        if (_dead)
        {
            return "511 Command Not Permitted on a dead channel or intercept routine";
        }

        var next = _inputs.TryPeek(out var input) ? input : null;
        switch (verb)
        {
            case "CHANNEL STATUS":
                return "200 result=6";
            case "ANSWER":
                return "200 result=0";
            case "HANGUP":
                _dead = true;
                return "200 result=1";
            case "STREAM FILE" or "SAY DIGITS":
                if (next == HangUp)
                {
                    _inputs.Dequeue();
                    _dead = true;
                    return "200 result=-1 endpos=1200";
                }

                if (next is { Length: 1 } key && args.Count > 1 && args[1].Contains(key[0], StringComparison.Ordinal))
                {
                    _inputs.Dequeue();
                    return $"200 result={(int)key[0]} endpos=1200";
                }

                return verb == "SAY DIGITS" ? "200 result=0" : "200 result=0 endpos=8000";
            case "WAIT FOR DIGIT":
            case "GET DATA":
                if (next is null)
                {
                    return verb == "GET DATA" ? "200 result= (timeout)" : "200 result=0";
                }

                _inputs.Dequeue();
                if (next == HangUp)
                {
                    _dead = true;
                    return "200 result=-1";
                }

                return verb == "GET DATA" ? "200 result=" + next : $"200 result={(int)next[0]}";
            default:
                return "510 Invalid or unknown command";
        }
    }

    private static (string Verb, List<string> Args) Split(string line)
    {
        string[] verbs = ["SET VARIABLE", "GET VARIABLE", "CHANNEL STATUS", "STREAM FILE", "SAY DIGITS", "WAIT FOR DIGIT", "GET DATA"];
        var verb = verbs.FirstOrDefault(v => line == v || line.StartsWith(v + " ", StringComparison.Ordinal)) ?? line.Split(' ')[0];
        var args = new List<string>();
        var rest = line[verb.Length..].Trim();
        var i = 0;
        while (i < rest.Length)
        {
            if (rest[i] == ' ')
            {
                i++;
                continue;
            }

            var token = new StringBuilder();
            if (rest[i] == '"')
            {
                for (i++; i < rest.Length && rest[i] != '"'; i++)
                {
                    if (rest[i] == '\\' && i + 1 < rest.Length)
                    {
                        i++;
                    }

                    token.Append(rest[i]);
                }

                i++;
            }
            else
            {
                for (; i < rest.Length && rest[i] != ' '; i++)
                {
                    token.Append(rest[i]);
                }
            }

            args.Add(token.ToString());
        }

        return (verb, args);
    }

    private string Environment() =>
        $"""
        agi_network: yes
        agi_network_script: {Script}
        agi_request: agi://127.0.0.1:4573/{Script}
        agi_channel: PJSIP/trunk-00000001
        agi_language: en
        agi_type: PJSIP
        agi_uniqueid: {UniqueId}
        agi_version: 22.5.0
        agi_callerid: {CallerNumber}
        agi_calleridname: unknown
        agi_dnid: 95518
        agi_context: inbound
        agi_extension: 95518
        agi_priority: 4
        agi_accountcode: 


        """.ReplaceLineEndings("\n");

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();
}
