using ContactCenter.Data.Migrations;
using ContactCenter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Data.Tests;

/// <summary>
/// A fresh, empty database for one fixture or test: a real SQLite file in a temp folder, or a new PostgreSQL
/// database <c>cc_test_&lt;random&gt;</c> on the server named by <c>CC_TEST_POSTGRES</c>, dropped afterwards
/// (the shared <see cref="ScratchDatabase"/>, with the data tests' clock and migration runner).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = ScratchDatabase.PostgresVariable;

    private readonly ScratchDatabase _scratch;

    private TestDatabase(ScratchDatabase scratch)
    {
        _scratch = scratch;
    }

    public DatabaseOptions Options => _scratch.Options;

    public DbConnectionFactory Factory => _scratch.Factory;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 1, 30, 0, TimeSpan.Zero));

    /// <summary>Skips the test (fails it under CI) for postgres when <c>CC_TEST_POSTGRES</c> is not set.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, string? scriptsPath = null)
    {
        switch (provider)
        {
            case "sqlite":
                return new TestDatabase(ScratchDatabase.Sqlite("cc-data-tests-", scriptsPath));

            case "postgres":
            {
                var admin = Environment.GetEnvironmentVariable(PostgresVariable);
                if (string.IsNullOrWhiteSpace(admin))
                {
                    MissingDependency.Report($"{PostgresVariable} not set");
                }

                return new TestDatabase(await ScratchDatabase.PostgresAsync(admin!, "cc_test_", scriptsPath));
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

    public ValueTask DisposeAsync() => _scratch.DisposeAsync();
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
