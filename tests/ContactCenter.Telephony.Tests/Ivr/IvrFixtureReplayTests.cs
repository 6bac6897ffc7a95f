using ContactCenter.Core.Surveys;
using ContactCenter.Telephony.Ivr;

namespace ContactCenter.Telephony.Tests.Ivr;

/// <summary>
/// The shipped flows against the replies real Asterisk 22 gave in the fixtures (S1 hotline and survey, S4/S7
/// surveys, S9a/b/c hang-ups), through the real FastAGI server.
/// </summary>
public class IvrFixtureReplayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Test]
    public async Task S1_hotline_reads_policy_300125_and_sends_a_caller_with_an_open_complaint_to_the_complaint_queue_first()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")], siteCode: "site-a");
        harness.Lookup.ByPolicy["300125"] = new IvrCustomer(7, "300125", HasOpenComplaint: true);
        var peer = new RecordedReplyPeer("s1-answered-survey/agi01-hotline");
        peer.Channel["CC_CALLID"] = "site-a-1795458297.0";

        await peer.RunAsync(harness.EndPoint, CancellationToken.None).WaitAsync(Timeout);
        var run = await harness.Sink.WaitForRunAsync("site-a-1795458297.0");

        Assert.That(peer.UsedReplies, Is.EqualTo(new[] { "200 result=6", "200 result=0 endpos=3404", "200 result=300125", "200 result=1", "200 result=1" }),
            "every recorded reply was used, by the command of the same kind");
        Assert.That(run.Exit, Is.EqualTo(IvrExit.Routed));
        Assert.That(run.Path, Is.EqualTo("greeting>hours>identifyCaller>askPolicy>lookupPolicy>complaintPriority>complaintNotice>routeComplaintPriority"));
        Assert.That(run.PolicyNumber, Is.EqualTo("300125"));
        Assert.That(run.CustomerId, Is.EqualTo(7));
        Assert.That(run.Queue, Is.EqualTo("complaints"));
        Assert.That(run.Priority, Is.EqualTo(10));
        Assert.That(run.Data["intent"], Is.EqualTo("complaint"));
        Assert.That(run.SiteCode, Is.EqualTo("site-a"));
        Assert.That(peer.Commands, Does.Contain("GET DATA /prompts/zh-CN/hotline-askPolicy 8000 20"));
        Assert.That(peer.Commands, Does.Contain("SET VARIABLE CC_POLICY \"300125\""));
        Assert.That(peer.Commands, Does.Contain("SET VARIABLE CC_INTENT \"complaint\""));
        Assert.That(peer.Commands, Does.Contain("SET VARIABLE QUEUE_PRIO \"10\""));
        var steps = harness.Sink.StepsOf(run.CallId);
        Assert.That(steps.Single(s => s.NodeId == "askPolicy").Keys, Is.EqualTo("300125"));
        Assert.That(steps.Select(s => s.Sequence), Is.EqualTo(Enumerable.Range(1, 8)));
    }

    [TestCase("s1-answered-survey/agi02-survey", "site-a-1795458297.0", 4, TestName = "S1 survey: WAIT FOR DIGIT result=52 is the score 4")]
    [TestCase("s7-recording/agi02-survey", "site-a-1795458435.18", 5, TestName = "S7 survey: score 5")]
    [TestCase("s4-agent-control/agi02-survey", "site-a-1795458347.5", null, TestName = "S4 survey: no key is not rated, never a default score")]
    public async Task Recorded_survey_replies_store_the_result_against_the_call_seat_queue_and_site(string fixture, string callId, int? score)
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("satisfaction-survey")], siteCode: "site-a");
        var peer = new RecordedReplyPeer(fixture);
        peer.Channel["MEMBERNAME"] = "agent-1001";
        peer.Channel["QUEUENAME"] = "complaints";

        await peer.RunAsync(harness.EndPoint, CancellationToken.None).WaitAsync(Timeout);
        var run = await harness.Sink.WaitForRunAsync(callId);

        var survey = harness.Sink.Surveys.Single();
        Assert.That(survey.CallId, Is.EqualTo(callId), "the call id comes from ?callid= in agi_network_script");
        Assert.That(survey.SeatId, Is.EqualTo("agent-1001"));
        Assert.That(survey.QueueId, Is.EqualTo("site-a/complaints"));
        Assert.That(survey.SiteCode, Is.EqualTo("site-a"));
        Assert.That(survey.Scale, Is.EqualTo(5));
        Assert.That(survey.Score, Is.EqualTo(score));
        Assert.That(survey.Status, Is.EqualTo(score is null ? SurveyStatus.NotRated : SurveyStatus.Rated));
        Assert.That(run.Exit, Is.EqualTo(IvrExit.HungUpByFlow));
        Assert.That(run.Path, Is.EqualTo("rate>thanks>bye"));
        Assert.That(peer.Commands, Does.Contain(score is null ? "SET VARIABLE SURVEY_STATUS \"not-rated\"" : "SET VARIABLE SURVEY_STATUS \"rated\""));
        Assert.That(peer.UsedReplies, Does.Contain(score is { } s ? $"200 result={(int)(char)('0' + s)}" : "200 result=0"));
    }

    [TestCase("s9a-agi-hangup-in-getdata/agi01-hotline", "askPolicy", TestName = "S9a: GET DATA result=-1 (keys lost) ends the run at askPolicy")]
    [TestCase("s9b-agi-hangup-in-streamfile/agi01-hotline", "greeting", TestName = "S9b: STREAM FILE result=-1 endpos=24000 ends the run at the greeting")]
    public async Task A_recorded_hang_up_ends_the_hotline_run_where_the_caller_left(string fixture, string lastNode)
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")], siteCode: "site-a");
        var peer = new RecordedReplyPeer(fixture);
        peer.Channel["CC_CALLID"] = "call-" + lastNode;

        await peer.RunAsync(harness.EndPoint, CancellationToken.None).WaitAsync(Timeout);
        var run = await harness.Sink.WaitForRunAsync("call-" + lastNode);

        Assert.That(run.Exit, Is.EqualTo(IvrExit.CallerHungUp));
        Assert.That(run.LastNode, Is.EqualTo(lastNode));
        Assert.That(run.Path.Split('>')[^1], Is.EqualTo(lastNode));
        Assert.That(harness.Sink.StepsOf(run.CallId)[^1].Outcome, Is.EqualTo("hung-up"));
        Assert.That(run.PolicyNumber, Is.Null, "the digits keyed before the hang-up are lost (GET DATA -1)");
        Assert.That(peer.Commands.Any(c => c.StartsWith("SET VARIABLE CC_", StringComparison.Ordinal)), Is.False, "nothing is routed after the hang-up");
    }

    [Test]
    public async Task S9c_an_unsolicited_HANGUP_during_a_slow_lookup_ends_the_run_at_the_lookup()
    {
        await using var harness = await IvrHarness.StartAsync([RepoPaths.Shipped("hotline")], siteCode: "site-a");
        harness.Lookup.Hang = true;
        var peer = new RecordedReplyPeer("s9c-agi-hangup-while-idle/agi01-hotline");
        peer.Channel["CC_CALLID"] = "site-a-1795458493.2";

        // The caller-number lookup hangs too: let it time out (fake clock), so the flow asks for the policy number.
        var replay = peer.RunAsync(harness.EndPoint, CancellationToken.None);
        await WaitUntilAsync(() => !harness.Lookup.Calls.IsEmpty);
        harness.Time.Advance(TimeSpan.FromSeconds(4));
        await replay.WaitAsync(Timeout);
        var run = await harness.Sink.WaitForRunAsync("site-a-1795458493.2");

        Assert.That(peer.UsedReplies, Does.Contain("200 result=300125"));
        Assert.That(run.Exit, Is.EqualTo(IvrExit.CallerHungUp));
        Assert.That(run.LastNode, Is.EqualTo("lookupPolicy"), "the HANGUP arrived with no command outstanding, while the CRM was being asked");
        Assert.That(run.Data["policy"], Is.EqualTo("300125"), "the digits were collected before the hang-up");
        Assert.That(harness.Logger.Entries.Any(e => e.Id == 1303), Is.True, "the timed-out caller-number lookup is logged");
        Assert.That(harness.Logger.Entries.Any(e => e.Text.Contains("13812345678", StringComparison.Ordinal) || e.Text.Contains("300125", StringComparison.Ordinal)),
            Is.False, "no caller number or digits in the log");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for the condition");
            }
            await Task.Delay(10);
        }
    }
}
