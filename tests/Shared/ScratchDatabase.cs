using ContactCenter.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactCenter.Testing;

/// <summary>
/// A throwaway, empty database for the tests and benchmarks that use the real providers: a SQLite file in a new temp
/// folder, or a new PostgreSQL database <c>&lt;prefix&gt;&lt;random&gt;</c> created on the server an admin connection
/// string names (<c>CC_TEST_POSTGRES</c> in the tests). <see cref="DisposeAsync"/> deletes the folder or drops the
/// database. Migrating is the caller's (each wants its own clock). Free of NUnit: the tests decide whether a missing
/// server skips. Linked as source into the projects that use it (tests/Shared), so that it needs no project of its own.
/// </summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    /// <summary>The environment variable with the admin connection string of the test PostgreSQL server.</summary>
    public const string PostgresVariable = "CC_TEST_POSTGRES";

    /// <summary>Upper bound on creating and dropping the scratch database.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string? _sqliteFolder;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private ScratchDatabase(DatabaseOptions options, string? sqliteFolder, string? postgresAdmin, string? postgresName)
    {
        Options = options;
        _sqliteFolder = sqliteFolder;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
        Factory = new DbConnectionFactory(Microsoft.Extensions.Options.Options.Create(options));
    }

    public DatabaseOptions Options { get; }

    public DbConnectionFactory Factory { get; }

    /// <summary>A SQLite file <c>cc.db</c> in a new folder <c>&lt;folderPrefix&gt;&lt;random&gt;</c> under the temp path (created on first open).</summary>
    public static ScratchDatabase Sqlite(string folderPrefix, string? scriptsPath = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), folderPrefix + Guid.NewGuid().ToString("N")[..12]);
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(folder, "cc.db")}",
            ScriptsPath = scriptsPath,
        };
        return new ScratchDatabase(options, folder, null, null);
    }

    /// <summary>Creates the database <c>&lt;namePrefix&gt;&lt;random&gt;</c> on the server <paramref name="admin"/> names.</summary>
    /// <param name="commandTimeoutSeconds">A longer command timeout for the connection string and the options (bulk seeding); the defaults when null.</param>
    public static async Task<ScratchDatabase> PostgresAsync(string admin, string namePrefix, string? scriptsPath = null, int? commandTimeoutSeconds = null, CancellationToken cancellationToken = default)
    {
        var name = namePrefix + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"CREATE DATABASE {name}", cancellationToken: cancellationToken)).WaitAsync(Timeout, cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ScriptsPath = scriptsPath };
        if (commandTimeoutSeconds is { } seconds)
        {
            builder.CommandTimeout = seconds;
            options.CommandTimeoutSeconds = seconds;
        }

        options.ConnectionString = builder.ToString();
        return new ScratchDatabase(options, null, admin, name);
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
            await connection.OpenAsync().WaitAsync(Timeout);
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)").WaitAsync(Timeout);
        }
    }
}
