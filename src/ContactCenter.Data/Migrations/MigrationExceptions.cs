namespace ContactCenter.Data.Migrations;

/// <summary>An applied migration file was changed afterwards; the server refuses to start.</summary>
public sealed class MigrationChecksumMismatchException : DatabaseStartupException
{
    public MigrationChecksumMismatchException(string fileName, string appliedChecksum, string fileChecksum)
        : base($"migration {fileName} was edited after it was applied (checksum {Short(appliedChecksum)} in the database, " +
               $"{Short(fileChecksum)} in the file); restore it or add a new migration.")
    {
        FileName = fileName;
        AppliedChecksum = appliedChecksum;
        FileChecksum = fileChecksum;
    }

    public string FileName { get; }

    public string AppliedChecksum { get; }

    public string FileChecksum { get; }

    private static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] : checksum;
}

/// <summary>The database has a migration this build does not ship: it was migrated by a newer server.</summary>
public sealed class DatabaseNewerThanScriptsException : DatabaseStartupException
{
    public DatabaseNewerThanScriptsException(int version, string name)
        : base($"the database has migration {version:D4}_{name}.sql applied, which this server does not have: the database is newer " +
               "than this build. Run the matching or a newer server, or restore a backup taken before that migration.")
    {
        Version = version;
        MigrationName = name;
    }

    public int Version { get; }

    public string MigrationName { get; }
}

/// <summary>A pending migration failed; its transaction was rolled back and nothing of it was kept.</summary>
public sealed class MigrationFailedException : DatabaseStartupException
{
    public MigrationFailedException(string fileName, Exception innerException)
        : base($"migration {fileName} failed and was rolled back: {innerException?.Message.TrimEnd('.')}.", innerException!)
    {
        FileName = fileName;
    }

    public string FileName { get; }
}
