using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ContactCenter.Telephony.Ivr;
using ContactCenter.Testing;

namespace ContactCenter.Telephony.Tests.Ivr;

/// <summary>One way through a flow: what the caller presses and what the world answers, and the path expected.</summary>
public sealed record FlowScenario(
    string Flow,
    string Description,
    ImmutableList<CallerAction> Actions,
    IvrCustomer? PhoneLookup,
    IvrCustomer? PolicyLookup,
    bool HoursOpen,
    ImmutableDictionary<string, string> Channel,
    ImmutableList<string> Path,
    int? SurveyScore)
{
    public string Terminal => Path[^1];

    public override string ToString() => $"{Flow}: {Description}";
}

/// <summary>
/// Explores a flow independently of the runtime: at every choice (menu key or fallback, digits or fallback,
/// lookup found / not found / open complaint, hours open / closed, a channel variable a branch tests, survey
/// rated / not rated) it branches, and keeps the first scenario that uses each edge. Set and branch nodes are
/// followed with the variables they set, so the scenarios are consistent.
/// </summary>
internal static partial class FlowExplorer
{
    public const int PolicyCustomerId = 7;
    public const int PhoneCustomerId = 42;

    public static IReadOnlyList<FlowScenario> Scenarios(IvrFlow flow)
    {
        var result = new List<FlowScenario>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<State>();
        pending.Enqueue(new State(flow.Start, ImmutableDictionary<string, string>.Empty.Add("lang", "zh-CN"), [], null, null, true,
            ImmutableDictionary<string, string>.Empty, [], [], false, false, null));
        while (pending.TryDequeue(out var state))
        {
            if (state.Path.Count > 60 || !seen.Add(state.Key))
            {
                continue;
            }
            var node = flow.Nodes[state.Node];
            var path = state.Path.Add(node.Id);
            if (node.IsTerminal)
            {
                var edges = state.Edges;
                if (edges.Any(covered.Add) || !result.Any(r => r.Terminal == node.Id))
                {
                    edges.ForEach(e => covered.Add(e));
                    result.Add(new FlowScenario(flow.Name, string.Join(" > ", path), state.Actions, state.Phone, state.Policy, state.Open, state.Channel,
                        path, state.Score));
                }
                continue;
            }
            foreach (var next in Step(flow, node, state with { Path = path }))
            {
                pending.Enqueue(next);
            }
        }
        return result;
    }

