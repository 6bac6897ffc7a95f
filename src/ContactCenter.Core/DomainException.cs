namespace ContactCenter.Core;

/// <summary>
/// Base of every rule violation raised by the domain model. Messages are English and name the rule or
/// the states involved; the UI translates them. Endpoints map these to ProblemDetails (409/422), never 500.
/// </summary>
public abstract class DomainException : Exception
{
    protected DomainException(string message)
        : base(message)
    {
    }

    protected DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A value breaks a rule of the model (a negative threshold, a score outside its scale, ...).</summary>
public sealed class DomainValidationException : DomainException
{
    public DomainValidationException(string message)
        : base(message)
    {
    }

    public DomainValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Someone else saved the record first: the <c>UPDATE ... WHERE id = @Id AND version = @Version</c> touched
/// no row. Thrown by the data layer; the UI reloads and asks the user to re-apply the edit.
/// </summary>
public sealed class ConcurrencyConflictException : DomainException
{
    public ConcurrencyConflictException(string record, string id, int expectedVersion)
        : base($"{record} {id} was changed by someone else (expected version {expectedVersion})")
    {
        Record = record;
        Id = id;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The kind of record, e.g. "case", "customer".</summary>
    public string Record { get; }

    public string Id { get; }

    public int ExpectedVersion { get; }
}

/// <summary>
/// A record that people edit. The data layer updates with <c>WHERE version = @Version</c>, then sets
/// <see cref="Version"/> to the stored value + 1; nothing else writes it.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
