using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Bridge;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>The records waiting for the database: one per call, newest copy, in first-change order; nothing dropped.</summary>
[CancelAfter(10_000)]
public sealed class ContactRecordQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_newer_copy_of_a_waiting_call_replaces_the_older_in_its_place_and_a_closed_copy_stays_closed()
    {
        var queue = new ContactRecordQueue();
        var first = Contact.StartInbound("c1", "gz", "13800000001", T0);
        var second = Contact.StartInbound("c2", "gz", "13800000002", T0);
        queue.Add(first, closed: false);
        queue.Add(second, closed: false);
        var closedCopy = Contact.StartInbound("c1", "gz", "13800000001", T0);
        closedCopy.Close(ContactOutcome.Abandoned, T0.AddSeconds(20), TimeSpan.FromSeconds(5));
        queue.Add(closedCopy, closed: true);
        var laterCopy = Contact.StartInbound("c1", "gz", "13800000001", T0);
        laterCopy.Close(ContactOutcome.Abandoned, T0.AddSeconds(20), TimeSpan.FromSeconds(5));
        queue.Add(laterCopy, closed: false);

        Assert.Multiple(() =>
        {
            Assert.That(queue.Count, Is.EqualTo(2), "one waiting record per call");
            Assert.That(queue.Coalesced, Is.EqualTo(2));
        });
        var taken1 = await queue.TakeAsync(CancellationToken.None);
        var taken2 = await queue.TakeAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(taken1!.Value.Contact, Is.SameAs(laterCopy), "the newest copy, where the call's first change stood");
            Assert.That(taken1.Value.Closed, Is.True, "a close is never undone by a later copy");
            Assert.That(taken2!.Value.Contact, Is.SameAs(second));
            Assert.That(queue.Count, Is.Zero);
        });
    }

    [Test]
    public async Task A_waiting_taker_gets_the_next_record_and_completion_drains_what_is_left()
    {
        var queue = new ContactRecordQueue();
        var waiting = queue.TakeAsync(CancellationToken.None).AsTask();
        Assert.That(waiting.IsCompleted, Is.False);
        var contact = Contact.StartInbound("c1", "sh", null, T0);
        queue.Add(contact, closed: false);
        Assert.That((await waiting)!.Value.Contact, Is.SameAs(contact));

        queue.Add(Contact.StartInbound("c2", "sh", null, T0), closed: true);
        queue.Complete();
        Assert.That((await queue.TakeAsync(CancellationToken.None))!.Value.Contact.CallId, Is.EqualTo("c2"), "what was added before Complete is still written");
        Assert.That(await queue.TakeAsync(CancellationToken.None), Is.Null);
    }
}
