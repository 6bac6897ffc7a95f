using System.Text.RegularExpressions;

namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// One IVR flow as read from <c>ivr-flows/&lt;name&gt;.json</c> (format version 1, see <c>ivr-flows/README.md</c>):
/// prompts with zh-CN and en text, and a graph of nodes from <see cref="Start"/>. It runs as the FastAGI
/// script <see cref="Name"/> (and each of <see cref="Aliases"/>).
/// </summary>
public sealed record IvrFlow(
    string Name,
    string Version,
    string Start,
    IReadOnlyList<string> Aliases,
    IReadOnlyDictionary<string, IvrPrompt> Prompts,
    IReadOnlyDictionary<string, IvrNode> Nodes)
{
    /// <summary>The file the flow was read from, for messages; null when built in code.</summary>
    public string? SourceFile { get; init; }
}

/// <summary>A prompt: its text per language (<c>zh-CN</c>, <c>en</c>) and optionally a recorded file that replaces the generated one.</summary>
public sealed record IvrPrompt(string Id, IReadOnlyDictionary<string, string> Text, string? Audio);

/// <summary>Where a node leads: the field that names the target and the target node id.</summary>
public readonly record struct IvrEdge(string Field, string Target);

/// <summary>A node of a flow. Terminal nodes (route, transfer, hang-up) end the run.</summary>
public abstract record IvrNode(string Id)
{
    /// <summary>The node kind as written in the file (<c>play</c>, <c>menu</c>…).</summary>
    public abstract string Kind { get; }

    /// <summary>Every node this one can lead to.</summary>
    public virtual IEnumerable<IvrEdge> Edges => [];

    /// <summary>Every prompt id this node plays.</summary>
    public virtual IEnumerable<string> PromptIds => [];

    /// <summary>True for nodes that end the run.</summary>
    public bool IsTerminal => this is RouteNode or TransferNode or HangupNode;
}

/// <summary><c>play</c>: plays the prompts in order, then goes on.</summary>
public sealed record PlayNode(string Id, IReadOnlyList<string> Prompts, string Next) : IvrNode(Id)
{
    public override string Kind => "play";

    public override IEnumerable<IvrEdge> Edges => [new("next", Next)];

    public override IEnumerable<string> PromptIds => Prompts;
}

/// <summary>
/// <c>menu</c>: plays the prompt and waits for one key. A key not in <see cref="Options"/> plays
/// <see cref="InvalidPrompt"/>, silence plays <see cref="TimeoutPrompt"/>; after <see cref="Retries"/> more tries
/// the caller goes to <see cref="Fallback"/>.
/// </summary>
public sealed record MenuNode(
    string Id,
    string Prompt,
    IReadOnlyDictionary<char, string> Options,
    TimeSpan Timeout,
    int Retries,
    string? InvalidPrompt,
    string? TimeoutPrompt,
    string Fallback) : IvrNode(Id)
{
    public override string Kind => "menu";

    public override IEnumerable<IvrEdge> Edges =>
        Options.Select(o => new IvrEdge("options/" + o.Key, o.Value)).Append(new IvrEdge("fallback", Fallback));

    public override IEnumerable<string> PromptIds => new[] { Prompt, InvalidPrompt, TimeoutPrompt }.OfType<string>();
}

/// <summary>
/// <c>collect</c>: plays the prompt and reads <see cref="MinLength"/>..<see cref="MaxLength"/> digits (<c>#</c> ends
/// early) into <see cref="Variable"/>; input that fails the length or <see cref="Pattern"/> is retried, then
/// <see cref="Fallback"/>.
/// </summary>
public sealed record CollectNode(
    string Id,
    string Prompt,
    string Variable,
    int MinLength,
    int MaxLength,
    string Terminator,
    Regex? Pattern,
    TimeSpan Timeout,
    int Retries,
    string? InvalidPrompt,
    string Next,
    string Fallback) : IvrNode(Id)
{
    public override string Kind => "collect";

    public override IEnumerable<IvrEdge> Edges => [new("next", Next), new("fallback", Fallback)];

    public override IEnumerable<string> PromptIds => new[] { Prompt, InvalidPrompt }.OfType<string>();

    /// <summary>True when <paramref name="digits"/> has an allowed length and matches the pattern.</summary>
    public bool Accepts(string digits) =>
        digits.Length >= MinLength && digits.Length <= MaxLength && digits.All(char.IsAsciiDigit) && (Pattern?.IsMatch(digits) ?? true);
}

