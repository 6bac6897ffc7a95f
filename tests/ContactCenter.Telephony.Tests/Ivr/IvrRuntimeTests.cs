using System.Text;
using ContactCenter.Core.Kpis;
using ContactCenter.Telephony.Ivr;
using ContactCenter.Testing;

namespace ContactCenter.Telephony.Tests.Ivr;

public class IvrRuntimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly CallerAction Silence = CallerAction.Silence;

    [Test]
    public async Task A_wrong_menu_key_plays_the_invalid_prompt_and_the_caller_can_choose_again()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")]);
        harness.Lookup.ByPhone["13812345678"] = new IvrCustomer(42, null, HasOpenComplaint: false);

        var (transcript, run) = await CallAsync(harness, "hotline", "c1", [CallerAction.Key('9'), CallerAction.Key('1')]);

        Assert.That(run.Path, Is.EqualTo("greeting>hours>identifyCaller>identified>mainMenu>claims>connect>byIntent>routeClaims"));
        Assert.That(harness.Sink.StepsOf("c1").Single(s => s.NodeId == "mainMenu").Keys, Is.EqualTo("9,1"));
        Assert.That(transcript.Commands, Does.Contain("STREAM FILE /prompts/zh-CN/hotline-invalidKey \"\""));
        Assert.That(transcript.SetVariables["CC_CUSTOMER"], Is.EqualTo("42"));
        Assert.That(transcript.SetVariables.ContainsKey("CC_POLICY"), Is.False, "an empty value is not sent");
    }

    [Test]
    public async Task Silence_at_the_menu_retries_twice_then_takes_the_fallback_to_a_seat()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")]);

        var (transcript, run) = await CallAsync(harness, "hotline", "c2", [Silence, Silence, Silence, Silence, Silence, Silence]);

        Assert.That(run.Path, Is.EqualTo("greeting>hours>identifyCaller>askPolicy>mainMenu>operator>connect>byIntent>routeOperator"));
        Assert.That(harness.Sink.StepsOf("c2").Single(s => s.NodeId == "mainMenu").Outcome, Is.EqualTo("fallback"));
        Assert.That(transcript.Commands.Count(c => c.StartsWith("WAIT FOR DIGIT 5000", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(transcript.Commands.Count(c => c.Contains("hotline-noKey", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(transcript.SetVariables["CC_QUEUE"], Is.EqualTo("policy-service"));
    }

    [Test]
    public async Task A_policy_number_that_fails_the_pattern_is_asked_again()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")]);
        harness.Lookup.ByPolicy["880012345"] = new IvrCustomer(7, "880012345", HasOpenComplaint: false);

        var (transcript, run) = await CallAsync(harness, "hotline", "c3", [CallerAction.Digits("123"), CallerAction.Digits("880012345"), CallerAction.Key('3')]);

        Assert.That(run.Path, Is.EqualTo("greeting>hours>identifyCaller>askPolicy>lookupPolicy>identified>mainMenu>complaints>connect>byIntent>routeComplaints"));
        Assert.That(transcript.Commands, Does.Contain("STREAM FILE /prompts/zh-CN/hotline-invalidPolicy \"\""));
        Assert.That(run.PolicyNumber, Is.EqualTo("880012345"));
        Assert.That(transcript.SetVariables["CC_POLICY"], Is.EqualTo("880012345"));
        Assert.That(transcript.SetVariables["CC_INTENT"], Is.EqualTo("complaint"));
        Assert.That(transcript.SetVariables["QUEUE_PRIO"], Is.EqualTo("0"), "a complaint chosen in the menu has no priority; an open complaint has");
    }

    [Test]
    public async Task Out_of_hours_callers_hear_the_closed_message_and_are_hung_up()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")]);
        harness.Hours.Open = false;

        var (transcript, run) = await CallAsync(harness, "hotline", "c4", []);

        Assert.That(run.Path, Is.EqualTo("greeting>hours>closedOutcome>closedMessage>closedHangup"));
        Assert.That(transcript.SetVariables["CC_OUTCOME"], Is.EqualTo("closed"), "the bridge records the call as closed");
        Assert.That(run.Exit, Is.EqualTo(IvrExit.HungUpByFlow));
        Assert.That(transcript.Commands[^1], Is.EqualTo("HANGUP"));
    }

    [Test]
    public async Task A_saturated_home_site_diverts_the_caller_through_the_overflow_context()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")]);
        harness.Router.DivertQueueTo["claims"] = "sh";

        var (transcript, run) = await CallAsync(harness, "hotline", "c5", [Silence, Silence, Silence, CallerAction.Key('1')]);

        Assert.That(run.Exit, Is.EqualTo(IvrExit.Routed));
        Assert.That(harness.Router.Asked.Single(), Is.EqualTo(("gz", "claims", (string?)"c5")));
        Assert.That(transcript.SetVariables["CC_ROUTE"], Is.EqualTo("divert"));
        Assert.That(transcript.SetVariables["CC_ROUTE_CONTEXT"], Is.EqualTo("overflow"));
        Assert.That(transcript.SetVariables["CC_ROUTE_EXTEN"], Is.EqualTo("sh-claims"));
        Assert.That(transcript.SetVariables["CC_TARGET_SITE"], Is.EqualTo("sh"));
        Assert.That(harness.Sink.StepsOf("c5")[^1].Outcome, Is.EqualTo("diverted:sh"));
    }

    [Test]
    public async Task A_transfer_node_hands_the_call_to_another_site()
    {
        var flow = Parse("""
            { "formatVersion": 1, "name": "xfer", "version": "1", "start": "go", "prompts": {},
              "nodes": { "go": { "kind": "transfer", "site": "sh", "queue": "complaints" } } }
            """);
        await using var harness = await IvrHarness.StartAsync([flow]);

        var (transcript, run) = await CallAsync(harness, "xfer", "c6", []);

        Assert.That(run.Exit, Is.EqualTo(IvrExit.Transferred));
        Assert.That(transcript.SetVariables["CC_ROUTE"], Is.EqualTo("transfer"));
        Assert.That(transcript.SetVariables["CC_ROUTE_EXTEN"], Is.EqualTo("sh-complaints"));
    }

    [TestCase(new[] { '7', '3' }, 3, "7,3", TestName = "An invalid survey key replays the question once, then the score counts")]
    [TestCase(new[] { '7', '8' }, null, "7,8", TestName = "A second invalid survey key is not rated")]
    [TestCase(new[] { '0', '0', '5' }, 5, "0,0,5", TestName = "The replay key replays the survey question")]
    [TestCase(new[] { '0', '0', '0' }, null, "0,0,0", TestName = "A third replay key counts as invalid and ends not rated")]
    public async Task Survey_keys(char[] keys, int? score, string keyed)
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("satisfaction-survey")]);

        var (_, run) = await CallAsync(harness, "survey?callid=s1&seat=agent-1002&queue=complaints", "s1", [.. keys.Select(CallerAction.Key), Silence]);

        var survey = harness.Sink.Surveys.Single();
        Assert.That(survey.Score, Is.EqualTo(score));
        Assert.That((survey.SeatId, survey.QueueId), Is.EqualTo(("agent-1002", "gz/complaints")), "?seat= and ?queue= win over the channel variables");
        Assert.That(harness.Sink.StepsOf("s1").Single(s => s.NodeId == "rate").Keys, Is.EqualTo(keyed));
        Assert.That(run.Data["surveyStatus"], Is.EqualTo(score is null ? "not-rated" : "rated"));
    }

    [Test]
    public async Task Without_prompt_files_the_digits_of_the_text_are_read_with_the_core_sounds_and_logged_without_personal_data()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("satisfaction-survey")], withPromptFiles: false);

        var (transcript, _) = await CallAsync(harness, "survey?callid=s2", "s2", [CallerAction.Key('1')]);

        Assert.That(transcript.Commands, Does.Contain("SAY DIGITS 123450 \"0123456789*#\""), "请…按1…按5，重听请按0 → 123450");
        Assert.That(transcript.Commands.Any(c => c.StartsWith("STREAM FILE", StringComparison.Ordinal)), Is.False);
        Assert.That(harness.Sink.Surveys.Single().Score, Is.EqualTo(1));
        var missing = harness.Logger.Entries.Where(e => e.Id == 1302).ToList();
        Assert.That(missing.Select(e => e.Text), Has.Some.EqualTo("IVR prompt satisfaction-survey/rate (zh-CN) has no audio file; reading its digits with the core sounds"));
        Assert.That(harness.Logger.Entries.Any(e => e.Text.Contains("13812345678", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task A_file_Asterisk_cannot_find_falls_back_to_reading_digits_and_English_uses_the_en_prompts()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("satisfaction-survey")]);
        var (transcript, _) = await CallAsync(harness, "survey?callid=s3&lang=en", "s3", [CallerAction.Key('2')], missingFiles: true);

        Assert.That(transcript.Commands[4], Is.EqualTo("STREAM FILE /prompts/en/satisfaction-survey-rate \"0123456789*#\""));
        Assert.That(transcript.Commands[5], Is.EqualTo("SAY DIGITS 123450 \"0123456789*#\""), "result=-1 endpos=0 on a live channel means Asterisk has no such file");
        Assert.That(harness.Sink.Surveys.Single().Score, Is.EqualTo(2));
    }

    [Test]
    public async Task Satisfaction_and_participation_per_seat_and_queue_come_from_the_stored_results()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("satisfaction-survey")]);
        // seat, queue, keys: 1 and 2 are satisfied on the 5-point scale (1 = very satisfied).
        (string Seat, string Queue, CallerAction[] Keys)[] calls =
        [
            ("agent-1001", "complaints", [CallerAction.Key('1')]),
            ("agent-1001", "complaints", [CallerAction.Key('2')]),
            ("agent-1001", "claims", [CallerAction.Key('4')]),
            ("agent-1001", "claims", [Silence]),
            ("agent-1002", "complaints", [CallerAction.Key('5')]),
            ("agent-1002", "complaints", [CallerAction.Key('9'), CallerAction.Key('1')]),
            ("agent-1002", "claims", [CallerAction.HangUp]),
        ];
        var i = 0;
        foreach (var (seat, queue, keys) in calls)
        {
            var id = "k" + i++;
            await CallAsync(harness, $"survey?callid={id}", id, keys, new Dictionary<string, string> { ["MEMBERNAME"] = seat, ["QUEUENAME"] = queue });
        }
        var results = harness.Sink.Surveys.ToList();

        Assert.That(results, Has.Count.EqualTo(7), "every answered call has a result, rated or not");
        var seat1 = results.Where(r => r.SeatId == "agent-1001").ToList();
        var seat2 = results.Where(r => r.SeatId == "agent-1002").ToList();
        Assert.That(KpiCalculator.Satisfaction(seat1), Is.EqualTo(2.0 / 3).Within(1e-9), "满意度 agent-1001: 1, 2 of 1, 2, 4");
        Assert.That(KpiCalculator.Participation(seat1, answeredCalls: 4), Is.EqualTo(0.75).Within(1e-9), "参评率 agent-1001: 3 rated of 4 answered");
        Assert.That(KpiCalculator.Satisfaction(seat2), Is.EqualTo(0.5).Within(1e-9), "agent-1002: 1 of 5, 1 (the hang-up is not rated)");
        Assert.That(KpiCalculator.Participation(seat2, answeredCalls: 3), Is.EqualTo(2.0 / 3).Within(1e-9));
        var complaints = results.Where(r => r.QueueId == "gz/complaints").ToList();
        Assert.That(KpiCalculator.Satisfaction(complaints), Is.EqualTo(0.75).Within(1e-9), "complaints: 1, 2, 5, 1");
        Assert.That(KpiCalculator.Participation(complaints, answeredCalls: 4), Is.EqualTo(1.0).Within(1e-9));
        var claims = results.Where(r => r.QueueId == "gz/claims").ToList();
        Assert.That(KpiCalculator.Satisfaction(claims), Is.EqualTo(0.0).Within(1e-9), "claims: only a 4 was rated");
        Assert.That(KpiCalculator.Participation(claims, answeredCalls: 3), Is.EqualTo(1.0 / 3).Within(1e-9));
        Assert.That(results.Where(r => !r.IsRated).Select(r => r.Score), Is.All.Null, "not rated is never a default score");
    }

    private static IvrFlow Parse(string json)
    {
        var document = IvrFlowReader.Read("xfer.json", Encoding.UTF8.GetBytes(json));
        IvrFlowValidator.Validate(document, IvrCatalog.Unchecked);
        Assert.That(document.Diagnostics, Is.Empty);
        return document.Flow!;
    }

    private static async Task<(CallerTranscript Transcript, IvrRunRecord Run)> CallAsync(
        IvrHarness harness, string script, string callId, CallerAction[] actions, Dictionary<string, string>? channel = null, bool missingFiles = false)
    {
        var variables = channel ?? new Dictionary<string, string> { ["MEMBERNAME"] = "agent-1001", ["QUEUENAME"] = "claims" };
        variables["CC_CALLID"] = callId;
        var call = new CallerCall(script, actions) { UniqueId = callId, Channel = variables, AsteriskLacksFiles = missingFiles };
        var transcript = await CallerPeer.RunAsync(harness.EndPoint, call, CancellationToken.None).WaitAsync(Timeout);
        return (transcript, await harness.Sink.WaitForRunAsync(callId));
    }
}
