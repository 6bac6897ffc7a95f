using System.Threading.Channels;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Seat and supervisor commands from the desktop, turned into AMI actions (签入, 示忙, 就绪, 签出, 监听, queue membership).</summary>
public sealed partial class TelephonyBridge
{
    /// <summary>签入: adds the seat to each of its queues at its site (QueueAdd with penalty, MemberName and StateInterface); paused with reason 登录 unless ready.</summary>
    public async Task LogInAsync(string seatId, bool ready, CancellationToken cancellationToken)
    {
        var (seat, iface, queues, site) = _model.SeatForCommand(seatId);
        EnsureCan(AgentTrigger.LogIn, seat.State, ready ? AgentState.Ready : AgentState.NotReady);
        foreach (var membership in queues.Where(q => q.QueueId.StartsWith(site + "/", StringComparison.Ordinal)))
        {
            await QueueAddAsync(site, seatId, iface, membership.QueueId[(site.Length + 1)..], membership.QueueId, membership.Penalty, !ready, cancellationToken)
                .ConfigureAwait(false);
        }

        if (!ready)
        {
            await SendOrThrowAsync(site, SeatActions.Pause(iface, NotReadyReasons.LoggedIn), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>示忙/小休 with a reason: QueuePause in every queue. During a call it applies when the call ends.</summary>
    public Task SetNotReadyAsync(string seatId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var (seat, iface, _, site) = _model.SeatForCommand(seatId);
        if (seat.State is not (AgentState.OnCall or AgentState.Ringing))
        {
            EnsureCan(AgentTrigger.SetNotReady, seat.State, AgentState.NotReady);
        }

        return SendOrThrowAsync(site, SeatActions.Pause(iface, reason), cancellationToken);
    }

    /// <summary>就绪: QueuePause Paused=false (there is no QueueUnpause action); from wrap-up it ends the wrap-up early.</summary>
    public async Task SetReadyAsync(string seatId, CancellationToken cancellationToken)
    {
        var (seat, iface, _, site) = _model.SeatForCommand(seatId);
        EnsureCan(AgentTrigger.SetReady, seat.State, AgentState.Ready);
        if (seat.State == AgentState.WrapUp)
        {
            _model.SeatReadyFromWrapUp(seatId);
            return;
        }

        await SendOrThrowAsync(site, SeatActions.Unpause(iface), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>签出: QueueRemove from every queue the seat is in. Not while a call rings or is connected.</summary>
    public async Task LogOutAsync(string seatId, CancellationToken cancellationToken)
    {
        var (seat, iface, queues, site) = _model.SeatForCommand(seatId);
        EnsureCan(AgentTrigger.LogOut, seat.State, AgentState.LoggedOut);
        var names = seat.ActiveQueues.Count > 0
            ? seat.ActiveQueues
            : [.. queues.Where(q => q.QueueId.StartsWith(site + "/", StringComparison.Ordinal)).Select(q => q.QueueId[(site.Length + 1)..])];
        foreach (var name in names)
        {
            await QueueRemoveAsync(site, seatId, iface, name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// 班长监听/密语/强插: originates the supervisor's phone (<paramref name="supervisorInterface"/>, e.g. <c>PJSIP/9001</c>)
    /// into ChanSpy on the seat's current call leg by its full channel name. Throws when the seat has no call.
    /// </summary>
    public Task SpyAsync(string seatId, string supervisorInterface, SpyMode mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(supervisorInterface);
        var (seat, _, _, site) = _model.SeatForCommand(seatId);
        if (seat.State != AgentState.OnCall || seat.CallChannel is not { } channel)
        {
            throw new TelephonyCommandException($"seat {seatId} has no connected call to join ({seat.State})");
        }

        var slash = supervisorInterface.IndexOf('/', StringComparison.Ordinal);
        var callerId = slash >= 0 ? supervisorInterface[(slash + 1)..] : supervisorInterface;
        return SendOrThrowAsync(site, SeatActions.Spy(supervisorInterface, channel, mode, callerId), cancellationToken);
    }

    /// <summary>
    /// A supervisor adds the seat to a queue of its site (QueueAdd; paused unless the seat is ready or busy on a call)
    /// and keeps the membership for later log-ins. A logged-out seat only gets the membership.
    /// </summary>
    public async Task AddToQueueAsync(string seatId, string queueName, int penalty, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        var (seat, iface, _, site) = _model.SeatForCommand(seatId);
        if (seat.State != AgentState.LoggedOut)
        {
            var paused = seat.State is AgentState.NotReady;
            await QueueAddAsync(site, seatId, iface, queueName, queueName, penalty, paused, cancellationToken).ConfigureAwait(false);
            if (paused && seat.NotReadyReason is { } reason)
            {
                await SendOrThrowAsync(site, SeatActions.Pause(iface, reason), cancellationToken).ConfigureAwait(false);
            }
        }

        _model.ChangeMembership(seatId, Queue.MakeId(site, queueName), penalty);
    }

    /// <summary>A supervisor takes the seat out of a queue (QueueRemove) and out of its configured memberships.</summary>
    public async Task RemoveFromQueueAsync(string seatId, string queueName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        var (seat, iface, _, site) = _model.SeatForCommand(seatId);
        if (seat.ActiveQueues.Contains(queueName, StringComparer.Ordinal))
        {
            await QueueRemoveAsync(site, seatId, iface, queueName, cancellationToken).ConfigureAwait(false);
        }

        _model.ChangeMembership(seatId, Queue.MakeId(site, queueName), null);
    }

    private static void EnsureCan(AgentTrigger trigger, AgentState from, AgentState to)
    {
        if (!AgentStateMachine.IsLegal(trigger, from, to))
        {
            throw new AgentStateException(trigger, from, to);
        }
    }

    private async Task SendOrThrowAsync(string site, Ami.AmiAction action, CancellationToken cancellationToken)
    {
        var (ok, error) = await Adapter(site).SendAsync(action, cancellationToken).ConfigureAwait(false);
        if (!ok)
        {
            throw new TelephonyCommandException($"{action.Name} at site {site} failed: {error}");
        }
    }

    /// <summary>QueueAdd that takes Asterisk's "Already there" as done; <paramref name="shownQueue"/> names the queue in the error.</summary>
    private async Task QueueAddAsync(string site, string seatId, string iface, string queueName, string shownQueue, int penalty, bool paused, CancellationToken cancellationToken)
    {
        var (ok, error) = await Adapter(site).SendAsync(SeatActions.QueueAdd(queueName, iface, penalty, paused, seatId), cancellationToken).ConfigureAwait(false);
        if (!ok && error?.Contains("Already there", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw new TelephonyCommandException($"QueueAdd of {seatId} to {shownQueue} failed: {error}");
        }
    }

    /// <summary>QueueRemove that takes Asterisk's "Not there" as done.</summary>
    private async Task QueueRemoveAsync(string site, string seatId, string iface, string queueName, CancellationToken cancellationToken)
    {
        var (ok, error) = await Adapter(site).SendAsync(SeatActions.QueueRemove(queueName, iface), cancellationToken).ConfigureAwait(false);
        if (!ok && error?.Contains("Not there", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw new TelephonyCommandException($"QueueRemove of {seatId} from {queueName} failed: {error}");
        }
    }
}
