namespace ContactCenter.Data;

/// <summary>
/// The database cannot be used at start-up: bad configuration, server unreachable, or migrations that
/// do not match the database. <see cref="Exception.Message"/> is one human sentence meant to be printed
/// as is (no stack trace needed); the host prints it and exits non-zero.
/// </summary>
public class DatabaseStartupException : Exception
{
    public DatabaseStartupException()
    {
    }

    public DatabaseStartupException(string message)
        : base(message)
    {
    }

    public DatabaseStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
