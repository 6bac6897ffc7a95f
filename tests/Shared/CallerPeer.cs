using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContactCenter.Testing;

/// <summary>What the simulated caller does at the next input point.</summary>
public abstract record CallerAction
{
    public static CallerAction Key(char key) => new KeyPress(key);

    public static CallerAction Digits(string digits) => new DigitString(digits);

    public static CallerAction Silence { get; } = new Quiet();

    public static CallerAction HangUp { get; } = new Hang();

    public sealed record KeyPress(char Value) : CallerAction;

    public sealed record DigitString(string Value) : CallerAction;

    public sealed record Quiet : CallerAction;

    public sealed record Hang : CallerAction;
}

/// <summary>The settings of one simulated call.</summary>
internal sealed record CallerCall(string Script, IReadOnlyList<CallerAction> Actions)
{
    public string CallerNumber { get; init; } = "13812345678";

    public string UniqueId { get; init; } = "site-a-1795458297.0";

    /// <summary>The caller's name in <c>agi_calleridname</c>.</summary>
    public string CallerName { get; init; } = "张三";

    /// <summary>The channel in <c>agi_channel</c>.</summary>
    public string ChannelName { get; init; } = "PJSIP/caller-00000000";

    /// <summary>Channel variables GET VARIABLE answers from (CC_CALLID, MEMBERNAME, QUEUENAME…).</summary>
    public IReadOnlyDictionary<string, string> Channel { get; init; } = new Dictionary<string, string>();

    /// <summary>The caller hangs up when the server sends its n-th command (1-based): HANGUP, then dead-channel replies.</summary>
    public int? HangUpAtCommand { get; init; }

    /// <summary>STREAM FILE answers <c>result=-1 endpos=0</c>: Asterisk has no such sound file (fixture S10).</summary>
    public bool AsteriskLacksFiles { get; init; }
}

/// <summary>What the simulated Asterisk saw.</summary>
internal sealed class CallerTranscript
{
    public List<string> Commands { get; } = [];

    public Dictionary<string, string> SetVariables { get; } = new(StringComparer.Ordinal);

    public bool FlowHungUp { get; set; }

    public int UnusedActions { get; set; }
}

/// <summary>
/// A fake Asterisk channel with a caller who presses keys: it sends the AGI environment, answers each command
/// the way Asterisk 22 does (STREAM FILE / SAY DIGITS / WAIT FOR DIGIT return the key's ASCII code, GET DATA the
/// digits or <c>result= (timeout)</c>, -1 on hang-up), and after a hang-up sends <c>HANGUP</c> and answers media
/// commands with 511 while SET/GET VARIABLE still work (fixtures S9). When the server half-closes it sends the
/// trailing <c>HANGUP</c> and closes, as res_agi does.
/// Linked as source into the projects that use it (tests/Shared), so that it needs no project of its own.
/// </summary>
internal static class CallerPeer
{
    private const string DeadChannel = "511 Command Not Permitted on a dead channel or intercept routine";

