using System.Collections.Immutable;
using System.Threading.Channels;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// A change of the live picture, for the wallboard and desktop hubs (and, after the scale-out issue, for
/// other nodes). Carries no caller numbers or names: hubs that need them read the contact record.
/// </summary>
/// <param name="At">When it happened (Asterisk's event time when known).</param>
public abstract record BridgeEvent(DateTimeOffset At);

/// <summary>A seat moved between states (振铃, 通话中, 话后处理, 示忙…).</summary>
public sealed record SeatStateChanged(string SiteCode, AgentStateChange Change) : BridgeEvent(Change.At);

/// <summary>A caller joined a queue and waits.</summary>
public sealed record CallWaiting(string SiteCode, string QueueId, string CallId, DateTimeOffset At) : BridgeEvent(At);

/// <summary>A seat answered a call.</summary>
public sealed record CallAnswered(string SiteCode, string QueueId, string CallId, string SeatId, DateTimeOffset At) : BridgeEvent(At);

/// <summary>A contact closed with its outcome.</summary>
public sealed record CallEnded(string SiteCode, string CallId, ContactOutcome Outcome, bool ShortAbandon, DateTimeOffset At) : BridgeEvent(At);

/// <summary>The bridge decided to move a call to another site (also for a pre-queue diversion).</summary>
public sealed record OverflowDecided(string FromSite, string ToSite, string QueueName, string? CallId, OverflowReason Reason, DateTimeOffset At) : BridgeEvent(At);

/// <summary>An overflow Redirect was refused or failed; the caller stays where it was.</summary>
public sealed record OverflowFailed(string FromSite, string ToSite, string CallId, string Error, DateTimeOffset At) : BridgeEvent(At);

/// <summary>A queue's live figures changed (after joins, leaves, answers and seat changes).</summary>
public sealed record QueueFiguresChanged(QueueFigures Figures, DateTimeOffset At) : BridgeEvent(At);

/// <summary>A site's AMI link went up (after the resync) or down.</summary>
public sealed record SiteStatusChanged(string SiteCode, bool IsUp, DateTimeOffset At) : BridgeEvent(At);

/// <summary>The IVR's post-call survey result (UserEvent SurveyResult); Score is null when not rated.</summary>
public sealed record SurveyCompleted(string SiteCode, string CallId, string? SeatId, int? Score, DateTimeOffset At) : BridgeEvent(At);

/// <summary>An originated callback did not connect (busy, no answer, failed); the dialer decides the retry.</summary>
public sealed record OriginateFailed(string SiteCode, string CallId, string Reason, DateTimeOffset At) : BridgeEvent(At);

/// <summary>The live figures of one queue at one site.</summary>
/// <param name="SiteCode">The site.</param>
/// <param name="QueueId">Queue id, <c>site/name</c>.</param>
/// <param name="CallsWaiting">Callers in queue now.</param>
/// <param name="LongestWait">Wait of the oldest waiting caller.</param>
/// <param name="EstimatedWait">Estimated wait of a caller joining now (recent average answer wait; zero when seats are free).</param>
/// <param name="AvailableSeats">Seats in the queue that are ready.</param>
/// <param name="StaffedSeats">Seats logged in to the queue.</param>
public sealed record QueueFigures(string SiteCode, string QueueId, int CallsWaiting, TimeSpan LongestWait, TimeSpan EstimatedWait, int AvailableSeats, int StaffedSeats)
{
    /// <summary>The load for <see cref="OverflowPolicy.Evaluate"/>.</summary>
    public QueueLoad ToLoad() => new(LongestWait, EstimatedWait, CallsWaiting, AvailableSeats);
}

/// <summary>The stream of live-model changes. Each subscriber gets every event from the moment it subscribes, in order.</summary>
public interface IBridgeEvents
{
    /// <summary>A new reader of all later events; complete it by cancelling <paramref name="cancellationToken"/>.</summary>
    ChannelReader<BridgeEvent> Subscribe(CancellationToken cancellationToken);
}

/// <summary>Fans events out to subscribers, each through its own unbounded channel (the model never waits on a hub).</summary>
public sealed class BridgeEventHub : IBridgeEvents
{
    private ImmutableArray<Channel<BridgeEvent>> _subscribers = [];

    /// <inheritdoc />
    public ChannelReader<BridgeEvent> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<BridgeEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        ImmutableInterlocked.Update(ref _subscribers, static (list, c) => list.Add(c), channel);
        cancellationToken.Register(() =>
        {
            ImmutableInterlocked.Update(ref _subscribers, static (list, c) => list.Remove(c), channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    internal void Publish(BridgeEvent bridgeEvent)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(bridgeEvent);
        }
    }
}
