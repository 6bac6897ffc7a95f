using ContactCenter.Core.Queues;

namespace ContactCenter.Telephony.Bridge;

internal sealed class QueueState(Queue queue)
{
    public Queue Queue { get; set; } = queue;

    /// <summary>Waiting callers in join order.</summary>
    public List<CallState> Waiting { get; } = [];

    public double AverageWaitSeconds { get; set; }

    public long AnsweredCount { get; set; }
}
