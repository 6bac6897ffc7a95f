using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd.Load;

/// <summary>
/// A burst of concurrent callers with random hang-up points against two real sites: every call has exactly one
/// contact record with one outcome, none stays open, and the outcomes agree with Asterisk's queue_log.
/// </summary>
public sealed class BurstTests : CenterTests
{
    public const int QueueCallers = 40;
    public const int IvrHangUps = 12;

    [Test]
    public async Task Fifty_concurrent_callers_with_random_hang_ups_each_have_one_closed_record_agreeing_with_queue_log()
    {
        foreach (var extension in new[] { "1001", "1002", "1003" })
        {
            await Center.SeatAsync(Center.Gz, extension, SippScenario.Answering(ringMs: 300).HangUpWithin(4000));
        }

        var queued = await Center.CustomerWithoutComplaintAsync(skip: 50);
        var early = await Center.CustomerWithoutComplaintAsync(skip: 51);
        // Callers key 保单服务 and then hang up at a random point: in the queue, while talking, or in the survey.
        var queueCallers = Center.Call(Center.Gz, SippScenario.Caller(queued, "burst-queue")
            .Pause(Center.MainMenuKeyAt()).Keys("2").PauseBetween(500, 25_000).HangUpWithin(1), slot: 0, calls: QueueCallers, rate: 8, limit: QueueCallers);
        // Others hang up somewhere in the IVR.
        var ivrCallers = Center.Call(Center.Gz, SippScenario.Caller(early, "burst-ivr")
            .PauseBetween(200, Center.MainMenuKeyAt()).HangUpWithin(1), slot: 1, calls: IvrHangUps, rate: 4, limit: IvrHangUps);

        // sipp counts a call whose far end hung up first (survey end, seat hang-up) as failed: only the records are judged.
        await queueCallers.WaitAsync(TimeSpan.FromSeconds(150));
        await ivrCallers.WaitAsync(TimeSpan.FromSeconds(60));
        await CenterFixture.UntilAsync(async () => (await Center.QueryAsync<long>("SELECT COUNT(*) FROM contacts WHERE ended_at IS NULL")).Single() == 0,
            "every contact closed", TimeSpan.FromSeconds(60));

        var rows = await Center.QueryAsync<ContactRow>("SELECT * FROM contacts WHERE caller_number IN (@queued, @early)", new { queued, early });
        var log = Center.SiteGz.QueueLog();
        var queueLogCalls = log.Where(l => l.Event == "ENTERQUEUE").Select(l => l.CallId).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(QueueCallers + IvrHangUps), "one record per call");
            Assert.That(rows.Select(r => r.CallId).Distinct().Count(), Is.EqualTo(rows.Count));
            Assert.That(rows.Where(r => r.Outcome is null), Is.Empty, "every record has its outcome");
            Assert.That(rows.Where(r => r.CallerNumber == queued && r.CustomerId is null), Is.Empty, "every caller identified by number, however busy the IVR");
            Assert.That(rows.Count(r => r.Outcome == "answered"), Is.GreaterThan(0), "the seats took calls");
            Assert.That(rows.Count(r => r.EnqueuedAt is not null), Is.EqualTo(queueLogCalls.Count(id => rows.Any(r => r.CallId == id))), "queued calls = queue_log ENTERQUEUE");
            Assert.That(rows.Count(r => r.Outcome == "answered"), Is.EqualTo(log.Count(l => l.Event == "CONNECT" && rows.Any(r => r.CallId == l.CallId))), "answered = queue_log CONNECT");
            Assert.That(rows.Count(r => r.Outcome == "abandoned" && r.EnqueuedAt is not null), Is.EqualTo(log.Count(l => l.Event == "ABANDON" && rows.Any(r => r.CallId == l.CallId))), "abandoned in queue = queue_log ABANDON");
        });
        await TestContext.Out.WriteLineAsync(string.Join(", ", rows.GroupBy(r => r.Outcome).Select(g => $"{g.Key}: {g.Count()}")));
    }
}
