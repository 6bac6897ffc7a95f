using ContactCenter.Core.Users;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Seeding;
using ContactCenter.Data.Sites;
using ContactCenter.Data.Users;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Demo;

/// <summary>
/// Runs first at start-up, on the migrated database (<see cref="Hosting.ServerHost.StartAsync"/>): on an
/// empty database it writes the demo contact center.
/// </summary>
public sealed class DemoSeeder(
    IOptions<DemoOptions> options,
    SiteQueries sites,
    UserQueries users,
    SeedWriter seed,
    CampaignQueries campaigns,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.SeedWhenEmpty || (await users.ListAsync(null, cancellationToken)).Count > 0)
        {
            return;
        }

        var hash = PasswordHasher.Hash(demo.Password);
        var allSeats = new List<Core.Seats.Seat>();
        foreach (var site in DemoData.Sites)
        {
            await sites.UpsertSiteAsync(site, cancellationToken);
            foreach (var queue in DemoData.QueuesOf(site))
            {
                await sites.UpsertQueueAsync(queue, cancellationToken);
            }

            foreach (var seat in DemoData.SeatsOf(site))
            {
                await sites.UpsertSeatAsync(seat, cancellationToken);
                allSeats.Add(seat);
            }
        }

        foreach (var user in DemoData.UsersFor(allSeats, hash))
        {
            await users.InsertAsync(user, cancellationToken);
        }

        if (demo.Campaigns)
        {
            foreach (var campaign in DemoData.Campaigns())
            {
                var id = await campaigns.InsertAsync(campaign, cancellationToken);
                await campaigns.AssignSeatsAsync(id, allSeats.Where(s => s.SiteCode == campaign.HomeSite).Select(s => s.Id), cancellationToken);
            }
        }

        var customers = DemoData.Customers(demo.Customers, time.GetUtcNow());
        if (customers.Count > 0 && await seed.HasNoCustomersAsync(cancellationToken))
        {
            await seed.InsertCustomersAsync(customers, cancellationToken);
        }

        DemoLog.Seeded(logger, DemoData.Sites.Count, allSeats.Count, customers.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Seeded the demo: {Sites} sites, {Seats} seats, {Customers} customers")]
    public static partial void Seeded(ILogger logger, int sites, int seats, int customers);
}
