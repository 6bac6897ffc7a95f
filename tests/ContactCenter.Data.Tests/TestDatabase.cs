using ContactCenter.Data.Migrations;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ContactCenter.Data.Tests;

/// <summary>
/// A fresh, empty database for one fixture or test: a real SQLite file in a temp folder, or a new PostgreSQL
/// database <c>cc_test_&lt;random&gt;</c> on the server named by <c>CC_TEST_POSTGRES</c>, dropped afterwards.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CC_TEST_POSTGRES";

    private readonly string? _sqliteFolder;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseOptions options, string? sqliteFolder, string? postgresAdmin, string? postgresName)
    {
        Options = options;
        _sqliteFolder = sqliteFolder;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
        Factory = new DbConnectionFactory(Microsoft.Extensions.Options.Options.Create(options));
    }

    public DatabaseOptions Options { get; }

    public DbConnectionFactory Factory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 1, 30, 0, TimeSpan.Zero));

    /// <summary>Skips the test (Assert.Ignore) for postgres when <c>CC_TEST_POSTGRES</c> is not set.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, string? scriptsPath = null)
    {
        switch (provider)
        {
            case "sqlite":
            {
                var folder = Path.Combine(Path.GetTempPath(), "cc-data-tests-" + Guid.NewGuid().ToString("N")[..12]);
                var options = new DatabaseOptions
                {
                    Provider = DatabaseProvider.Sqlite,
                    ConnectionString = $"Data Source={Path.Combine(folder, "cc.db")}",
                    ScriptsPath = scriptsPath,
                };
                return new TestDatabase(options, folder, null, null);
            }

            case "postgres":
            {
                var admin = Environment.GetEnvironmentVariable(PostgresVariable);
                if (string.IsNullOrWhiteSpace(admin))
                {
                    Assert.Ignore($"{PostgresVariable} not set");
                }

                var name = "cc_test_" + Guid.NewGuid().ToString("N")[..16];
                await using (var connection = new NpgsqlConnection(admin))
                {
                    await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
                    await connection.ExecuteAsync($"CREATE DATABASE {name}").WaitAsync(TimeSpan.FromSeconds(30));
                }

                var options = new DatabaseOptions
                {
                    Provider = DatabaseProvider.Postgres,
                    ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString(),
                    ScriptsPath = scriptsPath,
                };
                return new TestDatabase(options, null, admin, name);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgres");
        }
    }

    public MigrationRunner Runner() => new(Factory, Time, NullLogger<MigrationRunner>.Instance);

    public async Task<TestDatabase> MigratedAsync()
    {
        await Runner().MigrateAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_sqliteFolder))
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
        }

        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)").WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}

/// <summary>
/// Base of the data tests that run on every provider: one migrated database per fixture (per provider),
/// shared by its tests, which therefore use their own keys.
/// </summary>
public abstract class DatabaseFixture
{
    /// <summary>Upper bound on any awaited database call in a test.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _provider;
    private TestDatabase? _database;

    protected DatabaseFixture(string provider)
    {
        _provider = provider;
    }

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("the fixture is not set up");

    protected DbConnectionFactory Db => Database.Factory;

    protected FakeTimeProvider Time => Database.Time;

    protected string Provider => _provider;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await TestDatabase.CreateAsync(_provider);
        await _database.MigratedAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A key unique within the fixture's database, e.g. <c>Unique("call")</c> → "call-3f2a9c1b".</summary>
    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
