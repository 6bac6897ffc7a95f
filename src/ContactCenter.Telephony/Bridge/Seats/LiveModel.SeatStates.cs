using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Finding the seat a fact means, and moving its state machine (every move becomes a <see cref="SeatStateChanged"/>).</summary>
internal sealed partial class LiveModel
{
    /// <summary>
    /// The seat Asterisk means. app_queue keys members by Interface (MemberName is only a label, and a member added
    /// from the CLI is named after its interface), so the interface decides; the member name is used only when an
    /// event carries no interface.
    /// </summary>
    private SeatEntry SeatOf(SiteState site, string seatId, string? iface, string? queueName)
    {
        if (iface is not null ? site.SeatsByInterface.TryGetValue(iface, out var entry) : site.Seats.TryGetValue(seatId, out entry))
        {
            return entry;
        }

        // A member nobody configured (added from the CLI, or before the server loaded seats): track it, and say so once.
        var extension = iface is { } i && i.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? i[(slash + 1)..] : seatId;
        var id = site.Seats.ContainsKey(seatId) && iface is not null ? iface : seatId;
        BridgeLog.UnknownMember(_logger, site.Code, iface ?? "(none)", seatId, id);
        var seat = new Seat(id, site.Code, extension, id);
        if (queueName is not null)
        {
            seat.JoinQueue(Queue.MakeId(site.Code, queueName));
        }

        entry = new SeatEntry(seat, iface ?? $"{site.Options.SeatTechnology}/{extension}");
        site.Seats[id] = entry;
        site.SeatsByInterface[entry.Interface] = entry;
        return entry;
    }

    /// <summary>A seat the site already knows, by interface (else member name); null when unknown.</summary>
    private static SeatEntry? KnownSeat(SiteState site, string seatId, string? iface) =>
        (iface is not null ? site.SeatsByInterface.GetValueOrDefault(iface) : null) ?? (iface is null ? site.Seats.GetValueOrDefault(seatId) : null);

    /// <summary>Asterisk offers calls only to logged-in, unpaused members: bring a seat we thought otherwise in line.</summary>
    private void EnsureReady(SiteState site, SeatEntry entry, DateTimeOffset at, Outbox outbox)
    {
        var seat = entry.Seat;
        switch (seat.State)
        {
            case AgentState.LoggedOut:
                Change(site, entry, seat.LogIn(ready: true, at), outbox);
                break;
            case AgentState.NotReady or AgentState.WrapUp:
                Change(site, entry, seat.SetReady(at), outbox);
                break;
            case AgentState.Ringing when seat.CurrentCallId is { } other:
                Change(site, entry, seat.CancelRing(other, at), outbox);
                break;
            case AgentState.OnCall when seat.CurrentCallId is { } other:
                EndSeatCall(site, entry, other, at, outbox);
                if (seat.State != AgentState.Ready)
                {
                    Change(site, entry, seat.SetReady(at), outbox);
                }

                break;
            default:
                break;
        }
    }

    private static void Change(SiteState site, SeatEntry entry, AgentStateChange change, Outbox outbox)
    {
        if (change.From == AgentState.WrapUp && change.To != AgentState.WrapUp)
        {
            entry.WrapTimer?.Dispose();
            entry.WrapTimer = null;
        }

        Note(site, change, outbox);
    }

    private static void Note(SiteState site, AgentStateChange change, Outbox outbox)
    {
        if (change.From != change.To || change.Reason is not null)
        {
            outbox.Events.Add(new SeatStateChanged(site.Code, change));
        }
    }
}
