using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Sites;
using ContactCenter.Data.Sites;

namespace ContactCenter.Data.Tests.Sites;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class SiteQueriesTests(string provider) : DatabaseFixture(provider)
{
    private SiteQueries _sites = null!;

    [OneTimeSetUp]
    public async Task Setup()
    {
        await TestData.EnsureSitesAsync(Db);
        _sites = new SiteQueries(Db);
    }

    [Test]
    public async Task A_site_reads_back_and_an_upsert_changes_it_in_place()
    {
        await _sites.UpsertSiteAsync(new Site("bj", "北京", "Asia/Shanghai", "10.0.0.5", 5038), CancellationToken.None).WaitAsync(Timeout);
        await _sites.UpsertSiteAsync(new Site("bj", "北京中心", "Asia/Shanghai", null, null), CancellationToken.None).WaitAsync(Timeout);

        var site = await _sites.GetSiteAsync("bj", CancellationToken.None).WaitAsync(Timeout);
        var all = await _sites.ListSitesAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That((site?.Name, site?.AmiHost, site?.AmiPort), Is.EqualTo(("北京中心", (string?)null, (int?)null)));
        Assert.That(all.Select(s => s.Code), Does.Contain("bj").And.Contain(TestData.Guangzhou));
    }

    [Test]
    public async Task A_queue_keeps_its_service_level_and_overflow_policy()
    {
        var queue = new Queue(TestData.Guangzhou, "claims", "理赔", 15, 0.85, 8, new OverflowPolicy(45, 120, 2.5, [TestData.Shanghai, "bj"]));
        await _sites.UpsertSiteAsync(new Site("bj", "北京"), CancellationToken.None).WaitAsync(Timeout);
        await _sites.UpsertQueueAsync(queue, CancellationToken.None).WaitAsync(Timeout);

        var stored = (await _sites.GetQueueAsync("gz/claims", CancellationToken.None).WaitAsync(Timeout))!;

        Assert.That((stored.SiteCode, stored.Name, stored.DisplayName), Is.EqualTo((TestData.Guangzhou, "claims", "理赔")));
        Assert.That((stored.ServiceLevelSeconds, stored.ServiceLevelTarget, stored.ShortAbandonSeconds), Is.EqualTo((15, 0.85, 8)));
        Assert.That(stored.Overflow, Is.EqualTo(queue.Overflow).Using<OverflowPolicy>((a, b) =>
            a.MaxWaitSeconds == b.MaxWaitSeconds && a.MaxEstimatedWaitSeconds == b.MaxEstimatedWaitSeconds &&
            a.MaxWaitingPerSeat == b.MaxWaitingPerSeat && a.Targets.SequenceEqual(b.Targets)));
    }

    [Test]
    public async Task A_queue_without_overflow_reads_back_with_none()
    {
        var stored = await _sites.GetQueueAsync(TestData.ShComplaints, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(stored?.Overflow.IsEnabled, Is.False);
    }

    [Test]
    public async Task Queues_list_by_site()
    {
        var shanghai = await _sites.ListQueuesAsync(TestData.Shanghai, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(shanghai.Select(q => q.Id), Is.EqualTo(new[] { TestData.ShComplaints }));
    }

    [Test]
    public async Task A_seat_reads_back_with_its_queues_and_an_upsert_replaces_them()
    {
        await _sites.UpsertQueueAsync(new Queue(TestData.Guangzhou, "policy-service", "保单服务"), CancellationToken.None).WaitAsync(Timeout);
        var seat = new Seat("agent-1009", TestData.Guangzhou, "1009", "座席 1009");
        seat.JoinQueue(TestData.GzComplaints, 1);
        seat.JoinQueue("gz/policy-service", 0);
        await _sites.UpsertSeatAsync(seat, CancellationToken.None).WaitAsync(Timeout);
        var first = await _sites.GetSeatAsync("agent-1009", CancellationToken.None).WaitAsync(Timeout);

        seat.LeaveQueue(TestData.GzComplaints);
        await _sites.UpsertSeatAsync(seat, CancellationToken.None).WaitAsync(Timeout);
        var second = await _sites.GetSeatAsync("agent-1009", CancellationToken.None).WaitAsync(Timeout);
        var listed = (await _sites.ListSeatsAsync(TestData.Guangzhou, CancellationToken.None).WaitAsync(Timeout)).Single(s => s.Id == "agent-1009");

        Assert.That(first?.Queues, Is.EqualTo(new[] { new SeatQueueMembership("gz/policy-service", 0), new SeatQueueMembership(TestData.GzComplaints, 1) }));
        Assert.That(second?.Queues, Is.EqualTo(new[] { new SeatQueueMembership("gz/policy-service", 0) }));
        Assert.That(listed.Queues, Is.EqualTo(second?.Queues));
        Assert.That(listed.Extension, Is.EqualTo("1009"));
    }
}
