using ContactCenter.Core.Seats;
using ContactCenter.Core.Sites;
using ContactCenter.Data;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Migrations;
using ContactCenter.Data.Sites;
using ContactCenter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Scheduling.Tests.Support;

/// <summary>
/// A fresh migrated database (the shipped sql/ files) with sites gz/sh and seats: a SQLite file, or a new PostgreSQL
/// database on the server named by <c>CC_TEST_POSTGRES</c> (the test is ignored without it), dropped at dispose.
/// </summary>
internal sealed class SchedulingDatabase : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ScratchDatabase _scratch;

    private SchedulingDatabase(ScratchDatabase scratch)
    {
        _scratch = scratch;
        Campaigns = new CampaignQueries(Factory);
        Tasks = new CallbackTaskQueries(Factory);
    }

    public DatabaseOptions Options => _scratch.Options;

    public DbConnectionFactory Factory => _scratch.Factory;

    public CampaignQueries Campaigns { get; }

    public CallbackTaskQueries Tasks { get; }

    public static async Task<SchedulingDatabase> CreateAsync(string provider)
    {
        SchedulingDatabase db;
        if (provider == "sqlite")
        {
            db = new SchedulingDatabase(ScratchDatabase.Sqlite("cc-sched-tests-"));
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable(ScratchDatabase.PostgresVariable);
            if (string.IsNullOrWhiteSpace(admin))
            {
                MissingDependency.Report($"{ScratchDatabase.PostgresVariable} not set");
            }

            db = new SchedulingDatabase(await ScratchDatabase.PostgresAsync(admin!, "cc_sched_"));
        }

        await new MigrationRunner(db.Factory, new FakeTimeProvider(), NullLogger<MigrationRunner>.Instance).MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        var sites = new SiteQueries(db.Factory);
        await sites.UpsertSiteAsync(new Site("gz", "广州"), CancellationToken.None).WaitAsync(Timeout);
        await sites.UpsertSiteAsync(new Site("sh", "上海"), CancellationToken.None).WaitAsync(Timeout);
        foreach (var (id, site, ext) in new[] { ("agent-1001", "gz", "1001"), ("agent-1002", "gz", "1002"), ("agent-2001", "sh", "2001"), ("agent-2002", "sh", "2002") })
        {
            await sites.UpsertSeatAsync(new Seat(id, site, ext, "座席 " + ext), CancellationToken.None).WaitAsync(Timeout);
        }

        return db;
    }

    public ValueTask DisposeAsync() => _scratch.DisposeAsync();
}
