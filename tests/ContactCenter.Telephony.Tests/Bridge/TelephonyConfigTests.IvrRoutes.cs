using System.Globalization;
using System.Text.RegularExpressions;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Ivr;
using ContactCenter.Telephony.Tests.Ivr;
using ContactCenter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>
/// The dialplans follow the IVR runtime's hand-back contract (ivr-flows/README.md, "Dialplan"): a branch for every
/// <c>CC_ROUTE</c> value of <see cref="IvrRoutes"/>, and every route the real runtime sets, with the real bridge
/// deciding the route, leads to an extension that exists. After hours the hotline leaves CC_OUTCOME=closed.
/// </summary>
public sealed partial class TelephonyConfigTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static int _routeCalls;

    [TestCaseSource(nameof(SiteCases))]
    public void The_dialplan_has_one_branch_for_each_route_the_ivr_runtime_sets(string site, string other, int firstSeat)
    {
        _ = other;
        _ = firstSeat;
        var dialplan = Dialplan.Load(Path.Combine(Root, $"site-{site}", "extensions.conf"));
        var branches = RouteBranches(dialplan);

        Assert.That(branches.Select(b => b.Value), Is.EquivalentTo(IvrRoutes.All), "one GotoIf per CC_ROUTE value the runtime sets, none for a value it never sets");
        var place = branches.Select(b => (b.Context, b.Exten)).Distinct().ToList();
        Assert.That(place, Has.Count.EqualTo(1), "every flow hands back to the same branches");
        Assert.That(dialplan.Steps.Where(s => s.App is "Goto" or "GotoIf" or "Gosub").Select(s => TargetOf(s.App, s.Data)),
            Has.None.Contains("${" + IvrRoutes.RouteVariable + "}"), "CC_ROUTE is a route kind, never a dialplan extension");

        // Every extension that runs a flow with a route or transfer step goes to the branches right after the AGI.
        var routing = RepoPaths.ShippedFlows().Where(f => f.Nodes.Values.Any(n => n is RouteNode or TransferNode))
            .SelectMany(f => f.Aliases.Prepend(f.Name)).ToHashSet(StringComparer.Ordinal);
        var handBacks = 0;
        for (var i = 0; i < dialplan.Steps.Count; i++)
        {
            var step = dialplan.Steps[i];
            if (step.App != "AGI" || !routing.Contains(AgiScript().Match(step.Data).Groups["script"].Value))
            {
                continue;
            }

            var next = i + 1 < dialplan.Steps.Count ? dialplan.Steps[i + 1] : default;
            Assert.That((next.Context, next.Exten, next.App, next.Data), Is.EqualTo((step.Context, step.Exten, "Goto", $"{place[0].Context},{place[0].Exten},1")),
                $"[{step.Context}] {step.Exten}: after AGI({step.Data}) the call goes to the IVR's route branches");
            handBacks++;
        }

        Assert.That(handBacks, Is.GreaterThanOrEqualTo(2), "the hotline and the follow-up calls both hand back");
    }

    [TestCaseSource(nameof(SiteCases))]
    public async Task Every_route_the_shipped_flows_hand_back_leads_to_an_existing_extension(string site, string other, int firstSeat)
    {
        _ = firstSeat;
        var dialplan = Dialplan.Load(Path.Combine(Root, $"site-{site}", "extensions.conf"));
        var branches = RouteBranches(dialplan).ToDictionary(b => b.Value, b => b.Target, StringComparer.Ordinal);
        var catalog = await IvrFlowLibrary.ReadCatalogAsync(RepoPaths.FlowDirectory, CancellationToken.None).WaitAsync(CallTimeout);
        Assert.That(catalog.Queues, Is.Not.Null.And.Not.Empty);
        Assert.That(catalog.Sites, Does.Contain(site).And.Contain(other));

        // The shipped flows, plus one flow per transfer a valid flow could hold (every catalog site and queue).
        var flows = RepoPaths.ShippedFlows().ToList();
        flows.AddRange(catalog.Sites!.SelectMany(s => catalog.Queues!.Select(q => TransferFlow(s, q))));

        // The route decision is the real bridge's: home, or this site down so every queue diverts to the other site.
        await using var home = BridgeReplay.Create(new FakeTimeProvider(T0), new RecordingSink(), BridgeReplay.Site(site, 5038), BridgeReplay.Site(other, 5039));
        await using var diverting = BridgeReplay.Create(new FakeTimeProvider(T0), new RecordingSink(), BridgeReplay.Site(site, 5038), BridgeReplay.Site(other, 5039));
        diverting.ConfigureQueues(catalog.Queues!.Select(q => new Queue(site, q, q, overflow: new OverflowPolicy(30, null, null, [other]))));
        diverting.Apply(new SiteResynced(other, T0, [.. catalog.Queues!.Select(q => new MemberObserved(other, T0, $"agent-{other}-{q}", $"PJSIP/{other}-{q}", q,
            MemberChange.Added, false, null, 0))], [], []));

        var seen = new List<string>();
        var problems = new List<string>();
        foreach (var bridge in new[] { home, diverting })
        {
            await using var ivr = await RouteIvr.StartAsync(flows, new BridgeIvrRouter(bridge), site);
            foreach (var scenario in flows.SelectMany(FlowExplorer.Scenarios))
            {
                var terminal = flows.Single(f => f.Name == scenario.Flow).Nodes[scenario.Terminal];
                var set = await ivr.CallAsync(scenario, hangUpAtCommand: null);
                if (terminal is not (RouteNode or TransferNode))
                {
                    Assert.That(set.Keys, Has.No.Member(IvrRoutes.RouteVariable), $"{scenario}: only route and transfer steps hand back a route");
                    continue;
                }

                Assert.That(set, Does.ContainKey(IvrRoutes.RouteVariable), $"{scenario}: a {terminal.Kind} step sets CC_ROUTE");
                var route = set[IvrRoutes.RouteVariable];
                seen.Add(route);
                if (!branches.TryGetValue(route, out var target))
                {
                    problems.Add($"{scenario}: CC_ROUTE={route} has no branch");
                    continue;
                }

                // The branch's Goto with the variables the runtime set (an unset one is empty, as in Asterisk).
                var parts = VariableReference().Replace(target, m => set.GetValueOrDefault(m.Groups["name"].Value, string.Empty)).Split(',');
                if (parts.Length != 3 || !dialplan.Has(parts[0], parts[1]))
                {
                    problems.Add($"{scenario}: CC_ROUTE={route} goes to {string.Join(',', parts)}, which does not exist in site-{site}/extensions.conf");
                }
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(seen.Distinct(), Is.EquivalentTo(IvrRoutes.All), "queue, divert and transfer were each exercised (and the runtime set no other value)");
    }

    [Test]
    public async Task An_after_hours_hotline_call_is_recorded_by_the_bridge_as_closed()
    {
        var hotline = RepoPaths.Shipped("hotline");
        var afterHours = FlowExplorer.Scenarios(hotline).Where(s => !s.HoursOpen).ToList();
        Assert.That(afterHours, Is.Not.Empty, "the explorer finds the out-of-hours way through the hotline");
        await using var ivr = await RouteIvr.StartAsync([hotline], new HomeSiteIvrRouter(), "gz");
        foreach (var scenario in afterHours)
        {
            var full = await ivr.CallAsync(scenario, hangUpAtCommand: null);
            Assert.That(full, Does.Not.ContainKey(IvrRoutes.RouteVariable), $"{scenario}: an after-hours call is not routed");
            Assert.That(await OutcomeAsync(full), Is.EqualTo(ContactOutcome.Closed), $"{scenario}: the flow hangs up after the message");

            // The caller hangs up during the out-of-hours message: still closed, not abandoned.
            var atMessage = ivr.LastCommands.FindIndex(c => c.Contains("hotline-closed", StringComparison.Ordinal)) + 1;
            Assert.That(atMessage, Is.GreaterThan(0), "the out-of-hours message is played");
            var early = await ivr.CallAsync(scenario, hangUpAtCommand: atMessage);
            Assert.That(await OutcomeAsync(early), Is.EqualTo(ContactOutcome.Closed), $"{scenario}: hang-up during the message");
        }

        // The other way round: a caller who hangs up early during opening hours is abandoned, not closed.
        var open = FlowExplorer.Scenarios(hotline).First(s => s.HoursOpen);
        var menu = await ivr.CallAsync(open, hangUpAtCommand: 2);
        Assert.That(await OutcomeAsync(menu), Is.EqualTo(ContactOutcome.Abandoned));
    }

    /// <summary>What the bridge records for a call that entered the IVR, had these channel variables set (VarSet) and hung up unanswered.</summary>
    private static async Task<ContactOutcome?> OutcomeAsync(IReadOnlyDictionary<string, string> channelVariables)
    {
        await using var bridge = BridgeReplay.Create(new FakeTimeProvider(T0), new RecordingSink(), BridgeReplay.Site("gz", 5038));
        bridge.Apply(new CallSeen("gz", T0, "c1", ContactDirection.Inbound, "u1", "PJSIP/caller-00000001", null, T0));
        foreach (var (name, value) in channelVariables)
        {
            bridge.Apply(new CallVariableSet("gz", T0.AddSeconds(5), "c1", name, value));
        }

        bridge.Apply(new CallHungUp("gz", T0.AddSeconds(20), "c1", "u1", 16));
        return bridge.FindContact("c1")?.Outcome;
    }

    private static IvrFlow TransferFlow(string site, string queue) =>
        new($"transfer-{site}-{queue}", "1", "transfer", [], new Dictionary<string, IvrPrompt>(),
            new Dictionary<string, IvrNode> { ["transfer"] = new TransferNode("transfer", site, queue) });

    /// <summary>The <c>GotoIf($["${CC_ROUTE}" = "value"]?target)</c> steps of the dialplan.</summary>
    private static List<(string Value, string Context, string Exten, string Target)> RouteBranches(Dialplan dialplan) =>
        [.. dialplan.Steps.Where(s => s.App == "GotoIf").Select(s => (Step: s, Match: RouteBranch().Match(s.Data))).Where(x => x.Match.Success)
            .Select(x => (x.Match.Groups["value"].Value, x.Step.Context, x.Step.Exten, x.Match.Groups["target"].Value))];

    private static string TargetOf(string app, string data) => app == "GotoIf" ? data.Split('?', 2)[^1] : data;

    [GeneratedRegex(@"^\$\[\s*""\$\{CC_ROUTE\}""\s*=\s*""(?<value>[^""]*)""\s*\]\?(?<target>[^:]+)$")]
    private static partial Regex RouteBranch();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9_]+)\}")]
    private static partial Regex VariableReference();

    /// <summary>The IVR runtime on a loopback FastAGI server with the given route decision; a simulated caller walks a scenario.</summary>
    private sealed class RouteIvr : IAsyncDisposable
    {
        private readonly FastAgiServer _server;
        private readonly string _prompts;
        private readonly FakeCustomerLookup _lookup = new();
        private readonly FakeBusinessHours _hours = new();

        private RouteIvr(FastAgiServer server, string prompts)
        {
            _server = server;
            _prompts = prompts;
        }

        public List<string> LastCommands { get; private set; } = [];

        public static async Task<RouteIvr> StartAsync(IReadOnlyList<IvrFlow> flows, IIvrRouter router, string site)
        {
            var prompts = Path.Combine(Path.GetTempPath(), "cc-route-prompts-" + Guid.NewGuid().ToString("N"));
            foreach (var language in new[] { "zh-CN", "en" })
            {
                Directory.CreateDirectory(Path.Combine(prompts, language));
                foreach (var flow in flows)
                {
                    foreach (var prompt in flow.Prompts.Keys)
                    {
                        await File.WriteAllBytesAsync(Path.Combine(prompts, language, $"{flow.Name}-{prompt}.wav"), []).WaitAsync(CallTimeout);
                    }
                }
            }

            var scripts = new AgiScriptRouter();
            var server = new FastAgiServer(Options.Create(new FastAgiOptions { Port = 0, DrainTimeout = TimeSpan.FromSeconds(2) }), scripts, TimeProvider.System,
                NullLogger<FastAgiServer>.Instance);
            var ivr = new RouteIvr(server, prompts);
            var options = new IvrOptions { PromptDirectory = prompts, AsteriskPromptDirectory = "/prompts", DefaultSiteCode = site };
            var runtime = new IvrRuntime(Options.Create(options), new RecordingIvrSink(), ivr._lookup, router, ivr._hours, new FakeTimeProvider(T0),
                NullLogger<IvrRuntime>.Instance);
            runtime.Map(scripts, flows);
            await server.StartAsync(CancellationToken.None).WaitAsync(CallTimeout);
            return ivr;
        }

        /// <summary>Walks the scenario; returns the channel variables the flow set.</summary>
        public async Task<IReadOnlyDictionary<string, string>> CallAsync(FlowScenario scenario, int? hangUpAtCommand)
        {
            var callId = "route-" + Interlocked.Increment(ref _routeCalls).ToString(CultureInfo.InvariantCulture);
            const string Caller = "13800000000";
            _lookup.ByPhone.Clear();
            _lookup.ByPolicy.Clear();
            if (scenario.PhoneLookup is { } phone)
            {
                _lookup.ByPhone[Caller] = phone;
            }

            if (scenario.PolicyLookup is { } policy)
            {
                _lookup.ByPolicy[policy.PolicyNumber!] = policy;
            }

            _hours.Open = scenario.HoursOpen;
            var channel = new Dictionary<string, string>(scenario.Channel, StringComparer.Ordinal) { ["CC_CALLID"] = callId };
            var call = new CallerCall(scenario.Flow, scenario.Actions) { CallerNumber = Caller, UniqueId = callId, Channel = channel, HangUpAtCommand = hangUpAtCommand };
            var transcript = await CallerPeer.RunAsync(_server.LocalEndPoint, call, CancellationToken.None).WaitAsync(CallTimeout);
            LastCommands = transcript.Commands;
            return transcript.SetVariables;
        }

        public async ValueTask DisposeAsync()
        {
            await _server.DisposeAsync();
            Directory.Delete(_prompts, recursive: true);
        }
    }
}
