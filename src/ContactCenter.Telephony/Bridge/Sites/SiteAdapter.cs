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
internal sealed partial class SiteAdapter : IAsyncDisposable
{
    /// <summary>First wait before a failed resync is tried again; it doubles up to <see cref="ResyncRetryMax"/>.</summary>
    internal static readonly TimeSpan ResyncRetryMin = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between resync attempts.</summary>
    internal static readonly TimeSpan ResyncRetryMax = TimeSpan.FromSeconds(10);

    /// <summary>SoftHangupRequest's Cause when Asterisk hangs up every channel to stop or restart (AST_SOFTHANGUP_SHUTDOWN).</summary>
    private const string ShutdownSoftHangup = "4";

    private readonly SiteOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<TelephonyFact> _apply;
    private readonly Dictionary<string, ChannelInfo> _channels = new(StringComparer.Ordinal);

    /// <summary>DialEnd status (not ANSWER) per seat leg Uniqueid, until its AgentRingNoAnswer or Hangup.</summary>
    private readonly Dictionary<string, string> _legEnds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inbound;
    private readonly HashSet<string> _outbound;
    private readonly HashSet<string> _callbacks;
    private readonly AmiClient _client;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly OriginateTracker _originates;
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

    /// <summary>True while Asterisk refuses the bridge's login (see <see cref="AmiClient.AuthenticationFailed"/>).</summary>
    public bool LoginRefused => _client.AuthenticationFailed;

    /// <summary>True when the last connect or login attempt failed (the PBX unreachable, or the login refused).</summary>
    public bool LastAttemptFailed => _client.LastError is not null;

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

    /// <summary>
    /// Rebuilds the site from list actions. Events that arrive meanwhile wait in the client's queue and apply after it.
    /// A list that fails (<c>Response: Error</c>, no <c>…Complete</c>, a timeout) proves nothing about the site, so the
    /// model is not touched: the site stays down and the lists are asked again with backoff while the link is up.
    /// </summary>
    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var delay = ResyncRetryMin;
        while (!cancellationToken.IsCancellationRequested && _client.IsConnected)
        {
            string failure;
            try
            {
                var queues = await _client.SendListActionAsync(new AmiAction("QueueStatus"), cancellationToken).ConfigureAwait(false);
                if (ListFailure(queues) is { } queuesFailed)
                {
                    failure = $"QueueStatus: {queuesFailed}";
                }
                else
                {
                    var channels = await _client.SendListActionAsync(new AmiAction("CoreShowChannels"), cancellationToken).ConfigureAwait(false);
                    if (ListFailure(channels) is { } channelsFailed)
                    {
                        failure = $"CoreShowChannels: {channelsFailed}";
                    }
                    else
                    {
                        ApplyResync(queues, channels);
                        return;
                    }
                }
            }
            catch (AmiConnectionLostException)
            {
                // The link is gone: the next connection resyncs from scratch.
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is AmiException or TimeoutException or IOException or OperationCanceledException)
            {
                failure = ex.Message;
            }

            BridgeLog.ResyncFailed(_logger, Code, failure, delay);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, ResyncRetryMax.TotalMilliseconds));
        }
    }

    /// <summary>Why a list result is no evidence of the site's state, or null when it is complete.</summary>
    private static string? ListFailure(AmiListResult result) =>
        !result.IsSuccess ? result.Response.Message ?? "error"
        : result.Complete is null ? "the list did not complete"
        : null;

    private void ApplyResync(AmiListResult queues, AmiListResult channels)
    {
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
        _legEnds.Clear();
        _seatLegs.Clear();
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
}
