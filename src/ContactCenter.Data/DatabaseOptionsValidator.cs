using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ContactCenter.Data;

/// <summary>Checks that <see cref="DatabaseOptions.ConnectionString"/> parses for the chosen provider.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"Database:Provider {options.Provider} is not supported; use Sqlite, Postgres or SqlServer.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("Database:ConnectionString is empty.");
        }

        try
        {
            DbConnectionStringBuilder builder = options.Provider switch
            {
                DatabaseProvider.Postgres => new NpgsqlConnectionStringBuilder(options.ConnectionString),
                DatabaseProvider.SqlServer => new SqlConnectionStringBuilder(options.ConnectionString),
                _ => new SqliteConnectionStringBuilder(options.ConnectionString),
            };
            if (builder is SqliteConnectionStringBuilder sqlite &&
                (string.IsNullOrWhiteSpace(sqlite.DataSource) || sqlite.DataSource == ":memory:" || sqlite.Mode == SqliteOpenMode.Memory))
            {
                return ValidateOptionsResult.Fail(
                    "Database:ConnectionString must name a SQLite file (e.g. \"Data Source=data/contactcenter.db\"); an in-memory database would lose all data.");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail(
                $"Database:ConnectionString is not a valid {options.Provider} connection string: {e.Message.TrimEnd('.')}.");
        }

        return ValidateOptionsResult.Success;
    }
}
