using ContactCenter.Core.Queues;

namespace ContactCenter.Core.Contacts;

public enum ContactDirection
{
    Inbound,

    /// <summary>Callbacks and other calls a seat places.</summary>
    Outbound,
}

/// <summary>
/// The one final result of a call (DOMAIN §6). The KPIs are computed from these, never from counters.
/// Codes follow Asterisk's queue log ("joinempty", "leaveempty").
/// </summary>
public enum ContactOutcome
{
    /// <summary>A seat answered (接通).</summary>
    Answered,

    /// <summary>The caller hung up while waiting in queue (or in the IVR, when never enqueued).</summary>
    Abandoned,

    /// <summary>The queue's maximum wait expired.</summary>
    Timeout,

    /// <summary>Handed out of this system's tracking by overflow (normally an overflowed call keeps one record and ends with the outcome at the receiving site).</summary>
    Overflowed,

    /// <summary>The queue was full; the call never joined.</summary>
    Full,

    /// <summary>No seat logged in; the call never joined.</summary>
    [DomainCode("joinempty")]
    JoinEmpty,

    /// <summary>All seats left while the call waited.</summary>
    [DomainCode("leaveempty")]
    LeaveEmpty,

    /// <summary>After hours (非工作时间).</summary>
    Closed,

    /// <summary>Transferred elsewhere (by the IVR or by a seat after answering).</summary>
    Transferred,

    /// <summary>Cut by the system before a seat answered (the site's Asterisk restarted under the call): not the caller's abandon.</summary>
    Failed,
}

/// <summary>One overflow move of a call between sites. The call id stays the same.</summary>
public sealed record OverflowHop(int Seq, string FromSite, string ToSite, OverflowReason Reason, DateTimeOffset DecidedAt);

/// <summary>A second close of a contact: its outcome is set once.</summary>
public sealed class ContactAlreadyClosedException : DomainException
{
    public ContactAlreadyClosedException(string callId, ContactOutcome outcome, string attempted)
        : base($"contact {callId} is already closed as {DomainCodes.ToCode(outcome)}; cannot {attempted}")
    {
        CallId = callId;
        Outcome = outcome;
    }

    public string CallId { get; }

    public ContactOutcome Outcome { get; }
}

/// <summary>A contact event that contradicts what already happened (an outcome of "answered" for a call nobody answered, ...).</summary>
public sealed class ContactStateException : DomainException
{
    public ContactStateException(string callId, string rule)
        : base($"contact {callId}: {rule}")
    {
        CallId = callId;
    }

    public string CallId { get; }
}
