using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactCenter.Data;

/// <summary>Turns a failure to open the database into one sentence an operator can act on.</summary>
internal static class DatabaseErrors
{
    private const string Hint = "Check Database:ConnectionString.";

    public static DatabaseStartupException CannotOpen(DatabaseOptions options, Exception error)
    {
        var message = options.Provider switch
        {
            DatabaseProvider.Postgres => Postgres(options.ConnectionString, error),
            DatabaseProvider.SqlServer => SqlServer(options.ConnectionString, error),
            _ => Sqlite(options.ConnectionString, error),
        };
        return new DatabaseStartupException(message, error);
    }

    private static string Postgres(string connectionString, Exception error)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"PostgreSQL at {builder.Host ?? "localhost"}:{builder.Port}";
        if (error is PostgresException pg)
        {
            return pg.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                    $"{where} refused the login for user '{builder.Username}': {pg.MessageText}. {Hint}",
                PostgresErrorCodes.InvalidCatalogName =>
                    $"{where} has no database '{builder.Database}'. Create it or fix Database:ConnectionString.",
                _ => $"{where} refused the connection: {pg.MessageText}. {Hint}",
            };
        }

        var socket = Find<SocketException>(error);
        var reason = socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
            SocketError.TimedOut => "timed out",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
            null when Find<TimeoutException>(error) is not null => "timed out",
            _ => Innermost(error).Message.TrimEnd('.'),
        };
        return $"Cannot reach {where}: {reason}. {Hint}";
    }

    private static string SqlServer(string connectionString, Exception error)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        return error is SqlException sql
            ? $"Cannot connect to SQL Server at {builder.DataSource}: {sql.Message.TrimEnd('.')}. {Hint}"
            : $"Cannot reach SQL Server at {builder.DataSource}: {Innermost(error).Message.TrimEnd('.')}. {Hint}";
    }

    private static string Sqlite(string connectionString, Exception error)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var path = DbConnectionFactory.SqliteFolder(dataSource) is null ? dataSource : Path.GetFullPath(dataSource);
        return error switch
        {
            IOException or UnauthorizedAccessException =>
                $"Cannot create the folder of the SQLite database '{path}': {error.Message.TrimEnd('.')}. {Hint}",
            SqliteException sqlite =>
                $"Cannot open the SQLite database '{path}': {SqliteReason(sqlite)}. {Hint}",
            _ => $"Cannot open the SQLite database '{path}': {Innermost(error).Message.TrimEnd('.')}. {Hint}",
        };
    }

    // "SQLite Error 14: 'unable to open database file'." -> "unable to open database file"
    private static string SqliteReason(SqliteException error)
    {
        var message = error.Message;
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : message.TrimEnd('.');
    }

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception error)
    {
        var e = error;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