    public static async Task<CallerTranscript> RunAsync(IPEndPoint server, CallerCall call, CancellationToken cancellationToken)
    {
        var transcript = new CallerTranscript();
        var actions = new Queue<CallerAction>(call.Actions);
        var channel = new Dictionary<string, string>(call.Channel, StringComparer.Ordinal);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server, cancellationToken);
        var stream = client.GetStream();
        await WriteAsync(stream, Environment(call), cancellationToken);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
        var dead = false;
        var hangupSent = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            transcript.Commands.Add(line);
            if (call.HangUpAtCommand == transcript.Commands.Count)
            {
                dead = true;
            }
            var reply = call.AsteriskLacksFiles && !dead && line.StartsWith("STREAM FILE", StringComparison.Ordinal)
                ? "200 result=-1 endpos=0"
                : Answer(line, actions, channel, transcript, ref dead);
            // As recorded in S10: the flow's own HANGUP gets "200 result=1" with no notice before it; the notice
            // comes before the reply to the next command (or at the end).
            if (dead && !hangupSent && !line.StartsWith("HANGUP", StringComparison.Ordinal))
            {
                hangupSent = true;
                await WriteAsync(stream, "HANGUP\n", cancellationToken);
            }
            await WriteAsync(stream, reply + "\n", cancellationToken);
        }
        // The server half-closed: res_agi always says HANGUP at the end, then closes.
        try
        {
            await WriteAsync(stream, "HANGUP\n", cancellationToken);
        }
        catch (IOException)
        {
            // The server already closed both directions.
        }
        transcript.UnusedActions = actions.Count;
        return transcript;
    }

    private static string Answer(string line, Queue<CallerAction> actions, Dictionary<string, string> channel, CallerTranscript transcript, ref bool dead)
    {
        var (verb, args) = Split(line);
        switch (verb)
        {
            case "SET VARIABLE":
            {
                var name = args[0];
                var value = args.Count > 1 ? args[1] : string.Empty;
                channel[name] = value;
                transcript.SetVariables[name] = value;
                return "200 result=1";
            }
            case "GET VARIABLE":
                return channel.TryGetValue(args[0], out var known) ? $"200 result=1 ({known})" : "200 result=0";
            case "NOOP" or "VERBOSE":
                return "200 result=0";
        }
        if (dead)
        {
            return DeadChannel;
        }
        switch (verb)
        {
            case "CHANNEL STATUS":
                return "200 result=6";
            case "ANSWER":
                return "200 result=0";
            case "HANGUP":
                transcript.FlowHungUp = true;
                dead = true;
                return "200 result=1";
            case "STREAM FILE" or "SAY DIGITS":
            {
                var escape = args.Count > 1 ? args[1] : string.Empty;
                switch (actions.TryPeek(out var next) ? next : null)
                {
                    case CallerAction.KeyPress key when escape.Contains(key.Value, StringComparison.Ordinal):
                        actions.Dequeue();
                        return $"200 result={(int)key.Value} endpos=1200";
                    case CallerAction.Hang:
                        actions.Dequeue();
                        dead = true;
                        return "200 result=-1 endpos=1200";
                    default:
                        return verb == "SAY DIGITS" ? "200 result=0" : "200 result=0 endpos=8000";
                }
            }
            case "WAIT FOR DIGIT":
                switch (actions.TryDequeue(out var action) ? action : CallerAction.Silence)
                {
                    case CallerAction.KeyPress key:
                        return $"200 result={(int)key.Value}";
                    case CallerAction.Hang:
                        dead = true;
                        return "200 result=-1";
                    case CallerAction.Quiet:
                        return "200 result=0";
                    default:
                        throw new InvalidOperationException($"WAIT FOR DIGIT cannot take {action}.");
                }
            case "GET DATA":
                switch (actions.TryDequeue(out var input) ? input : CallerAction.Silence)
                {
                    case CallerAction.DigitString digits:
                        return "200 result=" + digits.Value;
                    case CallerAction.KeyPress key:
                        return "200 result=" + key.Value;
                    case CallerAction.Hang:
                        dead = true;
                        return "200 result=-1";
                    default:
                        return "200 result= (timeout)";
                }
            default:
                return "510 Invalid or unknown command";
        }
    }

    /// <summary>Splits a command into its verb (the known multi-word ones) and its arguments, unquoting them.</summary>
    internal static (string Verb, List<string> Args) Split(string line)
    {
        string[] verbs = ["SET VARIABLE", "GET VARIABLE", "GET FULL VARIABLE", "CHANNEL STATUS", "STREAM FILE", "SAY DIGITS", "WAIT FOR DIGIT", "GET DATA"];
        var verb = verbs.FirstOrDefault(v => line == v || line.StartsWith(v + " ", StringComparison.Ordinal)) ?? line.Split(' ')[0];
        var args = new List<string>();
        var rest = line[verb.Length..];
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

    private static string Environment(CallerCall call)
    {
        var script = call.Script;
        return string.Create(CultureInfo.InvariantCulture, $"""
            agi_network: yes
            agi_network_script: {script}
            agi_request: agi://127.0.0.1:4573/{script}
            agi_channel: {call.ChannelName}
            agi_language: en
            agi_type: PJSIP
            agi_uniqueid: {call.UniqueId}
            agi_version: 22.5.0
            agi_callerid: {call.CallerNumber}
            agi_calleridname: {call.CallerName}
            agi_dnid: 95518
            agi_context: inbound
            agi_extension: 95518
            agi_priority: 4
            agi_accountcode: 


            """).ReplaceLineEndings("\n");
    }

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();
}
