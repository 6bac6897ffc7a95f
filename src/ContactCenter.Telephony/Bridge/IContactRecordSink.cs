using ContactCenter.Core.Contacts;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// Where contact records go; the server implements it with the Data layer. Calls for one contact come in
/// order, one at a time, off the event path (a slow database never delays the live model). Each call gets
/// a copy that the bridge no longer changes. An exception is logged and the record is offered again with
/// its next change; an upsert by <see cref="Contact.CallId"/> makes both methods idempotent.
/// </summary>
public interface IContactRecordSink
{
    /// <summary>A live contact changed (entered the IVR, queued, rang, answered, overflowed, got IVR data or a recording).</summary>
    Task ContactUpdatedAsync(Contact contact, CancellationToken cancellationToken);

    /// <summary>A contact closed with its outcome; also called again when after-call work is added later.</summary>
    Task ContactClosedAsync(Contact contact, CancellationToken cancellationToken);
}

/// <summary>The sink used until the server registers one: drops records.</summary>
public sealed class NullContactRecordSink : IContactRecordSink
{
    /// <inheritdoc />
    public Task ContactUpdatedAsync(Contact contact, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ContactClosedAsync(Contact contact, CancellationToken cancellationToken) => Task.CompletedTask;
}
