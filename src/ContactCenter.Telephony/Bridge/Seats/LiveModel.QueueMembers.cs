using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Queue members as Asterisk reports them (added, removed, paused, device state): log-in, log-out, 示忙 and 就绪.</summary>
internal sealed partial class LiveModel
{
    private SeatEntry OnMember(SiteState site, MemberObserved fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, fact.QueueName);
        var seat = entry.Seat;
        switch (fact.Change)
        {
            case MemberChange.Removed:
                entry.ActiveQueues.Remove(fact.QueueName);
                entry.QueuePauses.Remove(fact.QueueName);
                if (entry.ActiveQueues.Count == 0 && seat.State is AgentState.Ready or AgentState.NotReady or AgentState.WrapUp)
                {
                    entry.WrapTimer?.Dispose();
                    RecordAfterCallWorkIfWrapping(entry, fact.At, outbox);
                    Change(site, entry, seat.LogOut(fact.At), outbox);
                }

                break;
            default:
                entry.ActiveQueues.Add(fact.QueueName);
                if (fact.Change == MemberChange.Status && seat.State != AgentState.LoggedOut)
                {
                    // Device state only: its Paused repeats the last QueueMemberPause, and may predate a pause the bridge just sent.
                    break;
                }

                ApplyPause(site, entry, fact, outbox);
                break;
        }

        foreach (var queue in site.Queues.Values.Where(q => q.Queue.Name == fact.QueueName))
        {
            PublishFigures(site, queue, fact.At, outbox);
        }

        return entry;
    }

    /// <summary>
    /// A seat in several queues is one seat: Asterisk reports each queue's member separately (QueueMemberAdded, then
    /// QueueMemberPause, per queue), so the seat follows all of them together. It is paused while any of its queues
    /// has it paused; a report without a reason keeps the reason it has; the seat moves only when that picture changes.
    /// </summary>
    private void ApplyPause(SiteState site, SeatEntry entry, MemberObserved fact, Outbox outbox)
    {
        var seat = entry.Seat;
        var given = string.IsNullOrWhiteSpace(fact.PausedReason) ? null : fact.PausedReason;
        entry.QueuePauses[fact.QueueName] = fact.Paused ? given ?? string.Empty : null;
        var paused = entry.QueuePauses.Values.Any(r => r is not null);
        var reason = !paused
            ? null
            : (fact.Paused ? given : null)
                ?? (seat.State == AgentState.NotReady ? seat.NotReadyReason : null)
                ?? (seat.State is AgentState.OnCall or AgentState.Ringing ? entry.PendingNotReady : null)
                ?? entry.QueuePauses.Values.FirstOrDefault(r => r is { Length: > 0 })
                ?? "示忙";
        if (seat.State == AgentState.LoggedOut)
        {
            Change(site, entry, seat.LogIn(!paused, fact.At), outbox);
            if (paused && given is not null && given != seat.NotReadyReason)
            {
                Change(site, entry, seat.SetNotReady(given, fact.At), outbox);
            }
        }
        else if (reason is not null)
        {
            if (seat.State is AgentState.Ready or AgentState.WrapUp || (seat.State == AgentState.NotReady && seat.NotReadyReason != reason))
            {
                RecordAfterCallWorkIfWrapping(entry, fact.At, outbox);
                Change(site, entry, seat.SetNotReady(reason, fact.At), outbox);
            }
            else if (seat.State is AgentState.OnCall or AgentState.Ringing)
            {
                entry.PendingNotReady = reason;
            }
        }
        else if (seat.State == AgentState.NotReady)
        {
            Change(site, entry, seat.SetReady(fact.At), outbox);
        }
        else if (seat.State is AgentState.OnCall or AgentState.Ringing)
        {
            entry.PendingNotReady = null;
        }
    }

    /// <summary>A supervisor moved a seat into (penalty given) or out of (null) a queue: the configured membership follows.</summary>
    public void ChangeMembership(string seatId, string queueId, int? penalty)
    {
        lock (_gate)
        {
            foreach (var site in _sites.Values)
            {
                if (site.Seats.TryGetValue(seatId, out var entry))
                {
                    if (penalty is { } p)
                    {
                        entry.Seat.JoinQueue(queueId, p);
                    }
                    else
                    {
                        entry.Seat.LeaveQueue(queueId);
                    }
                }
            }
        }
    }
}
