using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

internal sealed class SeatEntry(Seat seat, string iface)
{
    public Seat Seat { get; } = seat;

    public string Interface { get; } = iface;

    /// <summary>Queues Asterisk has the seat in right now (names).</summary>
    public HashSet<string> ActiveQueues { get; } = new(StringComparer.Ordinal);

    /// <summary>Per queue Asterisk has the seat in: null when unpaused, else its pause reason (empty when none was given).</summary>
    public Dictionary<string, string?> QueuePauses { get; } = new(StringComparer.Ordinal);

    /// <summary>A pause that arrived during a call, applied when it ends.</summary>
    public string? PendingNotReady { get; set; }

    public ITimer? WrapTimer { get; set; }

    /// <summary>A ring that timed out, waiting (<see cref="RingNoAnswerGrace"/>) to see whether the caller stays.</summary>
    public (string CallId, DateTimeOffset At)? PendingNoAnswer { get; set; }

    public ITimer? NoAnswerTimer { get; set; }

    public string? LastCallId { get; set; }

    /// <summary>The seat's leg of its current call (e.g. <c>PJSIP/1001-00000008</c>); meaningful only while it rings or talks.</summary>
    public string? CallChannel { get; set; }
}

/// <summary>A seat as the desktop and the wallboard see it.</summary>
/// <param name="CallChannel">The seat's leg while a call rings or is connected (full channel name, for ChanSpy); otherwise null.</param>
public sealed record SeatSnapshot(string SeatId, string SiteCode, string Extension, AgentState State, string? NotReadyReason, string? CallId,
    DateTimeOffset? StateEnteredAt, DateTimeOffset? WrapUpDeadline, IReadOnlyList<string> ActiveQueues, string? CallChannel = null)
{
    /// <summary>The queues the seat is configured for (ids with penalties), whether or not it is logged in.</summary>
    public IReadOnlyList<SeatQueueMembership> Queues { get; init; } = [];

    internal static SeatSnapshot Of(SeatEntry entry) => new(entry.Seat.Id, entry.Seat.SiteCode, entry.Seat.Extension, entry.Seat.State,
        entry.Seat.NotReadyReason, entry.Seat.CurrentCallId, entry.Seat.StateEnteredAt, entry.Seat.WrapUpDeadline, [.. entry.ActiveQueues.Order(StringComparer.Ordinal)],
        entry.Seat.State is AgentState.Ringing or AgentState.OnCall ? entry.CallChannel : null)
    {
        Queues = [.. entry.Seat.Queues],
    };
}
