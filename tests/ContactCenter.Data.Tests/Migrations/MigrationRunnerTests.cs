using ContactCenter.Data.Migrations;
using Dapper;

namespace ContactCenter.Data.Tests.Migrations;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class MigrationRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _provider;
    private string _scripts = string.Empty;

    public MigrationRunnerTests(string provider)
    {
        _provider = provider;
    }

    [SetUp]
    public void CopyShippedScripts()
    {
        // Each test edits its own copy of the shipped scripts.
        _scripts = Path.Combine(Path.GetTempPath(), "cc-sql-" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "sql"), "*.sql", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_scripts, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "sql"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [TearDown]
    public void DeleteScripts() => Directory.Delete(_scripts, recursive: true);

    [Test]
    public async Task A_fresh_database_gets_every_shipped_migration_recorded_with_its_checksum()
    {
        await using var database = await TestDatabase.CreateAsync(_provider, _scripts);
        var runner = database.Runner();
        var scripts = runner.LoadScripts();

        var report = await runner.MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        var applied = await runner.ListAppliedAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(report.Applied, Is.EqualTo(scripts.Select(s => s.FileName)));
        Assert.That(report.CurrentVersion, Is.EqualTo(scripts[^1].Version));
        Assert.That(applied.Select(a => (a.Version, a.Name, a.Checksum)), Is.EqualTo(scripts.Select(s => (s.Version, s.Name, s.Checksum))));
        Assert.That(applied.Select(a => a.AppliedAt), Has.All.EqualTo(database.Time.GetUtcNow()));
    }

    [Test]
    public async Task Running_again_applies_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(_provider, _scripts);
        await database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout);

        var second = await database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(second.Applied, Is.Empty);
    }

    [Test]
    public async Task An_applied_file_that_was_edited_stops_start_up_naming_the_file()
    {
        await using var database = await TestDatabase.CreateAsync(_provider, _scripts);
        await database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        var file = Path.Combine(_scripts, database.Factory.Dialect.ScriptFolder, "0001_initial.sql");
        await File.AppendAllTextAsync(file, "\n-- an afterthought\n");

        var error = Assert.ThrowsAsync<MigrationChecksumMismatchException>(
            () => database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.FileName, Is.EqualTo("0001_initial.sql"));
        Assert.That(error.Message, Does.StartWith("migration 0001_initial.sql was edited after it was applied (checksum "));
        Assert.That(error.Message, Does.EndWith("restore it or add a new migration."));
    }

    [Test]
    public async Task A_database_with_a_migration_the_files_lack_is_refused_as_newer()
    {
        await using var database = await TestDatabase.CreateAsync(_provider, _scripts);
        await database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        await using (var connection = await database.Factory.OpenAsync(CancellationToken.None).WaitAsync(Timeout))
        {
            await connection.ExecuteAsync(database.Factory.Command(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'from_the_future', 'x', @At)",
                new { At = database.Time.GetUtcNow() }, CancellationToken.None)).WaitAsync(Timeout);
        }

        var error = Assert.ThrowsAsync<DatabaseNewerThanScriptsException>(
            () => database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Version, Is.EqualTo(9999));
        Assert.That(error.Message, Does.Contain("9999_from_the_future.sql"));
    }

    [Test]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded()
    {
        await using var database = await TestDatabase.CreateAsync(_provider, _scripts);
        await File.WriteAllTextAsync(
            Path.Combine(_scripts, database.Factory.Dialect.ScriptFolder, "9001_broken.sql"),
            "CREATE TABLE half_done (id integer NOT NULL);\nINSERT INTO no_such_table (id) VALUES (1);\n");

        var error = Assert.ThrowsAsync<MigrationFailedException>(
            () => database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout));
        var applied = await database.Runner().ListAppliedAsync(CancellationToken.None).WaitAsync(Timeout);
        await using var connection = await database.Factory.OpenAsync(CancellationToken.None).WaitAsync(Timeout);
        var halfDone = await connection.ExecuteScalarAsync<int>(database.Factory.Command(
            _provider == "sqlite"
                ? "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'half_done'",
            null, CancellationToken.None)).WaitAsync(Timeout);

        Assert.That(error!.FileName, Is.EqualTo("9001_broken.sql"));
        Assert.That(applied.Select(a => a.Version), Does.Contain(1).And.Not.Contain(9001));
        Assert.That(halfDone, Is.Zero);
    }
}
