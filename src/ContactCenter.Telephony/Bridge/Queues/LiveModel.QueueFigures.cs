using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Live queue figures (waiting, longest wait, estimated wait, ready and staffed seats) for the wallboard and overflow.</summary>
internal sealed partial class LiveModel
{
    private static QueueState QueueOf(SiteState site, string queueName)
    {
        if (!site.Queues.TryGetValue(queueName, out var queue))
        {
            queue = new QueueState(new Queue(site.Code, queueName, queueName, shortAbandonSeconds: site.Options.ShortAbandonSeconds));
            site.Queues[queueName] = queue;
        }

        return queue;
    }

    private static QueueFigures ComputeFigures(SiteState site, QueueState queue, DateTimeOffset now)
    {
        var available = 0;
        var staffed = 0;
        foreach (var entry in site.Seats.Values)
        {
            if (entry.ActiveQueues.Contains(queue.Queue.Name))
            {
                staffed++;
                if (entry.Seat.State == AgentState.Ready)
                {
                    available++;
                }
            }
        }

        var waiting = queue.Waiting.Count;
        var longest = waiting > 0 && queue.Waiting.Min(c => c.JoinedAt) is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;
        var estimated = waiting < available ? TimeSpan.Zero : TimeSpan.FromSeconds(queue.AverageWaitSeconds);
        return new QueueFigures(site.Code, queue.Queue.Id, waiting, longest, estimated, available, staffed);
    }

    private void PublishFigures(SiteState site, QueueState queue, DateTimeOffset at, Outbox outbox)
    {
        var now = _time.GetUtcNow();
        outbox.Events.Add(new QueueFiguresChanged(ComputeFigures(site, queue, now > at ? now : at), at));
    }
}
