using System.Data.Common;
using ContactCenter.Core.Contacts;
using ContactCenter.Data;
using ContactCenter.Data.Contacts;
using ContactCenter.Telephony.Bridge;
using Dapper;

namespace ContactCenter.Server.Telephony;

/// <summary>
/// Stores the bridge's contact records with <see cref="ContactQueries"/>: the first change inserts the record,
/// later ones save its progress (the wrap-up columns a seat edits are left alone); after-call work measured by
/// the bridge is written on its own. Closed records also go to <see cref="TodayContacts"/> for the wallboard.
/// </summary>
public sealed class ContactRecordSink(ContactQueries contacts, DbConnectionFactory db, TodayContacts today, Callbacks.CallbackCalls callbacks) : IContactRecordSink
{
    public async Task ContactUpdatedAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await SaveAsync(contact, cancellationToken);
    }

    public async Task ContactClosedAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await SaveAsync(contact, cancellationToken);
        if (contact.AfterCallWork is { } acw)
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(db.Command(
                "UPDATE contacts SET after_call_work_ms = @Ms WHERE call_id = @CallId",
                new { Ms = (long)acw.TotalMilliseconds, contact.CallId }, cancellationToken));
        }

        today.Add(contact);
        await callbacks.ContactClosedAsync(contact, cancellationToken);
    }

    private async Task SaveAsync(Contact contact, CancellationToken cancellationToken)
    {
        if (await contacts.SaveProgressAsync(contact, cancellationToken))
        {
            await callbacks.ContactSavedAsync(contact, cancellationToken);
            return;
        }

        try
        {
            await contacts.InsertAsync(contact, cancellationToken);
        }
        catch (DbException)
        {
            // Inserted by someone else meanwhile (another node of the bridge): save over it.
            await contacts.SaveProgressAsync(contact, cancellationToken);
        }

        await callbacks.ContactSavedAsync(contact, cancellationToken);
    }
}
