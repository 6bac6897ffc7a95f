using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ContactCenter.Telephony.Tests.Support;
using ContactCenter.Testing;

namespace ContactCenter.Telephony.Tests.Ivr;

/// <summary>
/// Plays Asterisk's side of a recorded FastAGI session (<c>agiNN-*.log</c> of the fixtures) against flows that
/// send other commands than the recording tool did. It sends the recorded environment bytes, then answers each
/// command with the next recorded reply to a command of the same verb (in order), keeping the recorded
/// hang-up where it was: an unsolicited <c>HANGUP</c> (no command outstanding, S9c) right after the reply it
/// followed; otherwise (S9a/b) just before the next reply, as Asterisk does. Replies recorded after the hang-up
/// (511 on a dead channel, dead-safe SET/GET VARIABLE) are only used once the channel is dead. Commands the
/// recording has no reply for get Asterisk's usual answer (channel variables from <see cref="Channel"/>).
/// </summary>
internal sealed partial class RecordedReplyPeer
{
    private readonly List<Pair> _pairs = [];
    private readonly Dictionary<int, bool> _hangupAfterReply = [];
    private readonly byte[] _environment;

    public RecordedReplyPeer(string fixtureBase)
    {
        var input = Fixtures.Bytes(fixtureBase + ".agi.in");
        var text = Encoding.UTF8.GetString(input);
        var end = text.IndexOf("\n\n", StringComparison.Ordinal) + 2;
        _environment = Encoding.UTF8.GetBytes(text[..end]);

        // Rebuild what Asterisk sent after the environment from the interleaved log, and check it is the .agi.in bytes.
        var rebuilt = new StringBuilder(text[..end]);
        var environmentDone = false;
        var outstanding = new Queue<string>();
        var dead = false;
        foreach (var raw in File.ReadLines(Fixtures.PathOf(fixtureBase + ".log")))
        {
            if (NotePattern().Match(raw) is { Success: true } note)
            {
                if (note.Groups[1].Value.StartsWith("server half-closed", StringComparison.Ordinal))
                {
                    break;
                }
                continue;
            }
            if (LinePattern().Match(raw) is not { Success: true } match)
            {
                continue;
            }
            var line = match.Groups[2].Value.EndsWith(@"\n", StringComparison.Ordinal) ? match.Groups[2].Value[..^2] : match.Groups[2].Value;
            if (!environmentDone)
            {
                environmentDone = match.Groups[1].Value == "<<" && line.Length == 0;
                continue;
            }
            if (match.Groups[1].Value == ">>")
            {
                outstanding.Enqueue(CallerPeer.Split(line).Verb);
                continue;
            }
            rebuilt.Append(line).Append('\n');
            if (line == "HANGUP")
            {
                _hangupAfterReply[_pairs.Count - 1] = outstanding.Count == 0;
                dead = true;
                continue;
            }
            _pairs.Add(new Pair(outstanding.Dequeue(), line, dead));
        }
        rebuilt.Append("HANGUP\n");
        if (rebuilt.ToString() != text)
        {
            throw new InvalidOperationException($"{fixtureBase}: the replies read from the .log are not the .agi.in bytes.");
        }
    }

    /// <summary>Channel variables for GET VARIABLE commands the recording has no reply for.</summary>
    public Dictionary<string, string> Channel { get; } = new(StringComparer.Ordinal);

    /// <summary>The recorded replies that were used, in the order they were sent.</summary>
    public List<string> UsedReplies { get; } = [];

    public List<string> Commands { get; } = [];

    public async Task RunAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(_environment, cancellationToken);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
        var dead = false;
        var pendingHangup = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } command)
        {
            Commands.Add(command);
            var verb = CallerPeer.Split(command).Verb;
            var index = _pairs.FindIndex(p => !p.Used && p.Verb == verb && p.Dead == dead);
            string reply;
            if (index >= 0)
            {
                _pairs[index].Used = true;
                reply = _pairs[index].Reply;
                UsedReplies.Add(reply);
            }
            else
            {
                reply = Default(verb, CallerPeer.Split(command).Args, dead);
            }
            if (pendingHangup)
            {
                pendingHangup = false;
                await WriteAsync(stream, "HANGUP\n", cancellationToken);
            }
            await WriteAsync(stream, reply + "\n", cancellationToken);
            if (index >= 0 && !dead && _hangupAfterReply.TryGetValue(index, out var unsolicited))
            {
                dead = true;
                if (unsolicited)
                {
                    await WriteAsync(stream, "HANGUP\n", cancellationToken);
                }
                else
                {
                    pendingHangup = true;
                }
            }
        }
        try
        {
            await WriteAsync(stream, "HANGUP\n", cancellationToken);
        }
        catch (IOException)
        {
            // The server closed both directions already.
        }
    }

    private string Default(string verb, List<string> args, bool dead) => verb switch
    {
        "SET VARIABLE" => "200 result=1",
        "GET VARIABLE" => Channel.TryGetValue(args[0], out var value) ? $"200 result=1 ({value})" : "200 result=0",
        "NOOP" => "200 result=0",
        _ when dead => "511 Command Not Permitted on a dead channel or intercept routine",
        "CHANNEL STATUS" => "200 result=6",
        "STREAM FILE" => "200 result=0 endpos=8000",
        "SAY DIGITS" or "WAIT FOR DIGIT" => "200 result=0",
        "GET DATA" => "200 result= (timeout)",
        "HANGUP" => "200 result=1",
        _ => "510 Invalid or unknown command",
    };

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();

    [GeneratedRegex(@"^\s+(<<|>>) (.*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^\[\s*[\d.]+\] ## (.*)$")]
    private static partial Regex NotePattern();

    private sealed class Pair(string verb, string reply, bool dead)
    {
        public string Verb { get; } = verb;

        public string Reply { get; } = reply;

        public bool Dead { get; } = dead;

        public bool Used { get; set; }
    }
}
