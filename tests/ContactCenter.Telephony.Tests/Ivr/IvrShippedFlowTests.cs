using System.Globalization;
using ContactCenter.Telephony.Ivr;
using ContactCenter.Testing;

namespace ContactCenter.Telephony.Tests.Ivr;

/// <summary>
/// A simulated caller drives every shipped flow along every scenario the flow explorer finds (every edge,
/// every exit), and hangs up at every command of each scenario.
/// </summary>
public class IvrShippedFlowTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static int _calls;

    private static IEnumerable<TestCaseData> Scenarios() =>
        RepoPaths.ShippedFlows().SelectMany(FlowExplorer.Scenarios).Select(s => new TestCaseData(s).SetArgDisplayNames(s.ToString()));

    [Test]
    public void The_explorer_finds_every_exit_of_every_shipped_flow()
    {
        foreach (var flow in RepoPaths.ShippedFlows())
        {
            var terminals = flow.Nodes.Values.Where(n => n.IsTerminal).Select(n => n.Id).Order(StringComparer.Ordinal);
            var reached = FlowExplorer.Scenarios(flow).Select(s => s.Terminal).Distinct().Order(StringComparer.Ordinal);
            Assert.That(reached, Is.EqualTo(terminals), flow.Name + ": " + string.Join(" | ", FlowExplorer.Scenarios(flow)));
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task The_caller_reaches_the_exit_the_scenario_chose(FlowScenario scenario)
    {
        var flow = RepoPaths.Shipped(scenario.Flow);
        await using var harness = await IvrHarness.StartAsync([flow]);
        var (call, callId) = Prepare(harness, scenario, hangUpAt: null);

        var transcript = await CallerPeer.RunAsync(harness.EndPoint, call, CancellationToken.None).WaitAsync(Timeout);
        var run = await harness.Sink.WaitForRunAsync(callId);

        Assert.That(run.Path, Is.EqualTo(string.Join('>', scenario.Path)));
        Assert.That(run.LastNode, Is.EqualTo(scenario.Terminal));
        Assert.That(transcript.UnusedActions, Is.Zero, "every key the caller pressed was read");
        var steps = harness.Sink.StepsOf(callId);
        Assert.That(steps.Select(s => s.NodeId), Is.EqualTo(scenario.Path));
        switch (flow.Nodes[scenario.Terminal])
        {
            case RouteNode route:
                Assert.That(run.Exit, Is.EqualTo(IvrExit.Routed));
                Assert.That(transcript.SetVariables["CC_QUEUE"], Is.EqualTo(route.Queue));
                Assert.That(transcript.SetVariables["QUEUE_PRIO"], Is.EqualTo(route.Priority.ToString(CultureInfo.InvariantCulture)));
                Assert.That(transcript.SetVariables["CC_ROUTE"], Is.EqualTo("queue"));
                Assert.That(transcript.SetVariables["CC_IVR_PATH"], Is.EqualTo(run.Path));
                Assert.That(harness.Router.Asked.Single(), Is.EqualTo(("gz", route.Queue, (string?)callId)));
                break;
            case HangupNode:
                Assert.That(run.Exit, Is.EqualTo(IvrExit.HungUpByFlow));
                Assert.That(transcript.FlowHungUp, Is.True);
                break;
        }
        if (flow.Nodes.Values.OfType<SurveyNode>().Any())
        {
            var survey = harness.Sink.Surveys.Single();
            Assert.That(survey.Score, Is.EqualTo(scenario.SurveyScore));
            Assert.That((survey.CallId, survey.SeatId, survey.QueueId, survey.SiteCode), Is.EqualTo((callId, "agent-1001", "gz/claims", "gz")));
            Assert.That(transcript.SetVariables["SURVEY_STATUS"], Is.EqualTo(scenario.SurveyScore is null ? "not-rated" : "rated"));
        }
        if (run.CustomerId is { } customer)
        {
            Assert.That(run.Data["customer"], Is.EqualTo(customer.ToString(CultureInfo.InvariantCulture)));
        }
        if (run.Data.TryGetValue("intent", out var intent) && flow.Name == "hotline" && run.Exit == IvrExit.Routed)
        {
            Assert.That(transcript.SetVariables["CC_INTENT"], Is.EqualTo(intent), "the intent rides with the call to the screen pop");
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task A_hang_up_at_any_command_ends_the_run_cleanly_and_records_where_the_caller_left(FlowScenario scenario)
    {
        var flow = RepoPaths.Shipped(scenario.Flow);
        await using var harness = await IvrHarness.StartAsync([flow]);
        var (fullCall, fullId) = Prepare(harness, scenario, hangUpAt: null);
        var full = await CallerPeer.RunAsync(harness.EndPoint, fullCall, CancellationToken.None).WaitAsync(Timeout);
        var fullRun = await harness.Sink.WaitForRunAsync(fullId);

        for (var n = 1; n <= full.Commands.Count; n++)
        {
            var surveysBefore = harness.Sink.Surveys.Count;
            var (call, callId) = Prepare(harness, scenario, hangUpAt: n);
            var transcript = await CallerPeer.RunAsync(harness.EndPoint, call, CancellationToken.None).WaitAsync(Timeout);
            var run = await harness.Sink.WaitForRunAsync(callId);

            var context = $"hang-up at command {n} ({full.Commands[n - 1]})";
            var onlyDeadSafeLeft = full.Commands.Skip(n - 1).All(c => c.StartsWith("SET VARIABLE", StringComparison.Ordinal) || c.StartsWith("GET VARIABLE", StringComparison.Ordinal));
            if (run.Exit != IvrExit.CallerHungUp)
            {
                Assert.That(onlyDeadSafeLeft, Is.True, $"{context}: only dead-safe commands were left, so the run may finish as {run.Exit}");
                Assert.That(run.Exit, Is.EqualTo(fullRun.Exit), context);
                continue;
            }
            Assert.That(fullRun.Path + ">", Does.StartWith(run.Path + ">"), $"{context}: the path is a prefix of the full path");
            Assert.That(run.LastNode, Is.EqualTo(run.Path.Split('>')[^1]), context);
            var steps = harness.Sink.StepsOf(callId);
            Assert.That(steps[^1].Outcome, Is.EqualTo("hung-up"), context);
            Assert.That(steps[^1].NodeId, Is.EqualTo(run.LastNode), context);
            Assert.That(transcript.Commands.Skip(n).Count(c => !c.StartsWith("SET VARIABLE", StringComparison.Ordinal) && !c.StartsWith("GET VARIABLE", StringComparison.Ordinal)),
                Is.LessThanOrEqualTo(1), $"{context}: at most one media command after the hang-up (it gets 511)");
            if (flow.Nodes.Values.OfType<SurveyNode>().Any())
            {
                // The key is read by the first play of the rating question; a hang-up at or before it leaves the call not rated.
                var keyCommand = full.Commands.FindIndex(c => c.Contains("satisfaction-survey-rate", StringComparison.Ordinal)) + 1;
                Assert.That(harness.Sink.Surveys.Count, Is.EqualTo(surveysBefore + 1), $"{context}: a survey result is stored even when the caller hangs up");
                Assert.That(harness.Sink.Surveys.Last().Score, Is.EqualTo(n > keyCommand ? scenario.SurveyScore : null), context);
            }
        }
    }

    private static (CallerCall Call, string CallId) Prepare(IvrHarness harness, FlowScenario scenario, int? hangUpAt)
    {
        var callId = "call-" + Interlocked.Increment(ref _calls).ToString(CultureInfo.InvariantCulture);
        harness.Lookup.ByPhone.Clear();
        harness.Lookup.ByPolicy.Clear();
        var caller = "13800000000";
        if (scenario.PhoneLookup is { } phone)
        {
            harness.Lookup.ByPhone[caller] = phone;
        }
        if (scenario.PolicyLookup is { } policy)
        {
            harness.Lookup.ByPolicy[policy.PolicyNumber!] = policy;
        }
        harness.Hours.Open = scenario.HoursOpen;
        while (harness.Router.Asked.TryDequeue(out _))
        {
        }
        var channel = new Dictionary<string, string>(scenario.Channel, StringComparer.Ordinal)
        {
            ["CC_CALLID"] = callId,
            ["MEMBERNAME"] = "agent-1001",
            ["QUEUENAME"] = "claims",
        };
        var call = new CallerCall(scenario.Flow, scenario.Actions) { CallerNumber = caller, UniqueId = callId, Channel = channel, HangUpAtCommand = hangUpAt };
        return (call, callId);
    }
}
