using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Bridge;

/// <summary>What happens when a seat does not answer: AgentRingNoAnswer (true ring-no-answer, busy, declined, cut short) and AgentDump.</summary>
internal sealed partial class LiveModel
{
    /// <summary>
    /// How long a timed-out ring waits for the caller's next move before it counts against the seat: app_queue sends
    /// AgentRingNoAnswer for every member still ringing when the caller's own Queue() timeout ends, followed within
    /// milliseconds by QueueCallerAbandon/Leave. Only a ring that the caller outlives is a real 未接.
    /// </summary>
    internal static readonly TimeSpan RingNoAnswerGrace = TimeSpan.FromSeconds(1);

    private void OnRingNoAnswer(SiteState site, SeatDidNotAnswer fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, null);
        if (_calls.TryGetValue(fact.CallId, out var call))
        {
            call.RingingSeats.Remove(entry.Seat.Id);
        }

        if (entry.Seat.State != AgentState.Ringing || entry.Seat.CurrentCallId != fact.CallId)
        {
            return;
        }

        if (fact.EndedBy != SeatRingEnd.TimedOut || call is null || call.Contact.IsClosed || call.Contact.WasAnswered)
        {
            // Busy, unreachable or declined, or the call is already over: the seat did nothing wrong; Asterisk rings it again.
            Change(site, entry, entry.Seat.CancelRing(fact.CallId, fact.At), outbox);
            return;
        }

        entry.PendingNoAnswer = (fact.CallId, fact.At);
        entry.NoAnswerTimer?.Dispose();
        var seatId = entry.Seat.Id;
        entry.NoAnswerTimer = _time.CreateTimer(_ => ConfirmNoAnswerLater(site.Code, seatId, fact.CallId), null, RingNoAnswerGrace, Timeout.InfiniteTimeSpan);
    }

    private void ConfirmNoAnswerLater(string siteCode, string seatId, string callId)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            if (_sites.TryGetValue(siteCode, out var site) && site.Seats.TryGetValue(seatId, out var entry) && entry.PendingNoAnswer?.CallId == callId)
            {
                SettleNoAnswer(site, entry, confirmed: true, outbox);
            }

            Flush(outbox);
        }
    }

    /// <summary>
    /// Ends a timed-out ring: confirmed (the caller still waits), the seat is 未接 and paused in every queue so calls
    /// stop ringing an empty desk; otherwise (the caller left) the ring is merely cancelled.
    /// </summary>
    private static void SettleNoAnswer(SiteState site, SeatEntry entry, bool confirmed, Outbox outbox)
    {
        if (entry.PendingNoAnswer is not { } pending)
        {
            return;
        }

        entry.PendingNoAnswer = null;
        entry.NoAnswerTimer?.Dispose();
        entry.NoAnswerTimer = null;
        if (entry.Seat.State != AgentState.Ringing || entry.Seat.CurrentCallId != pending.CallId)
        {
            return;
        }

        if (!confirmed)
        {
            Change(site, entry, entry.Seat.CancelRing(pending.CallId, pending.At), outbox);
            return;
        }

        Change(site, entry, entry.Seat.RingNoAnswer(pending.CallId, pending.At), outbox);
        outbox.Actions.Add(new OutgoingAction(site.Code, new AmiAction("QueuePause")
            .Add("Interface", entry.Interface).Add("Paused", "true").Add("Reason", NotReadyReasons.RingNoAnswer), "pause after ring-no-answer"));
    }

    /// <summary>The call's caller moved on (left the queue, hung up, was answered or rang another seat): settle the seats whose ring timed out on it.</summary>
    private static void SettleNoAnswersOf(SiteState site, string callId, bool callerStillWaits, Outbox outbox)
    {
        foreach (var entry in site.Seats.Values)
        {
            if (entry.PendingNoAnswer?.CallId == callId)
            {
                SettleNoAnswer(site, entry, callerStillWaits, outbox);
            }
        }
    }

    private static void OnDumped(SiteState site, SeatDumped fact, Outbox outbox)
    {
        // app_queue: the member answered but the caller was gone. The seat never talked; the call's hang-up closes it.
        if (KnownSeat(site, fact.SeatId, fact.Interface) is { } entry && entry.Seat.State == AgentState.Ringing && entry.Seat.CurrentCallId == fact.CallId)
        {
            Change(site, entry, entry.Seat.CancelRing(fact.CallId, fact.At), outbox);
        }
    }
}
