using ContactCenter.Core.Seats;
using ContactCenter.Core.Sites;
using ContactCenter.Data;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Migrations;
using ContactCenter.Data.Sites;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ContactCenter.Scheduling.Tests.Support;

/// <summary>
/// A fresh migrated database (the shipped sql/ files) with sites gz/sh and seats: a SQLite file, or a new PostgreSQL
/// database on the server named by <c>CC_TEST_POSTGRES</c> (the test is ignored without it), dropped at dispose.
/// </summary>
internal sealed class SchedulingDatabase : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string? _folder;
    private readonly string? _admin;
    private readonly string? _name;

    private SchedulingDatabase(DatabaseOptions options, string? folder, string? admin, string? name)
    {
        Options = options;
        _folder = folder;
        _admin = admin;
        _name = name;
        Factory = new DbConnectionFactory(Microsoft.Extensions.Options.Options.Create(options));
        Campaigns = new CampaignQueries(Factory);
        Tasks = new CallbackTaskQueries(Factory);
    }

    public DatabaseOptions Options { get; }

    public DbConnectionFactory Factory { get; }

    public CampaignQueries Campaigns { get; }

    public CallbackTaskQueries Tasks { get; }

    public static async Task<SchedulingDatabase> CreateAsync(string provider)
    {
        SchedulingDatabase db;
        if (provider == "sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "cc-sched-tests-" + Guid.NewGuid().ToString("N")[..12]);
            db = new SchedulingDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "cc.db")}" },
                folder, null, null);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(admin))
            {
                Assert.Ignore("CC_TEST_POSTGRES not set");
            }

            var name = "cc_sched_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync().WaitAsync(Timeout);
                await connection.ExecuteAsync($"CREATE DATABASE {name}").WaitAsync(Timeout);
            }

            db = new SchedulingDatabase(new DatabaseOptions
            {
                Provider = DatabaseProvider.Postgres,
                ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString(),
            }, null, admin, name);
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

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }

        if (_admin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync().WaitAsync(Timeout);
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)").WaitAsync(Timeout);
        }
    }
}
