using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Pre-queue routing for the IVR: the home site, or another one when the home site is down or saturated.</summary>
internal sealed partial class LiveModel
{
    /// <summary>
    /// Pre-queue routing for the IVR: the home site unless it is down (then the first policy target that is up
    /// and staffed in the queue) or saturated counting this caller (then the first target that can accept).
    /// A diversion of a known call is recorded on its contact as an overflow hop.
    /// </summary>
    public RouteDecision DecideRoute(string siteCode, string queueName, string? callId)
    {
        var outbox = new Outbox();
        RouteDecision decision;
        lock (_gate)
        {
            var site = Site(siteCode);
            var queue = QueueOf(site, queueName);
            var policy = queue.Queue.Overflow;
            var now = _time.GetUtcNow();
            _calls.TryGetValue(callId ?? string.Empty, out var call);
            var visited = (call?.Contact.OverflowHops.Select(h => h.FromSite) ?? []).Append(siteCode);
            OverflowReason? reason = null;
            string? target = null;
            var none = new Dictionary<(string Site, string Queue), int>();
            if (!site.IsUp)
            {
                reason = OverflowReason.SiteUnavailable;
                target = policy.ChooseTarget(visited, t => _sites.TryGetValue(t, out var s) && s.IsUp && ComputeFigures(s, QueueOf(s, queueName), now).StaffedSeats > 0);
            }
            else
            {
                var figures = ComputeFigures(site, queue, now);
                var load = figures.ToLoad() with { CallsWaiting = figures.CallsWaiting + 1 };
                reason = policy.Evaluate(load);
                if (reason is not null)
                {
                    target = policy.ChooseTarget(visited, t => CanAccept(t, queueName, none));
                }
            }

            if (target is null)
            {
                decision = new RouteDecision(siteCode, queueName, siteCode, false, null, null, null);
            }
            else
            {
                decision = new RouteDecision(siteCode, queueName, target, true, reason, site.Options.OverflowContext, $"{target}-{queueName}");
                BridgeLog.OverflowDecided(_logger, callId ?? "(pre-queue)", siteCode, target, queueName, reason!.Value);
                outbox.Events.Add(new OverflowDecided(siteCode, target, queueName, callId, reason.Value, now));
                if (call is { Contact.IsClosed: false, Contact.WasAnswered: false } && call.SiteCode == siteCode)
                {
                    call.Contact.Overflow(target, reason.Value, Clamp(call.Contact, now));
                    call.OverflowedFrom.Add(siteCode);
                    call.SiteCode = target;
                    call.Uniqueid = null;
                    call.Channel = null;
                    Record(call, outbox);
                }
            }
            Flush(outbox);
        }

        return decision;
    }

    /// <summary>A target accepts when it is up and has more ready seats in the queue than callers waiting or already sent there.</summary>
    private bool CanAccept(string target, string queueName, Dictionary<(string Site, string Queue), int> reserved)
    {
        if (!_sites.TryGetValue(target, out var site) || !site.IsUp)
        {
            return false;
        }

        var figures = ComputeFigures(site, QueueOf(site, queueName), _time.GetUtcNow());
        return figures.AvailableSeats - figures.CallsWaiting - reserved.GetValueOrDefault((target, queueName)) > 0;
    }
}