    private static IEnumerable<State> Step(IvrFlow flow, IvrNode node, State s)
    {
        State Go(string field, string target) => s with { Node = target, Edges = s.Edges.Add(node.Id + "/" + field) };

        switch (node)
        {
            case PlayNode play:
                yield return Go("next", play.Next);
                break;
            case MenuNode menu:
                foreach (var (key, target) in menu.Options)
                {
                    yield return Go("options/" + key, target) with { Actions = s.Actions.Add(CallerAction.Key(key)) };
                }
                yield return Go("fallback", menu.Fallback) with { Actions = s.Actions.AddRange(Enumerable.Repeat(CallerAction.Silence, menu.Retries + 1)) };
                break;
            case CollectNode collect:
                var digits = ValidDigits(collect);
                yield return Go("next", collect.Next) with
                {
                    Actions = s.Actions.Add(CallerAction.Digits(digits)),
                    Variables = s.Variables.SetItem(collect.Variable, digits),
                };
                yield return Go("fallback", collect.Fallback) with { Actions = s.Actions.AddRange(Enumerable.Repeat(CallerAction.Silence, collect.Retries + 1)) };
                break;
            case LookupNode lookup:
                foreach (var (field, target, found, complaint) in new[]
                {
                    ("found", lookup.Found, true, false),
                    ("notFound", lookup.NotFound, false, false),
                    ("openComplaint", lookup.OpenComplaint, true, true),
                })
                {
                    if (target is null)
                    {
                        continue;
                    }
                    var byPhone = lookup.By == IvrLookupBy.CallerNumber;
                    var policy = byPhone ? null : s.Variables.GetValueOrDefault(lookup.Variable ?? "policy");
                    if ((byPhone ? s.PhoneUsed : s.PolicyUsed) || (!byPhone && policy is null && found))
                    {
                        continue;
                    }
                    var customer = found ? new IvrCustomer(byPhone ? PhoneCustomerId : PolicyCustomerId, policy, complaint) : null;
                    var variables = s.Variables;
                    if (customer is not null)
                    {
                        variables = variables.SetItem("customer", customer.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                            .SetItem("openComplaint", complaint ? "yes" : "no");
                    }
                    yield return Go(field, target) with
                    {
                        Variables = variables,
                        Phone = byPhone ? customer : s.Phone,
                        Policy = byPhone ? s.Policy : customer,
                        PhoneUsed = s.PhoneUsed || byPhone,
                        PolicyUsed = s.PolicyUsed || !byPhone,
                    };
                }
                break;
            case SetNode set:
                var vars = s.Variables;
                var channelChoices = new List<(ImmutableDictionary<string, string> Vars, ImmutableDictionary<string, string> Channel)> { (vars, s.Channel) };
                foreach (var (variable, channelVariable) in set.FromChannel)
                {
                    var values = flow.Nodes.Values.OfType<BranchNode>().Where(b => b.Variable == variable).SelectMany(b => b.Cases.Keys).Distinct().ToList();
                    channelChoices = [.. channelChoices.SelectMany(c => values.Select(v => (c.Vars.SetItem(variable, v), c.Channel.SetItem(channelVariable, v))).Append(c))];
                }
                foreach (var (choiceVars, channel) in channelChoices)
                {
                    var updated = choiceVars;
                    foreach (var (variable, value) in set.Variables)
                    {
                        updated = updated.SetItem(variable, Expand(value, updated));
                    }
                    yield return Go("next", set.Next) with { Variables = updated, Channel = channel };
                }
                break;
            case BranchNode branch:
                yield return s.Variables.TryGetValue(branch.Variable, out var current) && branch.Cases.TryGetValue(current, out var caseTarget)
                    ? Go("cases/" + current, caseTarget)
                    : Go("default", branch.Default);
                break;
            case HoursNode hours:
                if (!s.HoursDecided)
                {
                    yield return Go("open", hours.Open) with { Open = true, HoursDecided = true };
                    yield return Go("closed", hours.Closed) with { Open = false, HoursDecided = true };
                }
                else
                {
                    yield return s.Open ? Go("open", hours.Open) : Go("closed", hours.Closed);
                }
                break;
            case SurveyNode survey:
                yield return Go("next", survey.Next) with { Actions = s.Actions.Add(CallerAction.Key('2')), Score = 2, Edges = s.Edges.Add(node.Id + "/rated") };
                yield return Go("next", survey.Next) with { Actions = s.Actions.Add(CallerAction.Silence), Score = null, Edges = s.Edges.Add(node.Id + "/not-rated") };
                break;
            default:
                throw new InvalidOperationException($"The explorer does not know {node.Kind}.");
        }
    }

    private static string ValidDigits(CollectNode collect)
    {
        var digits = string.Concat(Enumerable.Repeat("300125", 11))[..Math.Max(collect.MinLength, Math.Min(6, collect.MaxLength))];
        return collect.Accepts(digits) ? digits : throw new InvalidOperationException($"collect {collect.Id}: no sample digits match its rules");
    }

    private static string Expand(string value, ImmutableDictionary<string, string> variables) =>
        VariablePattern().Replace(value, m => variables.GetValueOrDefault(m.Groups[1].Value, string.Empty));

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex VariablePattern();

    private sealed record State(
        string Node,
        ImmutableDictionary<string, string> Variables,
        ImmutableList<CallerAction> Actions,
        IvrCustomer? Phone,
        IvrCustomer? Policy,
        bool Open,
        ImmutableDictionary<string, string> Channel,
        ImmutableList<string> Path,
        ImmutableList<string> Edges,
        bool PhoneUsed,
        bool PolicyUsed,
        int? Score)
    {
        public bool HoursDecided { get; init; }

        public string Key => Node + "@" + string.Join('|', Path) + "#" + string.Join(',', Variables.OrderBy(v => v.Key).Select(v => v.Key + "=" + v.Value));
    }
}
