using System.Buffers.Text;
using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Outbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// One site's Asterisk: its AMI connection, the translation of AMI events into <see cref="TelephonyFact"/>s
/// (keyed by Uniqueid/Linkedid and CC_CALLID, never by arrival order), the resync after every (re)connect,
/// and the actions the model and the desktop ask for.
/// </summary>
internal sealed class SiteAdapter : IAsyncDisposable
{
    private readonly SiteOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<TelephonyFact> _apply;
    private readonly Dictionary<string, ChannelInfo> _channels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inbound;
    private readonly HashSet<string> _outbound;
    private readonly HashSet<string> _callbacks;
    private readonly AmiClient _client;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly OriginateTracker _originates;
    private readonly Dictionary<string, SeatLeg> _seatLegs = new(StringComparer.Ordinal);
    private CancellationTokenSource? _connecting;
    private Task _connectLoop = Task.CompletedTask;

    public SiteAdapter(SiteOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, Action<TelephonyFact> apply)
    {
        _options = options;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<SiteAdapter>();
        _apply = apply;
        _inbound = new HashSet<string>(options.InboundContexts, StringComparer.Ordinal);
        _outbound = new HashSet<string>(options.OutboundContexts, StringComparer.Ordinal);
        _callbacks = new HashSet<string>(options.CallbackContexts, StringComparer.Ordinal);
        _client = new AmiClient(Options.Create(options.ToAmiOptions()), timeProvider, loggerFactory.CreateLogger<AmiClient>());
        _originates = new OriginateTracker(timeProvider, OnOriginateSettled);
        _subscriptions.Add(_client.OnEvent(OnEventAsync));
        _subscriptions.Add(_client.OnConnectionChanged(OnConnectionChangedAsync));
    }

