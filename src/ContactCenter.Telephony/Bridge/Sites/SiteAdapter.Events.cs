using System.Buffers.Text;
using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Outbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Bridge;

/// <summary>The translation of one site's AMI events into <see cref="TelephonyFact"/>s.</summary>
internal sealed partial class SiteAdapter
{
    private ValueTask OnEventAsync(AmiMessage message, CancellationToken cancellationToken)
    {
        try
        {
            Handle(message);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or Core.DomainException)
        {
            BridgeLog.EventFailed(_logger, Code, message.Name, ex);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Translates one AMI event (internal for the benchmark, which feeds events without a socket).</summary>
    internal void Handle(AmiMessage message)
    {
        switch (message.Name)
        {
            case "Newchannel":
            {
                var channel = new AmiChannelEvent(message).Channel;
                if (channel.Uniqueid is { } uniqueid)
                {
                    _channels[uniqueid] = new ChannelInfo(uniqueid, channel.Linkedid ?? uniqueid, channel.Channel ?? string.Empty, EventTime(message),
                        channel.Context ?? string.Empty, channel.CallerIdNum);
                    Track(message, channel);
                }

                break;
            }

            case "VarSet":
                OnVarSet(message);
                break;
            case "QueueCallerJoin":
            {
                var view = new AmiQueueCallerEvent(message);
                var info = Track(message, view.Caller);
                if (CallIdOf(view.Caller, info) is { } callId && view.Queue is { } queue && info is not null)
                {
                    var direction = info.Outbound || _outbound.Contains(view.Caller.Context ?? string.Empty) || _outbound.Contains(info.Context)
                        ? ContactDirection.Outbound
                        : ContactDirection.Inbound;
                    _apply(new CallQueued(Code, EventTime(message), callId, queue, info.Uniqueid, info.Name, direction, info.CallerNumber, info.CreatedAt));
                }

                break;
            }

            case "QueueCallerAbandon":
            case "QueueCallerLeave":
            {
                var view = new AmiQueueCallerEvent(message);
                var info = Track(message, view.Caller);
                if (CallIdOf(view.Caller, info) is { } callId && view.Queue is { } queue)
                {
                    var at = EventTime(message);
                    _apply(message.Name == "QueueCallerAbandon"
                        ? new CallAbandoned(Code, at, callId, queue)
                        : new CallLeftWaitingList(Code, at, callId, queue));
                }

                break;
            }

            case "AgentCalled":
            case "AgentConnect":
            case "AgentComplete":
            case "AgentRingNoAnswer":
            case "AgentDump":
                OnAgent(message);
                break;
            case "DialBegin":
                OnSeatDial(message);
                break;
            case "DialEnd":
            {
                OnSeatDial(message);
                // app_queue publishes DialEnd before AgentRingNoAnswer when the seat's leg ended by itself (busy,
                // congestion, declined, caller gone), and after it when its ring timer ran out (wait_for_answer/rna()).
                var view = new AmiDialEvent(message);
                if (view.Destination.Uniqueid is { } dest && view.DialStatus is { } status && !status.Equals("ANSWER", StringComparison.OrdinalIgnoreCase))
                {
                    _legEnds.TryAdd(dest, status);
                }

                break;
            }
            case "Hangup":
            {
                var at = EventTime(message);
                _originates.Observe(message, at);
                var channel = new AmiChannelEvent(message);
                var info = Track(message, channel.Channel);
                if (info is not null)
                {
                    _channels.Remove(info.Uniqueid);
                    _legEnds.Remove(info.Uniqueid);
                    EndSeatLeg(info.Uniqueid, at);
                    if (info.IsPrimary && CallIdOf(channel.Channel, info) is { } callId)
                    {
                        _apply(new CallHungUp(Code, at, callId, info.Uniqueid, channel.Cause));
                    }
                }

                break;
            }

            case "QueueMemberAdded":
            case "QueueMemberRemoved":
            case "QueueMemberPause":
            case "QueueMemberStatus":
            {
                var view = new AmiQueueMemberEvent(message);
                if (view.MemberName is { } member && view.Interface is { } iface && view.Queue is { } queue)
                {
                    var change = message.Name switch
                    {
                        "QueueMemberAdded" => MemberChange.Added,
                        "QueueMemberRemoved" => MemberChange.Removed,
                        "QueueMemberStatus" => MemberChange.Status,
                        _ => MemberChange.Updated,
                    };
                    _apply(new MemberObserved(Code, EventTime(message), member, iface, queue, change, view.Paused, NonEmpty(view.PausedReason), view.Penalty));
                }

                break;
            }

            case "Shutdown":
                _apply(new SiteShuttingDown(Code, EventTime(message)));
                break;
            case "UserEvent":
            {
                var view = new AmiUserEvent(message);
                if (string.Equals(view.Name, "SurveyResult", StringComparison.OrdinalIgnoreCase) && NonEmpty(view["CallId"]) is { } callId)
                {
                    int? score = int.TryParse(view["Score"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null;
                    _apply(new SurveyReported(Code, EventTime(message), callId, NonEmpty(view["Agent"]), score));
                }

                break;
            }

            case "FullyBooted" when message.GetInt32("Uptime") is { } uptime:
                _apply(new SiteBooted(Code, EventTime(message), TimeSpan.FromSeconds(uptime)));
                break;
            case "OriginateResponse":
            case "HangupRequest":
            case "SoftHangupRequest":
                if (message.IsEvent("SoftHangupRequest") && message.ValueEquals("Cause", ShutdownSoftHangup))
                {
                    // `core stop now` / `core restart now` hang up every channel (AST_SOFTHANGUP_SHUTDOWN) before Event: Shutdown
                    // is sent, so the hang-ups that follow are the PBX's, not the callers'.
                    _apply(new SiteShuttingDown(Code, EventTime(message)));
                }

                // Reported through OnOriginateSettled: a Reason 0 waits for the channel's hang-up cause (17 = busy).
                _originates.Observe(message, EventTime(message));
                break;

            default:
                break;
        }
    }

    /// <summary>An originate on this site ended without reaching anyone: the dialer and the desktops hear why.</summary>
    private void OnOriginateSettled(string callId, OriginateOutcome outcome, DateTimeOffset at)
    {
        if (outcome.Status != OriginateStatus.Answered)
        {
            _apply(new OriginateFailedFact(Code, at, callId, outcome.Label));
        }
    }

    private void OnVarSet(AmiMessage message)
    {
        var view = new AmiVarSetEvent(message);
        if (view.IsGlobal || view.Variable is not { } raw)
        {
            return;
        }

        var name = raw.TrimStart('_');
        var info = Track(message, view.Channel);
        if (info is null || CallIdOf(view.Channel, info) is not { } callId)
        {
            return;
        }

        switch (name)
        {
            case "MIXMONITOR_FILENAME":
            case "CC_POLICY" or "CC_INTENT" or "CC_IVR_PATH" or "QUEUESTATUS" or "CC_OUTCOME" or "CC_CALLBACK_RESULT" when info.IsPrimary:
                _apply(new CallVariableSet(Code, EventTime(message), callId, name, view.Value ?? string.Empty));
                break;
            default:
                break;
        }
    }

    private void OnAgent(AmiMessage message)
    {
        var view = new AmiAgentEvent(message);
        var info = Track(message, view.Caller);
        if (CallIdOf(view.Caller, info) is not { } callId || view.MemberName is not { } seat)
        {
            return;
        }

        var at = EventTime(message);
        var queue = view.Queue ?? string.Empty;
        _apply(message.Name switch
        {
            "AgentCalled" => new SeatRang(Code, at, callId, queue, seat, view.Interface, NonEmpty(view.Agent.Channel)),
            "AgentConnect" => new SeatConnected(Code, at, callId, queue, seat, view.Interface, NonEmpty(view.Agent.Channel)),
            "AgentComplete" => new SeatCallCompleted(Code, at, callId, seat, view.Interface),
            "AgentDump" => new SeatDumped(Code, at, callId, seat, view.Interface),
            _ => new SeatDidNotAnswer(Code, at, callId, seat, view.Interface, RingEnd(view.Agent.Uniqueid)),
        });
    }

    /// <summary>How the seat's leg ended, from a DialEnd seen before AgentRingNoAnswer; none means the ring timed out.</summary>
    private SeatRingEnd RingEnd(string? legUniqueid)
    {
        if (legUniqueid is null || !_legEnds.Remove(legUniqueid, out var status))
        {
            return SeatRingEnd.TimedOut;
        }

        return status.ToUpperInvariant() switch
        {
            "BUSY" => SeatRingEnd.Busy,
            "CONGESTION" or "CHANUNAVAIL" => SeatRingEnd.Unavailable,
            _ => SeatRingEnd.HungUp,
        };
    }

    /// <summary>Notes the call id of a channel snapshot; reports an inbound call the first time its entry channel gets one.</summary>
    private ChannelInfo? Track(AmiMessage message, AmiChannelSnapshot snapshot)
    {
        if (snapshot.Uniqueid is not { } uniqueid)
        {
            return null;
        }

        if (!_channels.TryGetValue(uniqueid, out var info))
        {
            info = new ChannelInfo(uniqueid, snapshot.Linkedid ?? uniqueid, snapshot.Channel ?? string.Empty, EventTime(message), snapshot.Context ?? string.Empty, snapshot.CallerIdNum);
            _channels[uniqueid] = info;
        }

        if (NonEmpty(snapshot.GetVariable("CC_CALLID")) is { } callId)
        {
            info.CallId = callId;
        }

        if (NonEmpty(snapshot.GetVariable("CC_SEAT")) is { } seat && info.IsPrimary)
        {
            // Only the dialer's Originate sets CC_SEAT: the customer leg of a callback (a contact only once it is answered, below).
            info.SeatId = seat;
        }

        // An originated callback leg starts in its trunk's context and enters outbound-connect only once answered; it queues
        // or rings its seat from other contexts, so the direction is remembered on the channel.
        var callback = _callbacks.Contains(snapshot.Context ?? string.Empty);
        info.Outbound |= callback || _outbound.Contains(snapshot.Context ?? string.Empty);
        if (!info.Reported && info.CallId is not null && info.IsPrimary && (_inbound.Contains(snapshot.Context ?? info.Context) || callback))
        {
            info.Reported = true;
            var direction = callback ? ContactDirection.Outbound : ContactDirection.Inbound;
            _apply(new CallSeen(Code, EventTime(message), info.CallId, direction, info.Uniqueid, info.Name, info.CallerNumber, info.CreatedAt));
        }

        return info;
    }

    /// <summary>The call id of a snapshot <see cref="Track"/> has seen: a tracked channel already holds it, so the ChanVariable headers are scanned only for an untracked one.</summary>
    private static string? CallIdOf(AmiChannelSnapshot snapshot, ChannelInfo? info) =>
        info is not null ? info.CallId : NonEmpty(snapshot.GetVariable("CC_CALLID"));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Asterisk's <c>Timestamp: seconds.micros</c>, or the bridge's clock when absent.</summary>
    private DateTimeOffset EventTime(AmiMessage message)
    {
        if (message.TryGetValue("Timestamp", out var raw))
        {
            var dot = raw.IndexOf((byte)'.');
            var whole = dot < 0 ? raw : raw[..dot];
            if (Utf8Parser.TryParse(whole, out long seconds, out var used) && used == whole.Length && seconds > 0)
            {
                long micros = 0;
                if (dot >= 0)
                {
                    var fraction = raw[(dot + 1)..];
                    var digits = Math.Min(fraction.Length, 6);
                    if (Utf8Parser.TryParse(fraction[..digits], out long f, out var fu) && fu == digits)
                    {
                        micros = f;
                        for (var i = digits; i < 6; i++)
                        {
                            micros *= 10;
                        }
                    }
                }

                return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
            }
        }

        return _time.GetUtcNow();
    }

    private sealed class ChannelInfo(string uniqueid, string linkedid, string name, DateTimeOffset createdAt, string context, string? callerNumber)
    {
        public string Uniqueid { get; } = uniqueid;

        public string Linkedid { get; } = linkedid;

        public string Name { get; } = name;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public string Context { get; } = context;

        public string? CallerNumber { get; } = callerNumber;

        public string? CallId { get; set; }

        public bool Reported { get; set; }

        /// <summary>The channel was seen in an outbound context (a callback leg in <c>outbound-connect</c>).</summary>
        public bool Outbound { get; set; }

        /// <summary>CC_SEAT: the seat a preview callback belongs to.</summary>
        public string? SeatId { get; set; }

        /// <summary>The channel that started the call at this site (caller, trunk-in, or originated customer leg).</summary>
        public bool IsPrimary => string.Equals(Uniqueid, Linkedid, StringComparison.Ordinal);
    }
}
