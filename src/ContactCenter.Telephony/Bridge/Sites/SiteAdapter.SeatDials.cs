using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Bridge;

/// <summary>A preview callback's seat: dialled with <c>Dial()</c> in [outbound-seat], not through a queue.</summary>
internal sealed partial class SiteAdapter
{
    private readonly Dictionary<string, SeatLeg> _seatLegs = new(StringComparer.Ordinal);

    /// <summary>
    /// The dial of a callback leg that carries <c>CC_SEAT</c> is the seat ringing (DialBegin), answering or not (DialEnd),
    /// and the end of the seat's call when either leg hangs up, reported as the queue's agent facts so the seat and the
    /// contact follow.
    /// </summary>
    private void OnSeatDial(AmiMessage message)
    {
        var view = new AmiDialEvent(message);
        var info = Track(message, view.Caller);
        if (info is not { IsPrimary: true, Outbound: true, SeatId: { } seat } || info.CallId is not { } callId
            || view.Destination.Uniqueid is not { } legId || view.Destination.Channel is not { } leg)
        {
            return;
        }

        var at = EventTime(message);
        var dash = leg.LastIndexOf('-');
        var iface = dash > 0 ? leg[..dash] : leg;
        var queue = NonEmpty(view.Caller.GetVariable("CC_QUEUE")) ?? string.Empty;
        if (message.Name == "DialBegin")
        {
            _seatLegs[legId] = new SeatLeg(callId, seat, info.Uniqueid);
            _apply(new SeatRang(Code, at, callId, queue, seat, iface, leg));
        }
        else if (string.Equals(view.DialStatus, "ANSWER", StringComparison.Ordinal))
        {
            if (_seatLegs.TryGetValue(legId, out var answered))
            {
                answered.Answered = true;
            }

            _apply(new SeatConnected(Code, at, callId, queue, seat, iface, leg));
        }
        else if (_seatLegs.Remove(legId))
        {
            // Dial()'s own timeout ends the seat's ring with NOANSWER: that is an empty desk; the others are the phone's answer.
            var endedBy = view.DialStatus?.ToUpperInvariant() switch
            {
                "BUSY" => SeatRingEnd.Busy,
                "CONGESTION" or "CHANUNAVAIL" => SeatRingEnd.Unavailable,
                "CANCEL" => SeatRingEnd.HungUp,
                _ => SeatRingEnd.TimedOut,
            };
            _apply(new SeatDidNotAnswer(Code, at, callId, seat, iface, endedBy));
        }
    }

    /// <summary>Either leg of an answered preview seat call hung up: the seat's call is over (like AgentComplete).</summary>
    private void EndSeatLeg(string uniqueid, DateTimeOffset at)
    {
        foreach (var (legId, leg) in _seatLegs.Where(l => l.Key == uniqueid || l.Value.CustomerUniqueid == uniqueid).ToArray())
        {
            _seatLegs.Remove(legId);
            if (leg.Answered)
            {
                _apply(new SeatCallCompleted(Code, at, leg.CallId, leg.SeatId));
            }
        }
    }

    private sealed class SeatLeg(string callId, string seatId, string customerUniqueid)
    {
        public string CallId { get; } = callId;

        public string SeatId { get; } = seatId;

        public string CustomerUniqueid { get; } = customerUniqueid;

        public bool Answered { get; set; }
    }
}
