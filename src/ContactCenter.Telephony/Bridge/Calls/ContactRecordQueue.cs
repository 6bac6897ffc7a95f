using ContactCenter.Core.Contacts;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// The contact records waiting to be written, at most one per call: a newer copy of a call that is still waiting replaces
/// the older one in its place (a contact only ever gains facts, so the newest copy holds everything the older said), and a
/// closed copy stays closed. Memory is bounded by the calls with unwritten changes, not by the event rate, however slow
/// the database is; nothing is dropped.
/// </summary>
internal sealed class ContactRecordQueue
{
    private readonly Lock _gate = new();
    private readonly LinkedList<string> _order = new();
    private readonly Dictionary<string, (Contact Contact, bool Closed, LinkedListNode<string> Node)> _pending = new(StringComparer.Ordinal);
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completed;
    private long _coalesced;

    /// <summary>Calls with a record waiting to be written.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Copies that replaced a waiting copy of the same call (writes saved).</summary>
    public long Coalesced => Interlocked.Read(ref _coalesced);

    /// <summary>Adds a copy; never blocks (it runs inside the live model's lock).</summary>
    public void Add(Contact contact, bool closed)
    {
        ArgumentNullException.ThrowIfNull(contact);
        lock (_gate)
        {
            if (_pending.TryGetValue(contact.CallId, out var waiting))
            {
                _pending[contact.CallId] = (contact, waiting.Closed || closed, waiting.Node);
                Interlocked.Increment(ref _coalesced);
                return;
            }

            _pending[contact.CallId] = (contact, closed, _order.AddLast(contact.CallId));
            _added.TrySetResult();
        }
    }

    /// <summary>The oldest waiting record; null once <see cref="Complete"/> was called and nothing is left.</summary>
    public async ValueTask<(Contact Contact, bool Closed)?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task added;
            lock (_gate)
            {
                if (_order.First is { } first)
                {
                    _order.RemoveFirst();
                    _pending.Remove(first.Value, out var record);
                    return (record.Contact, record.Closed);
                }

                if (_completed)
                {
                    return null;
                }

                if (_added.Task.IsCompleted)
                {
                    _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                added = _added.Task;
            }

            await added.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No more records will come: <see cref="TakeAsync"/> returns what is left, then null.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _added.TrySetResult();
        }
    }
}
