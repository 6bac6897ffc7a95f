namespace ContactCenter.Telephony.Agi;

/// <summary>
/// The FastAGI session ended (Asterisk closed the socket) while a command waited for its reply. It is an
/// <see cref="OperationCanceledException"/>: a script that lets it escape ends cleanly.
/// </summary>
public class AgiSessionClosedException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public AgiSessionClosedException()
        : base("The FastAGI session closed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AgiSessionClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AgiSessionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A typed AGI command got a non-200 reply (510 unknown, 511 dead channel, 520 usage).</summary>
public class AgiCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgiCommandException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AgiCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AgiCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Creates the exception for <paramref name="reply"/> to the command <paramref name="verb"/> (<c>SAY DIGITS</c>, never
    /// the whole line: arguments are personal data). The message holds the verb and Asterisk's status code and text.
    /// </summary>
    public AgiCommandException(string verb, AgiReply reply)
        : base($"AGI {verb} failed: {reply?.Code} {reply?.Text}")
    {
        Verb = verb;
        Reply = reply;
    }

    /// <summary>The command verb (no arguments), when known.</summary>
    public string? Verb { get; }

    /// <summary>The reply, when there was one.</summary>
    public AgiReply? Reply { get; }
}
