using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Sites;
using ContactCenter.Data.Sites;

namespace ContactCenter.Data.Tests;

/// <summary>The sites, queues and seats other rows refer to (upserted, so every fixture may call it).</summary>
internal static class TestData
{
    public const string Guangzhou = "gz";
    public const string Shanghai = "sh";
    public const string GzComplaints = "gz/complaints";
    public const string ShComplaints = "sh/complaints";
    public const string GzSeat = "agent-1001";
    public const string ShSeat = "agent-2001";

    public static async Task EnsureSitesAsync(DbConnectionFactory db)
    {
        var sites = new SiteQueries(db);
        var timeout = TimeSpan.FromSeconds(30);
        await sites.UpsertSiteAsync(new Site(Guangzhou, "广州"), CancellationToken.None).WaitAsync(timeout);
        await sites.UpsertSiteAsync(new Site(Shanghai, "上海"), CancellationToken.None).WaitAsync(timeout);
        await sites.UpsertQueueAsync(
            new Queue(Guangzhou, "complaints", "投诉", overflow: new OverflowPolicy(60, null, null, [Shanghai])),
            CancellationToken.None).WaitAsync(timeout);
        await sites.UpsertQueueAsync(new Queue(Shanghai, "complaints", "投诉"), CancellationToken.None).WaitAsync(timeout);
        var gzSeat = new Seat(GzSeat, Guangzhou, "1001", "座席 1001");
        gzSeat.JoinQueue(GzComplaints);
        await sites.UpsertSeatAsync(gzSeat, CancellationToken.None).WaitAsync(timeout);
        var shSeat = new Seat(ShSeat, Shanghai, "2001", "座席 2001");
        shSeat.JoinQueue(ShComplaints);
        await sites.UpsertSeatAsync(shSeat, CancellationToken.None).WaitAsync(timeout);
    }
}
