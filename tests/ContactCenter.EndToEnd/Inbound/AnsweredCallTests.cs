using System.Text.Json;
using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd.Inbound;

/// <summary>Hotline calls answered by a seat at each site, with the post-call survey, on two real Asterisk sites.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AnsweredCallTests
{
    private CenterFixture _center = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _center = await CenterFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_center is not null)
        {
            await _center.DisposeAsync();
        }
    }

    [TearDown]
    public async Task ResetAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(_center.Diagnostics());
        }

        await _center.ResetAsync();
    }

    /// <summary>At sh this also proves the site's own <c>AgiListenAddress</c> is listened on (its IVR and survey run).</summary>
    [TestCase("gz", "1001")]
    [TestCase("sh", "2001")]
    public async Task Answered_call_with_a_survey_key_is_one_answered_contact_with_its_score(string siteCode, string extension)
    {
        var site = siteCode == "gz" ? _center.Gz : _center.Sh;
        var seat = await _center.SeatAsync(site, extension, SippScenario.Answering(ringMs: 1000).HangUpWithin(4000));
        var number = await _center.CustomerWithoutComplaintAsync();
        var menuKey = _center.MainMenuKeyAt();
        var caller = _center.Call(site, SippScenario.Caller(number)
            .Pause(menuKey).Keys("3")
            .Pause(_center.ConnectingMs() + 1000 + 4000 + _center.SurveyKeyAfterHangUp()).Keys("4")
            .WaitForHangUp());

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(90)), Is.Zero, caller.Errors());
        var offered = await seat.Desk.WaitForAsync("CallOffered");
        var callId = offered.GetProperty("call").GetProperty("callId").GetString()!;
        await CenterFixture.UntilAsync(async () => (await _center.QueryAsync<long>("SELECT COUNT(*) FROM survey_results WHERE call_id = @callId", new { callId })).Single() == 1, "the survey result");

        var contact = await _center.ContactAsync(callId);
        Assert.That(contact, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(contact!.Outcome, Is.EqualTo("answered"));
            Assert.That(contact.SiteCode, Is.EqualTo(siteCode));
            Assert.That(contact.Direction, Is.EqualTo("inbound"));
            Assert.That(contact.QueueId, Does.EndWith("complaints"));
            Assert.That(contact.SeatId, Does.Contain(extension));
            Assert.That(contact.CustomerId, Is.Not.Null, "identified by the caller's number");
            Assert.That(contact.AnsweredAt, Is.Not.Null);
            Assert.That(contact.RecordingFile, Is.Not.Null.And.Not.Empty);
        });
        var survey = await _center.QueryAsync<(long? Score, string Status)>("SELECT score, status FROM survey_results WHERE call_id = @callId", new { callId });
        Assert.That(survey.Single(), Is.EqualTo(((long?)4, "rated")));
        var log = _center.Site(site).QueueLog().Where(l => l.CallId == callId).Select(l => l.Event).ToList();
        Assert.That(log, Does.Contain("CONNECT").And.Contain("COMPLETEAGENT"), "Asterisk's queue_log agrees");
        Assert.That(seat.Desk.Messages.Select(m => m.Method).SkipWhile(m => m != "CallOffered").ToList(), Does.Contain("CallAnswered"));
    }
}
