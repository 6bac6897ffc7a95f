namespace ContactCenter.Telephony.Bridge;

/// <summary>Asterisk refused or did not answer a seat command.</summary>
public sealed class TelephonyCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TelephonyCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TelephonyCommandException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TelephonyCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
