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

/// <summary>Base class of the FastAGI errors a command raises (other than the session closing). Messages name the command verb only, never its arguments.</summary>
public class AgiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AgiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AgiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A typed AGI command got a non-200 reply (510 unknown, 511 dead channel, 520 usage).</summary>
public class AgiCommandException : AgiException
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

/// <summary>
/// A command longer than res_agi reads in one piece was refused before anything was written. res_agi reads each
/// command into a <c>char buf[AGI_BUF_LEN]</c> (2048) with <c>fgets</c>, so it takes at most
/// <see cref="AgiSession.MaxCommandBytes"/> bytes, newline included; the rest of a longer line would run as a second
/// command and every later reply would answer the command before it. The session stays usable.
/// </summary>
public class AgiCommandTooLongException : AgiException
{
    /// <summary>Creates the exception.</summary>
    public AgiCommandTooLongException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AgiCommandTooLongException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AgiCommandTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the command <paramref name="verb"/> of <paramref name="bytes"/> bytes (the text itself is never kept).</summary>
    public AgiCommandTooLongException(string verb, int bytes)
        : base($"The AGI command {verb} is {bytes} bytes long; Asterisk reads at most {AgiSession.MaxCommandBytes} bytes per command (newline included) and would split it. It was not sent.")
    {
        Verb = verb;
        Bytes = bytes;
    }

    /// <summary>The command verb (no arguments).</summary>
    public string? Verb { get; }

    /// <summary>The encoded length of the command, newline included.</summary>
    public int Bytes { get; }
}

/// <summary>A command got no reply within its timeout (see <see cref="FastAgiOptions.CommandTimeout"/>); the session was closed, since a late reply would answer the next command.</summary>
public class AgiReplyTimeoutException : AgiException
{
    /// <summary>Creates the exception.</summary>
    public AgiReplyTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AgiReplyTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AgiReplyTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the command <paramref name="verb"/> that waited <paramref name="timeout"/>.</summary>
    public AgiReplyTimeoutException(string verb, TimeSpan timeout)
        : base($"The AGI command {verb} got no reply within {timeout.TotalMilliseconds:0} ms; the session was closed.")
    {
        Verb = verb;
    }

    /// <summary>The command verb (no arguments).</summary>
    public string? Verb { get; }
}
