using ContactCenter.Core.Queues;

namespace ContactCenter.Telephony.Bridge;

/// <summary>What the overflow watcher sees of every site at one instant: enough to decide, nothing to change.</summary>
/// <param name="Now">The watcher's clock.</param>
/// <param name="Sites">The sites in the bridge's order.</param>
internal sealed record OverflowSnapshot(DateTimeOffset Now, IReadOnlyList<OverflowSite> Sites);

/// <summary>One site: whether it is up, its queues with overflow on, and its live figures for every queue name in play.</summary>
internal sealed record OverflowSite(string Code, bool IsUp, IReadOnlyList<OverflowQueue> Queues, IReadOnlyDictionary<string, QueueFigures> Figures);

/// <summary>A queue with an overflow policy and callers waiting.</summary>
internal sealed record OverflowQueue(string Name, OverflowPolicy Policy, QueueFigures Figures, IReadOnlyList<WaitingCaller> Waiting);

/// <summary>A waiting caller.</summary>
/// <param name="Movable">Not ringing a seat, not answered, with a channel to redirect, and not already moving.</param>
/// <param name="Moving">A Redirect for it is in flight.</param>
/// <param name="FromSites">Sites it already overflowed from (never sent back there).</param>
internal sealed record WaitingCaller(string CallId, DateTimeOffset? JoinedAt, bool Movable, bool Moving, IReadOnlyList<string> FromSites);

/// <summary>One decided move.</summary>
internal sealed record OverflowMove(string CallId, string FromSite, string ToSite, string QueueName, OverflowReason Reason);

/// <summary>The overflow decision as a pure function of a snapshot.</summary>
internal static class OverflowPlanner
{
    /// <summary>
    /// Per site that is up, per queue whose policy fires (rule order T, W, R), the oldest movable caller goes to the
    /// first target in the policy's order that is up and has more ready seats in the same queue than callers waiting
    /// there (counting the ones moved in this pass). It repeats while the rule still fires on the reduced load.
    /// </summary>
    public static IReadOnlyList<OverflowMove> Plan(OverflowSnapshot snapshot)
    {
        var now = snapshot.Now;
        var sites = snapshot.Sites.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var reserved = new Dictionary<(string Site, string Queue), int>();
        var moves = new List<OverflowMove>();
        foreach (var site in snapshot.Sites.Where(s => s.IsUp))
        {
            foreach (var queue in site.Queues.Where(q => q.Policy.IsEnabled && q.Waiting.Count > 0))
            {
                var load = queue.Figures.ToLoad();
                var movable = queue.Waiting.Where(c => c.Movable).OrderBy(c => c.JoinedAt).ToList();
                var stillWaiting = queue.Waiting.Count(c => !c.Moving);
                var moved = 0;
                while (moved < movable.Count && queue.Policy.Evaluate(load) is { } reason)
                {
                    var call = movable[moved];
                    var target = queue.Policy.ChooseTarget(call.FromSites.Append(site.Code), t => CanAccept(sites, t, queue.Name, reserved));
                    if (target is null)
                    {
                        break;
                    }

                    reserved[(target, queue.Name)] = reserved.GetValueOrDefault((target, queue.Name)) + 1;
                    moves.Add(new OverflowMove(call.CallId, site.Code, target, queue.Name, reason));
                    moved++;
                    load = load with
                    {
                        CallsWaiting = stillWaiting - moved,
                        LongestWait = moved < movable.Count && movable[moved].JoinedAt is { } next && now > next ? now - next : TimeSpan.Zero,
                    };
                }
            }
        }

        return moves;
    }

    /// <summary>A target accepts when it is up and has more ready seats in the queue than callers waiting or already sent there.</summary>
    private static bool CanAccept(Dictionary<string, OverflowSite> sites, string target, string queueName, Dictionary<(string Site, string Queue), int> reserved) =>
        sites.TryGetValue(target, out var site) && site.IsUp && site.Figures.TryGetValue(queueName, out var figures)
        && figures.AvailableSeats - figures.CallsWaiting - reserved.GetValueOrDefault((target, queueName)) > 0;
}
