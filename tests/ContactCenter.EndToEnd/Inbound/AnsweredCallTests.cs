using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd.Inbound;

/// <summary>Hotline calls answered by a seat at each site, with the post-call survey, on two real Asterisk sites.</summary>
public sealed class AnsweredCallTests : CenterTests
{
    /// <summary>At sh this also proves the site's own <c>AgiListenAddress</c> is listened on (its IVR and survey run).</summary>
    [TestCase("gz", "1001")]
    [TestCase("sh", "2001")]
    public async Task Answered_call_with_a_survey_key_is_one_answered_contact_with_its_score(string siteCode, string extension)
    {
        var site = siteCode == "gz" ? Center.Gz : Center.Sh;
        var seat = await Center.SeatAsync(site, extension, SippScenario.Answering(ringMs: 1000).HangUpWithin(4000));
        var number = await Center.CustomerWithoutComplaintAsync();
        var menuKey = Center.MainMenuKeyAt();
        var caller = Center.Call(site, SippScenario.Caller(number)
            .Pause(menuKey).Keys("3")
            .Pause(Center.ConnectingMs() + 1000 + 4000 + Center.SurveyKeyAfterHangUp()).Keys("4")
            .WaitForHangUp());

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(90)), Is.Zero, caller.Errors());
        var offered = await seat.Desk.WaitForAsync("CallOffered");
        var callId = offered.GetProperty("call").GetProperty("callId").GetString()!;
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM survey_results WHERE call_id = @callId", new { callId })).Single() == 1, "the survey result");

        var contact = await Center.ContactAsync(callId);
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
            Assert.That(offered.GetProperty("call").GetProperty("ivrPath").GetString(), Does.Contain("mainMenu>complaints>"),
                "the pop shows the caller's way through the IVR (menu, then 投诉建议), not only the intent");
            Assert.That(contact.IvrPath, Does.Contain("mainMenu>complaints>"));
        });
        var survey = await Center.QueryAsync<(long? Score, string Status)>("SELECT score, status FROM survey_results WHERE call_id = @callId", new { callId });
        Assert.That(survey.Single(), Is.EqualTo(((long?)4, "rated")));
        var log = Center.Site(site).QueueLog().Where(l => l.CallId == callId).Select(l => l.Event).ToList();
        Assert.That(log, Does.Contain("CONNECT").And.Contain("COMPLETEAGENT"), "Asterisk's queue_log agrees");
        Assert.That(seat.Desk.Messages.Select(m => m.Method).SkipWhile(m => m != "CallOffered").ToList(), Does.Contain("CallAnswered"));
    }

    [Test]
    public async Task Survey_with_an_invalid_key_then_a_valid_one_stores_the_valid_score()
    {
        await Center.SeatAsync(Center.Gz, "1002", SippScenario.Answering(ringMs: 500).HangUpWithin(3000));
        var number = await Center.CustomerWithoutComplaintAsync(skip: 1);
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number)
            .Pause(Center.MainMenuKeyAt()).Keys("3")
            .Pause(Center.ConnectingMs() + 500 + 3000 + Center.SurveyKeyAfterHangUp()).Keys("9")
            .Pause(Center.Ms("satisfaction-survey", "invalidRating") + Center.SurveyKeyAfterHangUp()).Keys("5")
            .WaitForHangUp());

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(90)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM survey_results WHERE call_id = @id", new { id = contact.CallId })).Single() == 1, "the survey result");
        var survey = await Center.QueryAsync<(long? Score, string Status)>("SELECT score, status FROM survey_results WHERE call_id = @id", new { id = contact.CallId });
        Assert.That(survey.Single(), Is.EqualTo(((long?)5, "rated")));
        Assert.That(contact.Outcome, Is.EqualTo("answered"));
    }

    [Test]
    public async Task Survey_with_no_key_is_stored_as_not_rated()
    {
        await Center.SeatAsync(Center.Gz, "1003", SippScenario.Answering(ringMs: 500).HangUpWithin(3000));
        var number = await Center.CustomerWithoutComplaintAsync(skip: 2);
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number)
            .Pause(Center.MainMenuKeyAt()).Keys("3")
            .WaitForHangUp());

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(90)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM survey_results WHERE call_id = @id", new { id = contact.CallId })).Single() == 1, "the survey result");
        var survey = await Center.QueryAsync<(long? Score, string Status)>("SELECT score, status FROM survey_results WHERE call_id = @id", new { id = contact.CallId });
        Assert.That(survey.Single(), Is.EqualTo(((long?)null, "not-rated")));
        Assert.That(contact.Outcome, Is.EqualTo("answered"));
    }
}
