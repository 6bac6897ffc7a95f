using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;

namespace ContactCenter.Telephony.Bridge;

internal enum QueueExit
{
    Abandoned,
    Overflowed,
}

internal sealed record PendingOverflow(string FromSite, string ToSite, OverflowReason Reason, DateTimeOffset DecidedAt);

internal sealed class CallState(Contact contact, string siteCode)
{
    public Contact Contact { get; } = contact;

    /// <summary>The site the call is at now.</summary>
    public string SiteCode { get; set; } = siteCode;

    /// <summary>The channel that carries the call at <see cref="SiteCode"/>.</summary>
    public string? Uniqueid { get; set; }

    public string? Channel { get; set; }

    public string? QueueName { get; set; }

    public DateTimeOffset? JoinedAt { get; set; }

    public QueueExit? LastExit { get; set; }

    public DateTimeOffset? LastExitAt { get; set; }

    public PendingOverflow? PendingOverflow { get; set; }

    public HashSet<string> OverflowedFrom { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ArrivedAt { get; } = new(StringComparer.Ordinal);

    public HashSet<string> RingingSeats { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
}

/// <summary>Copies a contact so the sink and the callers never see it change under them.</summary>
internal static class ContactCopy
{
    public static Contact Of(Contact c) => new(c.CallId, c.Direction, c.SiteCode, c.QueueId, c.SeatId, c.CallerNumber, c.CustomerId, c.PolicyNumber,
        c.IvrPath, new Dictionary<string, string>(c.IvrData, StringComparer.Ordinal), c.RecordingFile, c.IvrEnteredAt, c.EnqueuedAt, c.RingingAt,
        c.AnsweredAt, c.EndedAt, c.Outcome, c.ShortAbandon, c.WrapUpCode, c.Notes, [.. c.OverflowHops], c.AfterCallWork, c.Version);
}
