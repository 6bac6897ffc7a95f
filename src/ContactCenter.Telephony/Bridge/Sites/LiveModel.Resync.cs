using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>After a (re)connect: the site as Asterisk lists it replaces what the model believed (calls ended, members restored).</summary>
internal sealed partial class LiveModel
{
    private void Reconcile(SiteState site, SiteResynced fact, Outbox outbox)
    {
        var at = fact.At;
        var endAt = site.DownSince ?? at;
        var wasDown = site.DownSince is not null;
        var aliveUniqueids = new HashSet<string>(fact.Channels.Select(c => c.Uniqueid), StringComparer.Ordinal);
        var aliveCallIds = new HashSet<string>(fact.Channels.Where(c => c.CallId is not null).Select(c => c.CallId!), StringComparer.Ordinal);

        // 1. Calls that ended while the link was down: close them with their outcome.
        foreach (var call in _calls.Values.Where(c => !c.Contact.IsClosed && c.SiteCode == site.Code).ToArray())
        {
            var alive = (call.Uniqueid is { } u && aliveUniqueids.Contains(u)) || aliveCallIds.Contains(call.Contact.CallId);
            if (!alive)
            {
                // A call Asterisk's restart cut before anyone answered is the system's failure, not the caller's abandon.
                var outcome = call.PendingOverflow is not null ? ContactOutcome.Overflowed
                    : site.ShutDownAt is not null && !call.Contact.WasAnswered ? ContactOutcome.Failed
                    : OutcomeAtHangup(call);
                BridgeLog.ClosedByResync(_logger, call.Contact.CallId, site.Code, outcome);
                Close(site, call, outcome, endAt, outbox);
            }
        }

        // 2. Waiting callers we did not know (the bridge restarted): start their records now.
        foreach (var entry in fact.Entries)
        {
            var channel = fact.Channels.FirstOrDefault(c => c.Uniqueid == entry.Uniqueid);
            var callId = channel?.CallId ?? entry.Uniqueid;
            var direction = channel is not null && (channel.Outbound || site.Options.OutboundContexts.Contains(channel.Context)) ? ContactDirection.Outbound : ContactDirection.Inbound;
            var joined = at - TimeSpan.FromSeconds(entry.WaitSeconds);
            var call = EnsureCall(site, callId, direction, entry.CallerNumber, joined, entry.Uniqueid, entry.Channel, outbox);
            var queue = QueueOf(site, entry.QueueName);
            if (!call.Contact.IsClosed && !call.Contact.WasAnswered && !queue.Waiting.Contains(call) && call.SiteCode == site.Code)
            {
                LeaveWaitingList(call);
                call.QueueName = entry.QueueName;
                call.JoinedAt = joined;
                call.ArrivedAt.Add(site.Code);
                queue.Waiting.Add(call);
                call.Contact.Enqueue(queue.Queue.Id, Clamp(call.Contact, joined));
                Record(call, outbox);
            }
        }

        // 3. Members as Asterisk lists them now.
        foreach (var seat in site.Seats.Values)
        {
            seat.ActiveQueues.Clear();
            seat.QueuePauses.Clear();
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in fact.Members)
        {
            listed.Add(OnMember(site, member, outbox).Seat.Id);
        }

        foreach (var entry in site.Seats.Values.Where(s => s.Seat.IsLoggedIn && !listed.Contains(s.Seat.Id)).ToArray())
        {
            var queues = entry.Seat.Queues.Where(q => q.QueueId.StartsWith(site.Code + "/", StringComparison.Ordinal)).ToArray();
            if (wasDown && site.Options.RestoreMembersAfterRestart && queues.Length > 0)
            {
                // Asterisk restarted without persistent members: put the seat back as it was. A paused seat is added
                // paused with its reason (QueueAdd's Paused and Reason, app_queue manager_add_queue_member): a separate
                // QueuePause sent alongside could reach Asterisk before the member exists and fail with "Interface not found".
                var paused = entry.Seat.State == Core.Seats.AgentState.NotReady;
                foreach (var membership in queues)
                {
                    outbox.Actions.Add(new OutgoingAction(site.Code, SeatActions.QueueAdd(membership.QueueId[(site.Code.Length + 1)..], entry.Interface,
                        membership.Penalty, paused, entry.Seat.Id, paused ? entry.Seat.NotReadyReason : null), "restore member after restart"));
                }
            }
            else
            {
                ForceLogOut(site, entry, at, outbox);
            }
        }

        // 4. Seats talking or ringing on calls that are gone; seats on calls we did not know.
        foreach (var entry in site.Seats.Values)
        {
            if (entry.Seat.CurrentCallId is { } current && entry.Seat.State is Core.Seats.AgentState.OnCall or Core.Seats.AgentState.Ringing
                && (!_calls.TryGetValue(current, out var call) || call.Contact.IsClosed || !aliveCallIds.Contains(current)))
            {
                if (entry.Seat.State == Core.Seats.AgentState.Ringing)
                {
                    Change(site, entry, entry.Seat.CancelRing(current, at), outbox);
                }
                else
                {
                    EndSeatCall(site, entry, current, endAt, outbox);
                }
            }
        }

        foreach (var channel in fact.Channels.Where(c => c.CallId is not null && c.BridgeId is { Length: > 0 } && c.Uniqueid != c.Linkedid))
        {
            var dash = channel.Channel.LastIndexOf('-');
            if (dash > 0 && site.SeatsByInterface.TryGetValue(channel.Channel[..dash], out var entry) && entry.Seat.IsLoggedIn
                && entry.Seat.State != Core.Seats.AgentState.OnCall && _calls.TryGetValue(channel.CallId!, out var call) && !call.Contact.IsClosed)
            {
                EnsureReady(site, entry, at, outbox);
                Change(site, entry, entry.Seat.Ring(call.Contact.CallId, at), outbox);
                Change(site, entry, entry.Seat.Answer(call.Contact.CallId, at), outbox);
                entry.CallChannel = channel.Channel;
                LeaveWaitingList(call);
                if (!call.Contact.WasAnswered)
                {
                    call.Contact.Answer(entry.Seat.Id, Clamp(call.Contact, at));
                    Record(call, outbox);
                }
            }
        }

        site.IsUp = true;
        site.ShutDownAt = null;
        site.DownSince = null;
        outbox.Events.Add(new SiteStatusChanged(site.Code, true, at));
        foreach (var queue in site.Queues.Values)
        {
            PublishFigures(site, queue, at, outbox);
        }
    }

    private void ForceLogOut(SiteState site, SeatEntry entry, DateTimeOffset at, Outbox outbox)
    {
        var seat = entry.Seat;
        if (seat.State == Core.Seats.AgentState.Ringing && seat.CurrentCallId is { } ringing)
        {
            Change(site, entry, seat.CancelRing(ringing, at), outbox);
        }

        if (seat.State == Core.Seats.AgentState.OnCall && seat.CurrentCallId is { } talking)
        {
            EndSeatCall(site, entry, talking, at, outbox);
        }

        if (seat.IsLoggedIn)
        {
            RecordAfterCallWorkIfWrapping(entry, at, outbox);
            Change(site, entry, seat.LogOut(at), outbox);
        }
    }
}