    public string Code => _options.Code;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects in the background: a site that is down at start-up is marked down and retried, and never stops the others.</summary>
    public void Start()
    {
        _connecting = new CancellationTokenSource();
        var token = _connecting.Token;
        _connectLoop = Task.Run(async () =>
        {
            var delay = TimeSpan.FromMilliseconds(200);
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await _client.ConnectAsync(token).ConfigureAwait(false);
                    return;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is AmiException or IOException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    BridgeLog.FirstConnectFailed(_logger, Code, ex);
                    _apply(new SiteLinkLost(Code, _time.GetUtcNow()));
                }

                try
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }, CancellationToken.None);
    }

    /// <summary>Sends an action; returns (ok, error message). Never throws for AMI or link failures.</summary>
    public async Task<(bool Ok, string? Error)> SendAsync(AmiAction action, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.SendActionAsync(action, cancellationToken).ConfigureAwait(false);
            return response.IsSuccess ? (true, null) : (false, response.Message ?? "error");
        }
        catch (Exception ex) when (ex is AmiException or TimeoutException or IOException)
        {
            return (false, ex.Message);
        }
    }

    /// <summary>
    /// Sends an <c>Originate Async: true</c> whose <c>ChannelId</c> is <paramref name="callId"/> and waits for how it
    /// ended (answered, busy, no answer, congestion, failed), at most <paramref name="limit"/>. Never throws for a
    /// refused call or a link failure.
    /// </summary>
    public Task<OriginateOutcome> OriginateAsync(string callId, AmiAction originate, TimeSpan limit, CancellationToken cancellationToken) =>
        _client.IsConnected
            ? _originates.OriginateAsync(_client, callId, originate, limit, cancellationToken)
            : Task.FromResult(new OriginateOutcome(OriginateStatus.Failed));

    public async ValueTask DisposeAsync()
    {
        _originates.Dispose();
        if (_connecting is { } connecting)
        {
            await connecting.CancelAsync().ConfigureAwait(false);
            await _connectLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            connecting.Dispose();
        }

        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await _client.DisposeAsync().ConfigureAwait(false);
    }

    private ValueTask OnConnectionChangedAsync(AmiConnectionChanged change, CancellationToken cancellationToken)
    {
        if (change.Status == AmiConnectionStatus.Disconnected)
        {
            BridgeLog.SiteDown(_logger, Code);
            _apply(new SiteLinkLost(Code, _time.GetUtcNow()));
            return ValueTask.CompletedTask;
        }

        return new ValueTask(ResyncAsync(cancellationToken));
    }

    /// <summary>Rebuilds the site from list actions. Events that arrive meanwhile wait in the client's queue and apply after it.</summary>
    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            var queues = await _client.SendListActionAsync(new AmiAction("QueueStatus"), cancellationToken).ConfigureAwait(false);
            var channels = await _client.SendListActionAsync(new AmiAction("CoreShowChannels"), cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var members = new List<MemberObserved>();
            var entries = new List<QueueEntrySnapshot>();
            foreach (var item in queues.Items)
            {
                if (item.IsEvent("QueueMember") && item["Name"] is { } name && item["Location"] is { } location && item["Queue"] is { } queue)
                {
                    members.Add(new MemberObserved(Code, now, name, location, queue, MemberChange.Added, item.ValueEquals("Paused", "1"),
                        item["PausedReason"], item.GetInt32("Penalty")));
                }
                else if (item.IsEvent("QueueEntry") && item["Uniqueid"] is { } uniqueid && item["Queue"] is { } entryQueue)
                {
                    entries.Add(new QueueEntrySnapshot(entryQueue, uniqueid, item["Channel"] ?? string.Empty, item["CallerIDNum"], item.GetInt32("Wait") ?? 0));
                }
            }

            var live = new List<ChannelSnapshot>();
            _channels.Clear();
            foreach (var item in channels.Items.Where(i => i.IsEvent("CoreShowChannel")))
            {
                var view = new AmiChannelEvent(item).Channel;
                if (view.Uniqueid is not { } uniqueid)
                {
                    continue;
                }

                var callId = NonEmpty(view.GetVariable("CC_CALLID"));
                var linkedid = view.Linkedid ?? uniqueid;
                // A callback leg waits in queue-sub or talks in outbound-seat by now; CC_SEAT (set by the dialer's Originate) still says what it is.
                var seat = NonEmpty(view.GetVariable("CC_SEAT"));
                var outbound = seat is not null || _outbound.Contains(view.Context ?? string.Empty);
                live.Add(new ChannelSnapshot(uniqueid, linkedid, view.Channel ?? string.Empty, view.Context ?? string.Empty, callId, NonEmpty(item["BridgeId"]), outbound));
                _channels[uniqueid] = new ChannelInfo(uniqueid, linkedid, view.Channel ?? string.Empty, now, view.Context ?? string.Empty, view.CallerIdNum)
                {
                    CallId = callId,
                    Reported = callId is not null,
                    Outbound = outbound,
                    SeatId = seat,
                };
            }

            BridgeLog.Resynced(_logger, Code, members.Count, entries.Count, live.Count);
            _apply(new SiteResynced(Code, now, members, entries, live));
        }
        catch (Exception ex) when (ex is AmiException or TimeoutException or IOException or OperationCanceledException)
        {
            BridgeLog.ResyncFailed(_logger, Code, ex);
        }
    }

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

            case "DialBegin":
            case "DialEnd":
                OnDial(message);
                break;
            case "AgentCalled":
            case "AgentConnect":
            case "AgentComplete":
            case "AgentRingNoAnswer":
                OnAgent(message);
                break;
            case "Hangup":
            {
                var at = EventTime(message);
                _originates.Observe(message, at);
                var channel = new AmiChannelEvent(message);
                var info = Track(message, channel.Channel);
                if (info is not null)
                {
                    _channels.Remove(info.Uniqueid);
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
                        _ => MemberChange.Updated,
                    };
                    _apply(new MemberObserved(Code, EventTime(message), member, iface, queue, change, view.Paused, NonEmpty(view.PausedReason), view.Penalty));
                }

                break;
            }

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

            case "OriginateResponse":
            case "HangupRequest":
            case "SoftHangupRequest":
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
            case "CC_POLICY" or "CC_INTENT" or "QUEUESTATUS" or "CC_OUTCOME" or "CC_CALLBACK_RESULT" when info.IsPrimary:
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
            "AgentComplete" => new SeatCallCompleted(Code, at, callId, seat),
            _ => new SeatDidNotAnswer(Code, at, callId, seat, view.Interface),
        });
    }

    /// <summary>
    /// A preview callback dials its seat with <c>Dial()</c>, not through a queue ([outbound-seat]): the dial of a callback leg
    /// that carries <c>CC_SEAT</c> is the seat ringing (DialBegin), answering or not (DialEnd), and the end of the seat's
    /// call when either leg hangs up, reported as the queue's agent facts so the seat and the contact follow.
    /// </summary>
    private void OnDial(AmiMessage message)
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
            _apply(new SeatDidNotAnswer(Code, at, callId, seat, iface));
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