/// <summary>How a <see cref="LookupNode"/> finds the caller.</summary>
public enum IvrLookupBy
{
    /// <summary>By the calling number (agi_callerid).</summary>
    CallerNumber,

    /// <summary>By the policy number in a flow variable (collected digits).</summary>
    PolicyNumber,
}

/// <summary>
/// <c>lookup</c>: finds the customer through <see cref="IIvrCustomerLookup"/>; sets <c>customer</c>, <c>policy</c>
/// and <c>openComplaint</c>. A customer with an open complaint goes to <see cref="OpenComplaint"/> when given.
/// </summary>
public sealed record LookupNode(string Id, IvrLookupBy By, string? Variable, string Found, string NotFound, string? OpenComplaint) : IvrNode(Id)
{
    public override string Kind => "lookup";

    public override IEnumerable<IvrEdge> Edges =>
        new[] { new IvrEdge("found", Found), new IvrEdge("notFound", NotFound) }
            .Concat(OpenComplaint is null ? [] : [new IvrEdge("openComplaint", OpenComplaint)]);
}

/// <summary>
/// <c>set</c>: reads channel variables into flow variables (<see cref="FromChannel"/>), sets flow variables, then
/// channel variables (SET VARIABLE; values may use <c>${name}</c>; empty results are not sent).
/// </summary>
public sealed record SetNode(
    string Id,
    IReadOnlyDictionary<string, string> FromChannel,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyDictionary<string, string> ChannelVariables,
    string Next) : IvrNode(Id)
{
    public override string Kind => "set";

    public override IEnumerable<IvrEdge> Edges => [new("next", Next)];
}

/// <summary><c>branch</c>: goes to the case whose value equals the flow variable, else <see cref="Default"/>.</summary>
public sealed record BranchNode(string Id, string Variable, IReadOnlyDictionary<string, string> Cases, string Default) : IvrNode(Id)
{
    public override string Kind => "branch";

    public override IEnumerable<IvrEdge> Edges =>
        Cases.Select(c => new IvrEdge("cases/" + c.Key, c.Value)).Append(new IvrEdge("default", Default));
}

/// <summary><c>hours</c>: asks <see cref="IIvrBusinessHours"/> whether <see cref="Schedule"/> is open now at the caller's site.</summary>
public sealed record HoursNode(string Id, string Schedule, string Open, string Closed) : IvrNode(Id)
{
    public override string Kind => "hours";

    public override IEnumerable<IvrEdge> Edges => [new("open", Open), new("closed", Closed)];
}

/// <summary>
/// <c>route</c>: asks the bridge's route decision where to queue the caller and hands the call back to the
/// dialplan with <c>CC_ROUTE</c>, <c>CC_QUEUE</c>, <c>QUEUE_PRIO</c> (and the diversion target) set. Ends the run.
/// </summary>
public sealed record RouteNode(string Id, string Queue, int Priority) : IvrNode(Id)
{
    public override string Kind => "route";
}

/// <summary><c>transfer</c>: sends the call to another site's queue over the inter-site trunk (<c>CC_ROUTE=transfer</c>). Ends the run.</summary>
public sealed record TransferNode(string Id, string Site, string Queue) : IvrNode(Id)
{
    public override string Kind => "transfer";
}

/// <summary>
/// <c>survey</c>: asks for a score on a 3- or 5-point scale. <see cref="ReplayKey"/> replays the question; an
/// invalid key replays it once; silence, a second invalid key or a hang-up records "not rated" (never a
/// default score). The result is stored against the call, seat, queue and site.
/// </summary>
public sealed record SurveyNode(string Id, string Prompt, int Scale, char? ReplayKey, TimeSpan Timeout, string? InvalidPrompt, string Next) : IvrNode(Id)
{
    /// <summary>How often the replay key is honoured in one survey.</summary>
    public const int MaxReplays = 2;

    public override string Kind => "survey";

    public override IEnumerable<IvrEdge> Edges => [new("next", Next)];

    public override IEnumerable<string> PromptIds => new[] { Prompt, InvalidPrompt }.OfType<string>();
}

/// <summary><c>hangup</c>: hangs up the call. Ends the run.</summary>
public sealed record HangupNode(string Id) : IvrNode(Id)
{
    public override string Kind => "hangup";
}
