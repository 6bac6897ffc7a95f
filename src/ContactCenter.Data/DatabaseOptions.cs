using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Data;

/// <summary>Which database server holds the data.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file (the default; single server, demos, small sites).</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql).</summary>
    Postgres,

    /// <summary>Microsoft SQL Server (Microsoft.Data.SqlClient).</summary>
    SqlServer,
}

/// <summary>
/// Configuration section <c>Database</c>. Bound and validated at start-up by
/// <see cref="DataHostingExtensions.AddContactCenterData"/>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Sqlite (default), Postgres or SqlServer.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// An ADO.NET connection string for <see cref="Provider"/>. Default: a SQLite file
    /// <c>data/contactcenter.db</c> under the working directory (its folder is created when missing).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "Data Source=data/contactcenter.db";

    /// <summary>Seconds a single command may run; 1 to 3600, default 30.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>SQLite only: milliseconds to wait for a lock held by another connection; 0 to 600000, default 5000.</summary>
    [Range(0, 600_000)]
    public int SqliteBusyTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>
    /// The folder holding <c>sqlite/</c>, <c>postgres/</c> and <c>sqlserver/</c> migration scripts.
    /// Default (null): the <c>sql</c> folder shipped beside the binaries.
    /// </summary>
    public string? ScriptsPath { get; set; }
}
