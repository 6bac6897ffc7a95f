using ContactCenter.Core;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>A call ends: its one outcome (answered, abandoned, timeout, overflowed…) and the seats it still rang.</summary>
internal sealed partial class LiveModel
{
    private void OnCompleted(SiteState site, SeatCallCompleted fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, null);
        if (_calls.TryGetValue(fact.CallId, out var call) && !call.Contact.IsClosed && call.Contact.WasAnswered)
        {
            Close(site, call, ContactOutcome.Answered, fact.At, outbox);
        }

        EndSeatCall(site, entry, fact.CallId, fact.At, outbox);
    }

    private void OnHungUp(SiteState site, CallHungUp fact, Outbox outbox)
    {
        if (!_calls.TryGetValue(fact.CallId, out var call) || call.Contact.IsClosed)
        {
            return;
        }

        if (!string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            // The entry site's leg of an overflowed call: the receiving site ends the record, unless the call never got there.
            if (call.ArrivedAt.Contains(call.SiteCode))
            {
                return;
            }

            Close(site, call, ContactOutcome.Overflowed, fact.At, outbox);
            return;
        }

        if (call.Uniqueid is not null && !string.Equals(call.Uniqueid, fact.Uniqueid, StringComparison.Ordinal))
        {
            return;
        }

        if (call.PendingOverflow is not null || call.LastExit == QueueExit.Overflowed)
        {
            Close(site, call, ContactOutcome.Overflowed, fact.At, outbox);
            return;
        }

        // Asterisk hangs up every channel it still carries after announcing its shutdown: the caller did not leave.
        var outcome = site.ShutDownAt is not null && !call.Contact.WasAnswered ? ContactOutcome.Failed : OutcomeAtHangup(call);
        var at = outcome == ContactOutcome.Abandoned && call.LastExit == QueueExit.Abandoned && call.LastExitAt is { } left ? left : fact.At;
        Close(site, call, outcome, at, outbox);
    }

    private static ContactOutcome OutcomeAtHangup(CallState call)
    {
        if (call.Contact.WasAnswered)
        {
            return call.Variables.TryGetValue("CC_OUTCOME", out var forced) && forced.Equals("transferred", StringComparison.OrdinalIgnoreCase)
                ? ContactOutcome.Transferred
                : ContactOutcome.Answered;
        }

        if (call.Variables.TryGetValue("CC_OUTCOME", out var hint) && DomainCodes.TryParse<ContactOutcome>(hint, out var hinted) && hinted != ContactOutcome.Answered)
        {
            return hinted;
        }

        if (call.LastExit != QueueExit.Abandoned && call.Variables.TryGetValue("QUEUESTATUS", out var status))
        {
            switch (status.ToUpperInvariant())
            {
                case "TIMEOUT":
                    return ContactOutcome.Timeout;
                case "FULL":
                    return ContactOutcome.Full;
                case "JOINEMPTY" or "JOINUNAVAIL":
                    return ContactOutcome.JoinEmpty;
                case "LEAVEEMPTY" or "LEAVEUNAVAIL":
                    return ContactOutcome.LeaveEmpty;
                default:
                    break;
            }
        }

        return ContactOutcome.Abandoned;
    }

    private void Close(SiteState site, CallState call, ContactOutcome outcome, DateTimeOffset at, Outbox outbox)
    {
        LeaveWaitingList(call);
        var threshold = call.QueueName is { } name && _sites.TryGetValue(call.SiteCode, out var current) && current.Queues.TryGetValue(name, out var queue)
            ? queue.Queue.ShortAbandonThreshold
            : TimeSpan.FromSeconds(site.Options.ShortAbandonSeconds);
        call.Contact.Close(outcome, Clamp(call.Contact, at), threshold);
        _closedOrder.Enqueue((at, call.Contact.CallId));
        SettleNoAnswersOf(site, call.Contact.CallId, callerStillWaits: false, outbox);
        CancelOtherRings(site, call, null, at, outbox);
        outbox.Records.Add((ContactCopy.Of(call.Contact), true));
        outbox.Events.Add(new CallEnded(call.SiteCode, call.Contact.CallId, outcome, call.Contact.ShortAbandon, at));
        if (call.QueueName is { } queueName && _sites.TryGetValue(call.SiteCode, out var at2) && at2.Queues.TryGetValue(queueName, out var q2))
        {
            PublishFigures(at2, q2, at, outbox);
        }
    }

    private static void CancelOtherRings(SiteState site, CallState call, string? except, DateTimeOffset at, Outbox outbox)
    {
        foreach (var seatId in call.RingingSeats.ToArray())
        {
            if (seatId != except && site.Seats.TryGetValue(seatId, out var other) && other.Seat.State == AgentState.Ringing
                && other.Seat.CurrentCallId == call.Contact.CallId)
            {
                Change(site, other, other.Seat.CancelRing(call.Contact.CallId, at), outbox);
            }
        }

        call.RingingSeats.Clear();
    }

    private static DateTimeOffset Clamp(Contact contact, DateTimeOffset at)
    {
        var latest = contact.EndedAt ?? contact.AnsweredAt ?? contact.RingingAt ?? contact.EnqueuedAt ?? contact.IvrEnteredAt;
        if (contact.OverflowHops.Count > 0 && contact.OverflowHops[^1].DecidedAt > latest)
        {
            latest = contact.OverflowHops[^1].DecidedAt;
        }

        return latest is { } l && l > at ? l : at;
    }
}
