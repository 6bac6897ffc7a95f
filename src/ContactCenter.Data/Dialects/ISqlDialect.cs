namespace ContactCenter.Data.Dialects;

/// <summary>
/// The few places where the three SQL dialects differ. Everything else is written once in portable SQL
/// (snake_case columns, <c>@Name</c> parameters). Parameter names in generated SQL are the PascalCase of the
/// column (<c>call_id</c> → <c>@CallId</c>), so they bind to the same C# properties Dapper reads into.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Product name for messages: "SQLite", "PostgreSQL", "SQL Server".</summary>
    string DisplayName { get; }

    /// <summary>The folder under <c>sql/</c> holding this dialect's migration scripts.</summary>
    string ScriptFolder { get; }

    /// <summary>Whether a script is split into batches on <c>GO</c> lines before it is run (SQL Server).</summary>
    bool SplitsScriptsOnGo { get; }

    /// <summary>Creates <c>schema_migrations(version, name, checksum, applied_at)</c> when it is missing.</summary>
    string CreateMigrationsTableSql { get; }

    /// <summary>Takes a session lock so that two servers starting together migrate one after the other; null when the write transaction is enough.</summary>
    string? AcquireMigrationLockSql { get; }

    /// <summary>Releases <see cref="AcquireMigrationLockSql"/>; null when there is none.</summary>
    string? ReleaseMigrationLockSql { get; }

    /// <summary>A clause placed after ORDER BY that keeps the first <paramref name="take"/> rows (<c>LIMIT @Take</c>).</summary>
    string Limit(string take);

    /// <summary>A clause placed after ORDER BY that skips then takes rows.</summary>
    string Page(string skip, string take);

    /// <summary>
    /// A condition "column is one of the list parameter": <c>call_id IN @CallIds</c> (Dapper expands the list),
    /// or on PostgreSQL <c>call_id = ANY(@CallIds)</c> (Dapper passes an array there).
    /// </summary>
    string InList(string column, string parameter);

    /// <summary>An INSERT of one row that returns its generated <paramref name="idColumn"/> as the single result.</summary>
    string InsertReturningId(string table, IReadOnlyList<string> columns, string idColumn);

    /// <summary>Inserts a row, or updates <paramref name="updateColumns"/> when a row with the same key exists.</summary>
    string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> updateColumns);

    /// <summary>
    /// Table hint written right after the table name in a claim query (SQL Server: <c>WITH (UPDLOCK, READPAST, ROWLOCK)</c>),
    /// so that concurrent workers skip each other's locked rows; empty elsewhere.
    /// </summary>
    string SkipLockedTableHint { get; }

    /// <summary>Suffix of a claim query (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>); empty elsewhere.</summary>
    string SkipLockedSuffix { get; }
}
