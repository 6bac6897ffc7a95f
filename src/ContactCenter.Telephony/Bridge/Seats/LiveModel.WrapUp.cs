using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>话后处理: the wrap-up after a queue call, its timer, and the after-call work it adds to the record.</summary>
internal sealed partial class LiveModel
{
    private void EndSeatCall(SiteState site, SeatEntry entry, string callId, DateTimeOffset at, Outbox outbox)
    {
        var seat = entry.Seat;
        if (seat.State != AgentState.OnCall || seat.CurrentCallId != callId)
        {
            return;
        }

        var wrapUp = TimeSpan.FromSeconds(site.Options.WrapUpSeconds);
        Change(site, entry, seat.EndCall(callId, wrapUp, at), outbox);
        entry.LastCallId = callId;
        if (entry.PendingNotReady is { } reason)
        {
            entry.PendingNotReady = null;
            Change(site, entry, seat.SetNotReady(reason, at), outbox);
            RecordAfterCallWork(entry, at, outbox);
            return;
        }

        if (seat.State == AgentState.WrapUp && seat.WrapUpDeadline is { } deadline)
        {
            entry.WrapTimer?.Dispose();
            entry.WrapTimer = _time.CreateTimer(_ => CompleteWrapUp(site.Code, entry.Seat.Id, deadline), null, wrapUp, Timeout.InfiniteTimeSpan);
        }
    }

    private void CompleteWrapUp(string siteCode, string seatId, DateTimeOffset deadline)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            if (!_sites.TryGetValue(siteCode, out var site) || !site.Seats.TryGetValue(seatId, out var entry))
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (entry.Seat.WrapUpDeadline is { } current && current == deadline
                && entry.Seat.CompleteWrapUpIfDue(now > deadline ? now : deadline) is { } change)
            {
                Note(site, change, outbox);
                RecordAfterCallWork(entry, change.At, outbox);
            }
            Flush(outbox);
        }
    }

    private void RecordAfterCallWork(SeatEntry entry, DateTimeOffset endedAt, Outbox outbox)
    {
        if (entry.LastCallId is { } callId && _calls.TryGetValue(callId, out var call) && call.Contact.EndedAt is { } ended && call.Contact.WasAnswered)
        {
            call.Contact.RecordAfterCallWork(endedAt > ended ? endedAt - ended : TimeSpan.Zero);
            outbox.Records.Add((ContactCopy.Of(call.Contact), call.Contact.IsClosed));
        }

        entry.LastCallId = null;
    }

    private void RecordAfterCallWorkIfWrapping(SeatEntry entry, DateTimeOffset at, Outbox outbox)
    {
        if (entry.Seat.State == AgentState.WrapUp)
        {
            entry.WrapTimer?.Dispose();
            RecordAfterCallWork(entry, at, outbox);
        }
    }

    /// <summary>The desktop said "done" during wrap-up: Ready now (Asterisk has no pause to lift).</summary>
    public void SeatReadyFromWrapUp(string seatId)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            foreach (var site in _sites.Values)
            {
                if (site.Seats.TryGetValue(seatId, out var entry) && entry.Seat.State == Core.Seats.AgentState.WrapUp)
                {
                    var now = _time.GetUtcNow();
                    RecordAfterCallWork(entry, now, outbox);
                    Change(site, entry, entry.Seat.SetReady(now), outbox);
                }
            }
            Flush(outbox);
        }
    }
}
