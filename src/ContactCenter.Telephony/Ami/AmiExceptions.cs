namespace ContactCenter.Telephony.Ami;

/// <summary>Base class of the errors the AMI client raises.</summary>
public class AmiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AmiException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AmiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AmiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The peer broke the AMI protocol (no banner, a line too long to be AMI, …).</summary>
public class AmiProtocolException : AmiException
{
    /// <summary>Creates the exception.</summary>
    public AmiProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AmiProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AmiProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Asterisk refused the login (wrong user or secret, or not allowed from this address).</summary>
public class AmiAuthenticationException : AmiException
{
    /// <summary>Creates the exception.</summary>
    public AmiAuthenticationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AmiAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AmiAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The connection closed (or was never open) while an action was waiting for its response.</summary>
public class AmiConnectionLostException : AmiException
{
    /// <summary>Creates the exception.</summary>
    public AmiConnectionLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AmiConnectionLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AmiConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An action got <c>Response: Error</c> where success was required (see <see cref="AmiMessageExtensions.EnsureSuccess"/>).</summary>
public class AmiActionException : AmiException
{
    /// <summary>Creates the exception.</summary>
    public AmiActionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AmiActionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AmiActionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Helpers on responses.</summary>
public static class AmiMessageExtensions
{
    /// <summary>Returns the response when it is a success, otherwise throws <see cref="AmiActionException"/> with Asterisk's <c>Message</c>.</summary>
    public static AmiMessage EnsureSuccess(this AmiMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.IsSuccess
            ? response
            : throw new AmiActionException($"Asterisk answered {response.Name}: {response.Message ?? "(no message)"}");
    }
}
