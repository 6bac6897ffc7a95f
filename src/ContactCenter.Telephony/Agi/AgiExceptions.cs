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

    /// <summary>Creates the exception for <paramref name="reply"/> to <paramref name="command"/>.</summary>
    public AgiCommandException(string command, AgiReply reply)
        : base($"AGI {command} failed: {reply?.Code} {reply?.Text}")
    {
        Reply = reply;
    }

    /// <summary>The reply, when there was one.</summary>
    public AgiReply? Reply { get; }
}
