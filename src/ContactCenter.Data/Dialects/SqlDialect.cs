using System.Globalization;
using System.Text;

namespace ContactCenter.Data.Dialects;

/// <summary>Shared parts of the dialects and the factory that picks one for a provider.</summary>
public abstract class SqlDialect : ISqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    public abstract string DisplayName { get; }

    public abstract string ScriptFolder { get; }

    public virtual bool SplitsScriptsOnGo => false;

    public abstract string CreateMigrationsTableSql { get; }

    public virtual string? AcquireMigrationLockSql => null;

    public virtual string? ReleaseMigrationLockSql => null;

    public virtual string SkipLockedTableHint => string.Empty;

    public virtual string SkipLockedSuffix => string.Empty;

    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.Postgres => new PostgresDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    /// <summary>The parameter bound to a column: <c>call_id</c> → <c>@CallId</c>.</summary>
    public static string Parameter(string column)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        var builder = new StringBuilder(column.Length + 1).Append('@');
        var upper = true;
        foreach (var c in column)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    public virtual string Limit(string take) => $" LIMIT {take}";

    public virtual string InList(string column, string parameter) => $"{column} IN {parameter}";

    public virtual string Page(string skip, string take) => $" LIMIT {take} OFFSET {skip}";

    public virtual string InsertReturningId(string table, IReadOnlyList<string> columns, string idColumn)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(Parameter))}) RETURNING {idColumn}");
    }

    /// <summary>PostgreSQL and SQLite: <c>INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c</c>.</summary>
    public virtual string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> updateColumns)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(updateColumns);
        var all = keyColumns.Concat(updateColumns).ToArray();
        var onConflict = updateColumns.Count == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", updateColumns.Select(c => $"{c} = excluded.{c}"));
        return $"INSERT INTO {table} ({string.Join(", ", all)}) VALUES ({string.Join(", ", all.Select(Parameter))}) " +
               $"ON CONFLICT ({string.Join(", ", keyColumns)}) {onConflict}";
    }
}

public sealed class SqliteDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string DisplayName => "SQLite";

    public override string ScriptFolder => "sqlite";

    public override string CreateMigrationsTableSql =>
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version    INTEGER NOT NULL PRIMARY KEY,
          name       TEXT    NOT NULL,
          checksum   TEXT    NOT NULL,
          applied_at TEXT    NOT NULL
        )
        """;
}

public sealed class PostgresDialect : SqlDialect
{
    // Any constant shared by every ContactCenter server: pg_advisory_lock(bigint).
    private const long MigrationLockKey = 0x43_43_4D_49_47; // "CCMIG"

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string DisplayName => "PostgreSQL";

    public override string ScriptFolder => "postgres";

    public override string CreateMigrationsTableSql =>
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version    integer     NOT NULL PRIMARY KEY,
          name       text        NOT NULL,
          checksum   text        NOT NULL,
          applied_at timestamptz NOT NULL
        )
        """;

    public override string? AcquireMigrationLockSql => string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_lock({MigrationLockKey})");

    public override string? ReleaseMigrationLockSql => string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_unlock({MigrationLockKey})");

    public override string SkipLockedSuffix => " FOR UPDATE SKIP LOCKED";

    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";
}

public sealed class SqlServerDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string DisplayName => "SQL Server";

    public override string ScriptFolder => "sqlserver";

    public override bool SplitsScriptsOnGo => true;

    public override string CreateMigrationsTableSql =>
        """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
        CREATE TABLE schema_migrations (
          version    int               NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
          name       nvarchar(200)     NOT NULL,
          checksum   nvarchar(64)      NOT NULL,
          applied_at datetimeoffset(6) NOT NULL
        )
        """;

    public override string? AcquireMigrationLockSql =>
        "EXEC sp_getapplock @Resource = N'contactcenter.schema_migrations', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 120000";

    public override string? ReleaseMigrationLockSql =>
        "EXEC sp_releaseapplock @Resource = N'contactcenter.schema_migrations', @LockOwner = N'Session'";

    public override string SkipLockedTableHint => " WITH (UPDLOCK, READPAST, ROWLOCK)";

    public override string Limit(string take) => $" OFFSET 0 ROWS FETCH NEXT {take} ROWS ONLY";

    public override string Page(string skip, string take) => $" OFFSET {skip} ROWS FETCH NEXT {take} ROWS ONLY";

    public override string InsertReturningId(string table, IReadOnlyList<string> columns, string idColumn)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return $"INSERT INTO {table} ({string.Join(", ", columns)}) OUTPUT INSERTED.{idColumn} VALUES ({string.Join(", ", columns.Select(Parameter))})";
    }

    /// <summary><c>MERGE ... WITH (HOLDLOCK)</c>, the usual race-free upsert on SQL Server.</summary>
    public override string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> updateColumns)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        ArgumentNullException.ThrowIfNull(updateColumns);
        var all = keyColumns.Concat(updateColumns).ToArray();
        var source = string.Join(", ", all.Select(c => $"{Parameter(c)} AS {c}"));
        var on = string.Join(" AND ", keyColumns.Select(c => $"target.{c} = source.{c}"));
        var matched = updateColumns.Count == 0
            ? string.Empty
            : " WHEN MATCHED THEN UPDATE SET " + string.Join(", ", updateColumns.Select(c => $"target.{c} = source.{c}"));
        return $"MERGE INTO {table} WITH (HOLDLOCK) AS target USING (SELECT {source}) AS source ON {on}{matched} " +
               $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", all)}) VALUES ({string.Join(", ", all.Select(c => $"source.{c}"))});";
    }
}
