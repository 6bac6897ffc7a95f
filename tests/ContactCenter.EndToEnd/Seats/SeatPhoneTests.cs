using System.Net;
using System.Net.Http.Json;
using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd.Seats;

/// <summary>What a seat's phone does to the seat: not answering, being busy or declining; and a supervisor listening in.</summary>
public sealed class SeatPhoneTests : CenterTests
{
    [Test]
    public async Task Seat_whose_phone_rings_out_is_marked_ring_no_answer_and_offered_no_more_calls()
    {
        var seat = await Center.SeatAsync(Center.Gz, "1005", SippScenario.RingingForever());
        var number = await Center.CustomerWithoutComplaintAsync(skip: 8);
        // queues.conf rings a seat 15 s (timeout) before app_queue reports AgentRingNoAnswer.
        var caller = Center.Call(Center.Gz, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("2").HangUpWithin(Center.ConnectingMs() + 19_000));

        var offered = await seat.Desk.WaitForAsync("CallOffered");
        await CenterFixture.UntilAsync(() => seat.State == "not-ready" && seat.Reason == "未接", "the seat marked 示忙 (未接)", TimeSpan.FromSeconds(40));
        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        Assert.Multiple(() =>
        {
            Assert.That(offered.GetProperty("call").GetProperty("callId").GetString(), Is.EqualTo(contact.CallId));
            Assert.That(contact.Outcome, Is.EqualTo("abandoned"));
            Assert.That(contact.RingingAt, Is.Not.Null);
            Assert.That(Center.SiteGz.QueueLog().Where(l => l.CallId == contact.CallId).Select(l => l.Event), Does.Contain("RINGNOANSWER"));
        });
        var members = await Center.SiteGz.CliAsync("queue show policy-service", CancellationToken.None);
        Assert.That(members, Does.Match(@"PJSIP/1005.*paused"), "Asterisk stops offering calls to the seat");
    }

    [TestCase(486, "Busy Here")]
    [TestCase(603, "Decline")]
    public async Task Seat_whose_phone_is_busy_or_declines_is_not_paused_as_ring_no_answer(int status, string reason)
    {
        var seat = await Center.SeatAsync(Center.Sh, "2005", SippScenario.Refusing(status, reason));
        var number = await Center.CustomerWithoutComplaintAsync(skip: 9 + (status % 7));
        var caller = Center.Call(Center.Sh, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("2").HangUpWithin(Center.ConnectingMs() + 6000));

        Assert.That(await caller.WaitAsync(TimeSpan.FromSeconds(60)), Is.Zero, caller.Errors());
        var contact = await Center.EndedContactFromAsync(number);
        Assert.That(contact.Outcome, Is.EqualTo("abandoned"));
        Assert.That(seat.Desk.Messages.Any(m => m.Method == "StateChanged" && m.Message.GetProperty("state").TryGetProperty("reason", out var reason) && reason.GetString() == "未接"), Is.False,
            "a busy or declining phone is not an empty desk");
        var members = await Center.SiteSh.CliAsync("queue show policy-service", CancellationToken.None);
        Assert.That(members, Does.Contain("PJSIP/2005").And.Not.Match(@"PJSIP/2005[^\n]*paused"));
    }

    [TestCase("listen")]
    [TestCase("whisper")]
    [TestCase("barge")]
    public async Task Supervisor_listens_whispers_or_barges_on_the_seats_call_from_the_wallboard(string mode)
    {
        await Center.SeatAsync(Center.Gz, "1001", SippScenario.Answering(ringMs: 300).HangUpWithin(25_000));
        await Center.PhoneAsync(Center.Gz, "9001", SippScenario.Answering(ringMs: 300).WaitForHangUp());
        var number = await Center.CustomerWithoutComplaintAsync(skip: 20);
        Center.Call(Center.Gz, SippScenario.Caller(number).Pause(Center.MainMenuKeyAt()).Keys("2").HangUpWithin(Center.ConnectingMs() + 20_000));
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE caller_number = @number AND answered_at IS NOT NULL AND ended_at IS NULL", new { number })).Single() == 1,
            "the seat talking", TimeSpan.FromSeconds(40));

        var (supervisor, _) = await Center.SignInAsync("super-gz");
        var seatId = (await Center.QueryAsync<string>("SELECT id FROM seats WHERE site_code = 'gz' AND extension = '1001'")).Single();
        using var response = await supervisor.PostAsJsonAsync($"/api/wallboard/seats/{seatId}/spy", new { mode, phone = "9001" });
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());

        var options = mode switch { "listen" => "qE", "whisper" => "qwE", _ => "qBE" };
        await CenterFixture.UntilAsync(async () => (await Center.SiteGz.CliAsync("core show channels concise", CancellationToken.None))
            .Split('\n').Any(line => line.StartsWith("PJSIP/9001-", StringComparison.Ordinal) && line.Contains("ChanSpy", StringComparison.Ordinal) && line.Contains($"PJSIP/1001-", StringComparison.Ordinal) && line.Contains(options, StringComparison.Ordinal)),
            "the supervisor's phone spying on the seat's leg", TimeSpan.FromSeconds(20));
    }
}
