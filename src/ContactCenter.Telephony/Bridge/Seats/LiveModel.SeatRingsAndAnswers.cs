using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>A seat rings for a call (AgentCalled) and answers it (AgentConnect).</summary>
internal sealed partial class LiveModel
{
    private void OnRang(SiteState site, SeatRang fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, fact.QueueName);
        if (!_calls.TryGetValue(fact.CallId, out var call) || call.Contact.IsClosed)
        {
            return;
        }

        SettleNoAnswersOf(site, fact.CallId, callerStillWaits: true, outbox);
        SettleNoAnswer(site, entry, confirmed: true, outbox);
        EnsureReady(site, entry, fact.At, outbox);
        Change(site, entry, entry.Seat.Ring(fact.CallId, fact.At), outbox);
        entry.CallChannel = fact.AgentChannel;
        call.RingingSeats.Add(entry.Seat.Id);
        call.Contact.Ring(entry.Seat.Id, Clamp(call.Contact, fact.At));
        Record(call, outbox);
        PublishFigures(site, QueueOf(site, fact.QueueName), fact.At, outbox);
    }

    private void OnConnected(SiteState site, SeatConnected fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, fact.QueueName);
        if (!_calls.TryGetValue(fact.CallId, out var call) || call.Contact.IsClosed)
        {
            return;
        }

        LeaveWaitingList(call);
        SettleNoAnswersOf(site, fact.CallId, callerStillWaits: false, outbox);
        CancelOtherRings(site, call, entry.Seat.Id, fact.At, outbox);

        // The seat answered first: an overflow Redirect still in flight no longer moves the record (no hop, not "overflowed").
        call.PendingOverflow = null;
        if (entry.Seat.State != AgentState.Ringing || entry.Seat.CurrentCallId != fact.CallId)
        {
            EnsureReady(site, entry, fact.At, outbox);
            Change(site, entry, entry.Seat.Ring(fact.CallId, fact.At), outbox);
        }

        Change(site, entry, entry.Seat.Answer(fact.CallId, fact.At), outbox);
        entry.CallChannel = fact.AgentChannel ?? entry.CallChannel;
        var queue = QueueOf(site, fact.QueueName);
        call.Contact.Answer(entry.Seat.Id, Clamp(call.Contact, fact.At));
        if (call.Contact.AnswerWait is { } wait)
        {
            queue.AverageWaitSeconds = queue.AnsweredCount == 0 ? wait.TotalSeconds : (0.8 * queue.AverageWaitSeconds) + (0.2 * wait.TotalSeconds);
            queue.AnsweredCount++;
        }

        Record(call, outbox);
        outbox.Events.Add(new CallAnswered(site.Code, queue.Queue.Id, fact.CallId, entry.Seat.Id, fact.At));
        PublishFigures(site, queue, fact.At, outbox);
    }
}
