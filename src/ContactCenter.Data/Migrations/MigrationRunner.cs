using System.Data.Common;
using ContactCenter.Data.Dialects;
using Dapper;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Data.Migrations;

/// <summary>A migration recorded in <c>schema_migrations</c>.</summary>
public sealed record AppliedMigration
{
    public required int Version { get; init; }

    public required string Name { get; init; }

    public required string Checksum { get; init; }

    public required DateTimeOffset AppliedAt { get; init; }
}

/// <summary>What <see cref="MigrationRunner.MigrateAsync"/> did.</summary>
public sealed record MigrationReport(IReadOnlyList<string> Applied, int CurrentVersion);

/// <summary>
/// Applies the shipped scripts (<c>sql/&lt;dialect&gt;/NNNN_name.sql</c>) that the database does not have yet,
/// each in its own transaction together with its <c>schema_migrations</c> row. Refuses to start
/// (a <see cref="DatabaseStartupException"/>) when an applied file was edited or the database has a
/// migration the files do not.
/// </summary>
public sealed class MigrationRunner
{
    private readonly DbConnectionFactory _db;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MigrationRunner> _logger;

    public MigrationRunner(DbConnectionFactory db, TimeProvider timeProvider, ILogger<MigrationRunner> logger)
    {
        _db = db;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The folder holding this dialect's scripts.</summary>
    public string ScriptsFolder =>
        Path.Combine(_db.Options.ScriptsPath ?? Path.Combine(AppContext.BaseDirectory, "sql"), _db.Dialect.ScriptFolder);

    public IReadOnlyList<MigrationScript> LoadScripts() => MigrationScript.LoadFolder(ScriptsFolder, _db.Dialect.SplitsScriptsOnGo);

    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken)
    {
        var dialect = _db.Dialect;
        var scripts = LoadScripts();
        await using var connection = await OpenAsync(cancellationToken);
        if (dialect.AcquireMigrationLockSql is { } lockSql)
        {
            await connection.ExecuteAsync(_db.Command(lockSql, null, cancellationToken));
        }

        try
        {
            await connection.ExecuteAsync(_db.Command(dialect.CreateMigrationsTableSql, null, cancellationToken));
            var applied = (await ReadAppliedAsync(connection, null, cancellationToken)).ToDictionary(m => m.Version);
            var byVersion = scripts.ToDictionary(s => s.Version);
            foreach (var migration in applied.Values.OrderBy(m => m.Version))
            {
                if (!byVersion.TryGetValue(migration.Version, out var script))
                {
                    throw new DatabaseNewerThanScriptsException(migration.Version, migration.Name);
                }

                if (!string.Equals(script.Checksum, migration.Checksum, StringComparison.OrdinalIgnoreCase))
                {
                    throw new MigrationChecksumMismatchException(script.FileName, migration.Checksum, script.Checksum);
                }
            }

            var done = new List<string>();
            foreach (var script in scripts.Where(s => !applied.ContainsKey(s.Version)))
            {
                if (await ApplyAsync(connection, script, cancellationToken))
                {
                    done.Add(script.FileName);
                }
            }

            var current = scripts.Count == 0 ? 0 : scripts[^1].Version;
            MigrationLog.UpToDate(_logger, dialect.DisplayName, current, done.Count);
            return new MigrationReport(done, current);
        }
        finally
        {
            if (dialect.ReleaseMigrationLockSql is { } unlockSql)
            {
                await connection.ExecuteAsync(_db.Command(unlockSql, null, CancellationToken.None));
            }
        }
    }

    /// <summary>The rows of <c>schema_migrations</c>, oldest first (empty before the first migration).</summary>
    public async Task<IReadOnlyList<AppliedMigration>> ListAppliedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_db.Command(_db.Dialect.CreateMigrationsTableSql, null, cancellationToken));
        return await ReadAppliedAsync(connection, null, cancellationToken);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _db.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw DatabaseErrors.CannotOpen(_db.Options, e);
        }
    }

    private async Task<bool> ApplyAsync(DbConnection connection, MigrationScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // Another server may have applied it between our read and our lock (SQLite has no session lock).
            var already = await connection.ExecuteScalarAsync<int>(_db.Command(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { script.Version }, transaction, cancellationToken));
            if (already > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            foreach (var batch in script.Batches)
            {
                await connection.ExecuteAsync(_db.Command(batch, null, transaction, cancellationToken));
            }

            await connection.ExecuteAsync(_db.Command(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                new { script.Version, script.Name, script.Checksum, AppliedAt = _timeProvider.GetUtcNow() },
                transaction,
                cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            MigrationLog.Applied(_logger, script.FileName, _db.Dialect.DisplayName);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException and not DatabaseStartupException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new MigrationFailedException(script.FileName, e);
        }
    }

    private async Task<IReadOnlyList<AppliedMigration>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<AppliedMigration>(_db.Command(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version", null, transaction, cancellationToken))).ToList();
}

internal static partial class MigrationLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Applied migration {FileName} on {Database}")]
    public static partial void Applied(ILogger logger, string fileName, string database);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Database} schema is at version {Version} ({AppliedCount} migrations applied now)")]
    public static partial void UpToDate(ILogger logger, string database, int version, int appliedCount);
}
