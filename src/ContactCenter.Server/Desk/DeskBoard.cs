using System.Collections.Concurrent;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Desk;

/// <summary>
/// Every seat's desktop as the server keeps it: state, the call on screen (pop, answered, in wrap-up until the
/// wrap-up is saved) and a sequence number. Bridge events change it in order and each change goes to the seat's
/// group only, numbered; a client that sees a gap asks for a fresh <see cref="DeskSnapshot"/>. A refreshed page
/// gets the same call back from the snapshot. Screen pops are looked up when the caller queues, so the pop is
/// ready when a seat's phone rings.
/// </summary>
public sealed class DeskBoard(
    TelephonyBridge bridge,
    ScreenPopBuilder pops,
    IHubContext<AgentHub, IAgentClient> hub,
    IOptions<DeskOptions> options,
    TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SeatDesk> _seats = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<DeskCall>> _prefetch = new(StringComparer.Ordinal);

    public void Dispose() => _send.Dispose();

    public static string Group(string seatId) => $"seat:{seatId}";

    /// <summary>Applies one bridge event (called by the pusher, one event at a time, in order).</summary>
    public async Task HandleAsync(BridgeEvent bridgeEvent, CancellationToken cancellationToken)
    {
        switch (bridgeEvent)
        {
            case CallWaiting waiting when bridge.FindContact(waiting.CallId) is { } contact:
                // Started now, awaited when a seat rings.
                _ = _prefetch.GetOrAdd(waiting.CallId, _ => pops.BuildAsync(contact, cancellationToken));
                break;
            case CallEnded ended:
                _prefetch.TryRemove(ended.CallId, out _);
                break;
            case SeatStateChanged changed:
                await OnSeatAsync(changed, cancellationToken);
                break;
            default:
                break;
        }
    }

    /// <summary>Adds the connection to its seat's group and sends it the snapshot, with no delta in between.</summary>
    public async Task ConnectAsync(string connectionId, string seatId, string siteCode, IGroupManager groups, IAgentClient caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(caller);
        await _send.WaitAsync(cancellationToken);
        try
        {
            await groups.AddToGroupAsync(connectionId, Group(seatId), cancellationToken);
            await caller.Snapshot(Snapshot(seatId, siteCode));
        }
        finally
        {
            _send.Release();
        }
    }

    public DeskSnapshot Snapshot(string seatId, string siteCode)
    {
        var lists = options.Value;
        lock (_gate)
        {
            var desk = Desk(seatId, siteCode);
            return new DeskSnapshot(desk.Seq, seatId, desk.SiteCode, time.GetUtcNow(), desk.State, desk.Call, lists.EffectivePauseReasons, lists.EffectiveWrapUpCodes);
        }
    }

    /// <summary>The call currently on the seat's screen, if any (for wrap-up and callback requests).</summary>
    public DeskCall? CurrentCall(string seatId)
    {
        lock (_gate)
        {
            return _seats.TryGetValue(seatId, out var desk) ? desk.Call : null;
        }
    }

    /// <summary>The seat saved the wrap-up of <paramref name="callId"/>: the call leaves the desktop.</summary>
    public async Task ClearCallAsync(string seatId, string callId, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            DeskCallCleared? cleared = null;
            lock (_gate)
            {
                if (_seats.TryGetValue(seatId, out var desk) && desk.Call?.CallId == callId)
                {
                    desk.Call = null;
                    cleared = new DeskCallCleared(++desk.Seq, callId);
                }
            }

            if (cleared is not null)
            {
                await hub.Clients.Group(Group(seatId)).CallCleared(cleared);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task OnSeatAsync(SeatStateChanged changed, CancellationToken cancellationToken)
    {
        var change = changed.Change;
        var contact = change.CallId is { } id ? bridge.FindContact(id) : null;
        DeskCall? pop = null;
        if (change.CallId is { } callId && contact is not null
            && (change.To == AgentState.Ringing || (change.To == AgentState.OnCall && CurrentCall(change.SeatId)?.CallId != callId)))
        {
            pop = await PopAsync(contact, cancellationToken);
        }

        var wrapUpDeadline = change.To == AgentState.WrapUp ? bridge.FindSeat(change.SeatId)?.WrapUpDeadline : null;
        var now = time.GetUtcNow();
        var messages = new List<Func<IAgentClient, Task>>(2);
        await _send.WaitAsync(cancellationToken);
        try
        {
            lock (_gate)
            {
                var desk = Desk(change.SeatId, changed.SiteCode);
                desk.State = new SeatStateView(change.To, change.Reason, change.At, wrapUpDeadline, change.To is AgentState.LoggedOut or AgentState.Ready or AgentState.NotReady ? null : change.CallId);
                var state = new DeskStateDelta(++desk.Seq, now, desk.State);
                messages.Add(client => client.StateChanged(state));
                if (pop is not null && change.To == AgentState.Ringing)
                {
                    desk.Call = pop with { Phase = CallPhase.Ringing };
                    var offered = new DeskCallDelta(++desk.Seq, now, desk.Call);
                    messages.Add(client => client.CallOffered(offered));
                }
                else if (change.To == AgentState.OnCall && (pop ?? desk.Call) is { } call && call.CallId == change.CallId)
                {
                    desk.Call = call.With(CallPhase.Talking, contact);
                    var answered = new DeskCallDelta(++desk.Seq, now, desk.Call);
                    messages.Add(client => client.CallAnswered(answered));
                }
                else if (change.Trigger == AgentTrigger.EndCall && desk.Call is { } talking && talking.CallId == change.CallId)
                {
                    desk.Call = talking.With(CallPhase.WrapUp, contact);
                    var ended = new DeskCallDelta(++desk.Seq, now, desk.Call);
                    messages.Add(client => client.CallEnded(ended));
                }
                else if (change.Trigger is AgentTrigger.CancelRing or AgentTrigger.RingNoAnswer && desk.Call is { Phase: CallPhase.Ringing } ringing)
                {
                    desk.Call = null;
                    var cleared = new DeskCallCleared(++desk.Seq, ringing.CallId);
                    messages.Add(client => client.CallCleared(cleared));
                }
            }

            var group = hub.Clients.Group(Group(change.SeatId));
            foreach (var message in messages)
            {
                await message(group);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task<DeskCall> PopAsync(Contact contact, CancellationToken cancellationToken)
    {
        // The lookup made when the caller queued, unless the IVR data changed since (a policy number keyed later).
        if (_prefetch.TryGetValue(contact.CallId, out var pending))
        {
            var prefetched = await pending;
            if (prefetched.PolicyNumber == contact.PolicyNumber)
            {
                return prefetched with { RingingAt = contact.RingingAt, AnsweredAt = contact.AnsweredAt };
            }
        }

        return await pops.BuildAsync(contact, cancellationToken);
    }

    private SeatDesk Desk(string seatId, string siteCode)
    {
        if (!_seats.TryGetValue(seatId, out var desk))
        {
            var live = bridge.FindSeat(seatId);
            desk = new SeatDesk(live?.SiteCode ?? siteCode)
            {
                State = live is null
                    ? new SeatStateView(AgentState.LoggedOut, null, null, null, null)
                    : new SeatStateView(live.State, live.NotReadyReason, live.StateEnteredAt, live.WrapUpDeadline, live.CallId),
            };
            _seats[seatId] = desk;
        }

        return desk;
    }

    private sealed class SeatDesk(string siteCode)
    {
        public string SiteCode { get; } = siteCode;

        public long Seq { get; set; }

        public required SeatStateView State { get; set; }

        public DeskCall? Call { get; set; }
    }
}
