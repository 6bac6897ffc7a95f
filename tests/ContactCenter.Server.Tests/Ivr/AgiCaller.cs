using System.Net;
using ContactCenter.Testing;

namespace ContactCenter.Server.Tests.Ivr;

/// <summary>
/// Asterisk's end of one FastAGI call with a caller on the keypad: the shared <see cref="CallerPeer"/> (tests/Shared)
/// with inputs written as strings. It sends the AGI environment, answers each command, and presses the next key
/// when a prompt takes keys (STREAM FILE / SAY DIGITS with escape digits, WAIT FOR DIGIT) or types the next digits
/// at GET DATA. <see cref="HangUp"/> as the next input makes the caller hang up there: -1, then <c>HANGUP</c>, then
/// 511 for media commands while GET/SET VARIABLE still work, as on a dead channel.
/// </summary>
internal sealed class AgiCaller
{
    public const string HangUp = "hang-up";

    private readonly CallerCall _call;
    private CallerTranscript? _transcript;

    /// <param name="script">The script path with its query, as in <c>agi://host:4573/satisfaction-survey?callid=…</c>.</param>
    /// <param name="inputs">What the caller keys, in order: one key (<c>"1"</c>), digits for GET DATA (<c>"300125"</c>), or <see cref="HangUp"/>.</param>
    public AgiCaller(string script, string uniqueId, string callerNumber, IReadOnlyDictionary<string, string> channel, params string[] inputs)
    {
        _call = new CallerCall(script, [.. inputs.Select(ToAction)])
        {
            UniqueId = uniqueId,
            CallerNumber = callerNumber,
            CallerName = "unknown",
            ChannelName = "PJSIP/trunk-00000001",
            Channel = channel,
        };
    }

    /// <summary>Every command the server sent.</summary>
    public List<string> Commands => Transcript.Commands;

    /// <summary>Channel variables the server set.</summary>
    public Dictionary<string, string> Set => Transcript.SetVariables;

    /// <summary>Inputs the flow never asked for (a test that expects all of them used checks this is 0).</summary>
    public int UnusedInputs => Transcript.UnusedActions;

    private CallerTranscript Transcript => _transcript ?? throw new InvalidOperationException("The call has not run yet.");

    /// <summary>Runs the call until the server closes the connection.</summary>
    public async Task RunAsync(IPEndPoint server, CancellationToken cancellationToken) =>
        _transcript = await CallerPeer.RunAsync(server, _call, cancellationToken);

    private static CallerAction ToAction(string input) => input switch
    {
        HangUp => CallerAction.HangUp,
        { Length: 1 } => CallerAction.Key(input[0]),
        _ => CallerAction.Digits(input),
    };
}
