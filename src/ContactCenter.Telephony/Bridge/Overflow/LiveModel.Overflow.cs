using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Bridge;

/// <summary>The overflow watcher: moves waiting callers to another site by AMI Redirect, and what the Redirect's answer means.</summary>
internal sealed partial class LiveModel
{
    /// <summary>One pass of the overflow watcher: <see cref="OverflowPlanner.Plan"/> over a snapshot, then a Redirect per move.</summary>
    public void CheckOverflow()
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var move in OverflowPlanner.Plan(OverflowSnapshotAt(now)))
            {
                StartOverflow(_sites[move.FromSite], _calls[move.CallId], move.ToSite, move.Reason, now, outbox);
            }

            Flush(outbox);
        }
    }

    private OverflowSnapshot OverflowSnapshotAt(DateTimeOffset now)
    {
        var names = _sites.Values.SelectMany(s => s.Queues.Values).Where(q => q.Queue.Overflow.IsEnabled).Select(q => q.Queue.Name)
            .ToHashSet(StringComparer.Ordinal);
        var sites = new List<OverflowSite>();
        foreach (var site in _sites.Values)
        {
            var figures = names.ToDictionary(n => n, n => ComputeFigures(site, site.Queues.GetValueOrDefault(n) ?? new QueueState(new Queue(site.Code, n, n)), now),
                StringComparer.Ordinal);
            var queues = site.Queues.Values.Where(q => q.Queue.Overflow.IsEnabled && q.Waiting.Count > 0)
                .Select(q => new OverflowQueue(q.Queue.Name, q.Queue.Overflow, figures[q.Queue.Name], [.. q.Waiting.Select(c => new WaitingCaller(c.Contact.CallId, c.JoinedAt,
                    c.PendingOverflow is null && c.RingingSeats.Count == 0 && c.Channel is not null && !c.Contact.WasAnswered,
                    c.PendingOverflow is not null, [.. c.Contact.OverflowHops.Select(h => h.FromSite)]))]))
                .ToList();
            sites.Add(new OverflowSite(site.Code, site.IsUp, queues, figures));
        }

        return new OverflowSnapshot(now, sites);
    }

    private void StartOverflow(SiteState site, CallState call, string target, OverflowReason reason, DateTimeOffset now, Outbox outbox)
    {
        call.PendingOverflow = new PendingOverflow(site.Code, target, reason, now);
        var queueName = call.QueueName!;
        var callId = call.Contact.CallId;
        BridgeLog.OverflowDecided(_logger, callId, site.Code, target, queueName, reason);
        outbox.Events.Add(new OverflowDecided(site.Code, target, queueName, callId, reason, now));
        var action = new AmiAction("Redirect")
            .Add("Channel", call.Channel!)
            .Add("Context", site.Options.OverflowContext)
            .Add("Exten", $"{target}-{queueName}")
            .Add("Priority", "1");
        outbox.Actions.Add(new OutgoingAction(site.Code, action, "overflow redirect", (ok, error) => OnRedirectResult(callId, site.Code, target, ok, error)));
    }

    private void OnRedirectResult(string callId, string fromSite, string target, bool ok, string? error)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var call) || call.PendingOverflow is not { } pending || pending.ToSite != target)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (!ok)
            {
                call.PendingOverflow = null;
                outbox.Events.Add(new OverflowFailed(fromSite, target, callId, error ?? "refused", now));
            }
            else if (!call.Contact.IsClosed && !call.Contact.WasAnswered && string.Equals(call.SiteCode, fromSite, StringComparison.Ordinal))
            {
                // The caller left the entry site's queue for the trunk: the same record continues at the target.
                LeaveWaitingList(call);
                call.Contact.Overflow(target, pending.Reason, Clamp(call.Contact, pending.DecidedAt));
                call.OverflowedFrom.Add(fromSite);
                call.SiteCode = target;
                call.Uniqueid = null;
                call.Channel = null;
                call.PendingOverflow = null;
                Record(call, outbox);
                if (_sites.TryGetValue(fromSite, out var site) && call.QueueName is { } name)
                {
                    PublishFigures(site, QueueOf(site, name), now, outbox);
                }
            }
            Flush(outbox);
        }
    }
}
