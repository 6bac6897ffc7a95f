using System.Data.Common;
using ContactCenter.Data.Dialects;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ContactCenter.Data;

/// <summary>
/// Opens connections to the configured database and builds Dapper commands with the configured timeout.
/// SQLite connections get foreign keys on, WAL journal mode and a busy timeout; the database file's folder
/// is created on first use. Connections are pooled by the providers: open one per operation and dispose it.
/// </summary>
public sealed class DbConnectionFactory
{
    private readonly string _connectionString;
    private readonly string? _sqliteFolder;
    private readonly string _sqlitePragmas;
    private volatile bool _sqliteFolderReady;

    public DbConnectionFactory(IOptions<DatabaseOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DataTypeHandlers.EnsureRegistered();
        Options = options.Value;
        Dialect = SqlDialect.For(Options.Provider);
        _sqlitePragmas = $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {Options.SqliteBusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
        if (Options.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(Options.ConnectionString)
            {
                ForeignKeys = true,
                DefaultTimeout = Options.CommandTimeoutSeconds,
            };
            _connectionString = builder.ToString();
            _sqliteFolder = SqliteFolder(builder.DataSource);
        }
        else
        {
            _connectionString = Options.ConnectionString;
        }
    }

    public ISqlDialect Dialect { get; }

    public DatabaseOptions Options { get; }

    /// <summary>Opens a new (pooled) connection. The caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_sqliteFolder is not null && !_sqliteFolderReady)
        {
            Directory.CreateDirectory(_sqliteFolder);
            _sqliteFolderReady = true;
        }

        DbConnection connection = Options.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(_connectionString),
            DatabaseProvider.Postgres => new NpgsqlConnection(_connectionString),
            DatabaseProvider.SqlServer => new SqlConnection(_connectionString),
            _ => throw new InvalidOperationException($"unknown database provider {Options.Provider}"),
        };

        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection)
            {
                await connection.ExecuteAsync(new CommandDefinition(_sqlitePragmas, cancellationToken: cancellationToken));
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A Dapper command with the configured timeout, the transaction (if any) and the token.</summary>
    public CommandDefinition Command(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, Options.CommandTimeoutSeconds, cancellationToken: cancellationToken);

    /// <summary>A Dapper command with no transaction.</summary>
    public CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        Command(sql, parameters, null, cancellationToken);

    /// <summary>The folder of a SQLite file, or null for in-memory and URI data sources.</summary>
    internal static string? SqliteFolder(string dataSource)
    {
        if (string.IsNullOrWhiteSpace(dataSource) ||
            dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase) ||
            dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetDirectoryName(Path.GetFullPath(dataSource));
    }
}
