using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// The telephony bridge: one adapter (and AMI connection) per configured site feeding one live model;
/// seat commands from the desktop turned into AMI actions; the overflow watcher and the IVR's pre-queue
/// routing; contact records to <see cref="IContactRecordSink"/> and live changes to <see cref="IBridgeEvents"/>.
/// With no sites configured it starts and does nothing.
/// </summary>
public sealed partial class TelephonyBridge : IHostedService, IAsyncDisposable
{
    private readonly BridgeOptions _options;
    private readonly IContactRecordSink _sink;
    private readonly BridgeEventHub _events;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly LiveModel _model;
    private readonly Dictionary<string, SiteAdapter> _adapters = new(StringComparer.Ordinal);
    private readonly ContactRecordQueue _records = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _sinkLoop = Task.CompletedTask;
    private ITimer? _overflowTimer;
    private int _pendingActions;
    private int _disposed;

    /// <summary>Creates the bridge; nothing connects until <see cref="StartAsync"/>.</summary>
    public TelephonyBridge(IOptions<BridgeOptions> options, IContactRecordSink sink, BridgeEventHub events, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        var validation = new BridgeOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(BridgeOptions.Section, typeof(BridgeOptions), validation.Failures);
        }

        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TelephonyBridge>();
        _model = new LiveModel(_options.Sites, timeProvider, _logger, Flush);
    }

    /// <summary>The live-change stream for the hubs.</summary>
    public IBridgeEvents Events => _events;

    /// <summary>The codes of the sites this instance serves.</summary>
    public IReadOnlyCollection<string> SiteCodes => _model.SiteCodes;

    /// <summary>AMI actions sent and not yet answered (tests wait for zero).</summary>
    public int PendingActions => Volatile.Read(ref _pendingActions);

    /// <summary>Loads queue settings (service level, short-abandon threshold, overflow policy); call before or after start.</summary>
    public void ConfigureQueues(IEnumerable<Queue> queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        foreach (var queue in queues.Where(q => _model.SiteCodes.Contains(q.SiteCode)))
        {
            _model.ConfigureQueue(queue);
        }
    }

    /// <summary>Loads the seats (id = Asterisk MemberName, extension, queues with penalties) of the served sites.</summary>
    public void ConfigureSeats(IEnumerable<Seat> seats)
    {
        ArgumentNullException.ThrowIfNull(seats);
        foreach (var seat in seats.Where(s => _model.SiteCodes.Contains(s.SiteCode)))
        {
            _model.ConfigureSeat(seat);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        BridgeLog.Starting(_logger, _options.Sites.Count);
        if (_options.Sites.Count == 0)
        {
            return Task.CompletedTask;
        }

        try
        {
            _sinkLoop = Task.Run(() => WriteRecordsAsync(_stopping.Token), CancellationToken.None);
            foreach (var site in _options.Sites)
            {
                var adapter = new SiteAdapter(site, _time, _loggerFactory, _model.Apply);
                _adapters[site.Code] = adapter;
                adapter.Start();
            }

            _overflowTimer = _time.CreateTimer(_ => _model.CheckOverflow(), null, _options.OverflowCheckInterval, _options.OverflowCheckInterval);
        }
        catch
        {
            _ = StopAsync(CancellationToken.None);
            throw;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_overflowTimer is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
            _overflowTimer = null;
        }

        foreach (var adapter in _adapters.Values)
        {
            await adapter.DisposeAsync().ConfigureAwait(false);
        }

        _adapters.Clear();
        _records.Complete();
        await _sinkLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The host disposes it both as a singleton and as the hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Applies a fact observed elsewhere (another node's adapter, after the scale-out issue).</summary>
    public void Apply(TelephonyFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        _model.Apply(fact);
    }

    /// <summary>Runs one pass of the overflow watcher now (it also runs every <see cref="BridgeOptions.OverflowCheckInterval"/>).</summary>
    public void CheckOverflow() => _model.CheckOverflow();

    /// <summary>
    /// Pre-queue routing for the IVR: where to queue a caller of <paramref name="queueName"/> who entered at
    /// <paramref name="siteCode"/>. Pass the call id (CC_CALLID) so a diversion is recorded on the contact.
    /// </summary>
    public RouteDecision DecideRoute(string siteCode, string queueName, string? callId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteCode);
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        return _model.DecideRoute(siteCode, queueName, callId);
    }

    /// <summary>
    /// Places an outbound call over the site's AMI link: <paramref name="originate"/> must be <c>Async: true</c> with
    /// <c>ChannelId</c> = <paramref name="callId"/> (so the call id is the Uniqueid before Asterisk answers). Completes
    /// with how it ended, read by <see cref="Outbound.OriginateTracker"/> (Reason 0 + Hangup cause 17 is busy), within
    /// <paramref name="limit"/>; a site that is not configured or down gives <see cref="Outbound.OriginateStatus.Failed"/>
    /// without a call. Never throws for a refused call. A call that does not connect is also published as
    /// <see cref="OriginateFailed"/>.
    /// </summary>
    public Task<Outbound.OriginateOutcome> OriginateAsync(string siteCode, string callId, Ami.AmiAction originate, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteCode);
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(originate);
        return _adapters.TryGetValue(siteCode, out var adapter) && _model.IsSiteUp(siteCode)
            ? adapter.OriginateAsync(callId, originate, limit, cancellationToken)
            : Task.FromResult(new Outbound.OriginateOutcome(Outbound.OriginateStatus.Failed));
    }

    /// <summary>True while the site's AMI link is up and resynced.</summary>
    public bool IsSiteUp(string siteCode) => _model.IsSiteUp(siteCode);

    /// <summary>
    /// The site's link and, while it is down, why: a site this instance does not serve is <see cref="SiteLinkProblem.NotConfigured"/>;
    /// a refused login (an operator must fix the secret) is told apart from an unreachable PBX, which fixes itself.
    /// </summary>
    public SiteLink SiteLink(string siteCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteCode);
        if (!_adapters.TryGetValue(siteCode, out var adapter) || _model.SiteStatus(siteCode) is not { } status)
        {
            return new SiteLink(siteCode, false, null, SiteLinkProblem.NotConfigured);
        }

        var problem = status.IsUp ? SiteLinkProblem.None
            : adapter.LoginRefused ? SiteLinkProblem.LoginRefused
            : adapter.IsConnected ? SiteLinkProblem.Resyncing
            : adapter.LastAttemptFailed || status.DownSince is not null ? SiteLinkProblem.Unreachable
            : SiteLinkProblem.Connecting;
        return new SiteLink(siteCode, status.IsUp, status.IsUp ? null : status.DownSince, problem);
    }

    /// <summary>A copy of a live (or recently closed) contact.</summary>
    public Contact? FindContact(string callId) => _model.FindContact(callId);

    /// <summary>Open contacts (waiting, ringing, talking).</summary>
    public IReadOnlyList<Contact> OpenContacts() => _model.OpenContacts();

    /// <summary>A seat's live state.</summary>
    public SeatSnapshot? FindSeat(string seatId) => _model.FindSeat(seatId);

    /// <summary>All seats of a site.</summary>
    public IReadOnlyList<SeatSnapshot> SeatsOf(string siteCode) => _model.SeatsOf(siteCode);

    /// <summary>Live figures of a queue at a site; null if the queue is unknown there.</summary>
    public QueueFigures? Figures(string siteCode, string queueName) => _model.Figures(siteCode, queueName);

    private SiteAdapter Adapter(string site) =>
        _adapters.TryGetValue(site, out var adapter) ? adapter : throw new TelephonyCommandException($"site {site} is not started");

    /// <summary>Runs inside the model's lock: only non-blocking hand-overs here.</summary>
    private void Flush(Outbox outbox)
    {
        foreach (var bridgeEvent in outbox.Events)
        {
            _events.Publish(bridgeEvent);
        }

        foreach (var (contact, closed) in outbox.Records)
        {
            _records.Add(contact, closed);
        }

        foreach (var action in outbox.Actions)
        {
            Interlocked.Increment(ref _pendingActions);
            _ = Task.Run(() => SendModelActionAsync(action));
        }
    }

    private async Task SendModelActionAsync(OutgoingAction action)
    {
        try
        {
            var (ok, error) = _adapters.TryGetValue(action.SiteCode, out var adapter)
                ? await adapter.SendAsync(action.Action, _stopping.Token).ConfigureAwait(false)
                : (false, "site not started");
            if (!ok)
            {
                BridgeLog.ActionFailed(_logger, action.SiteCode, action.Action.Name, action.Purpose, error ?? "error");
            }

            action.Completed?.Invoke(ok, error);
        }
        catch (OperationCanceledException)
        {
            action.Completed?.Invoke(false, "bridge stopping");
        }
        finally
        {
            Interlocked.Decrement(ref _pendingActions);
        }
    }

    private async Task WriteRecordsAsync(CancellationToken cancellationToken)
    {
        while (await _records.TakeAsync(CancellationToken.None).ConfigureAwait(false) is { } record)
        {
            var (contact, closed) = record;
            try
            {
                if (closed)
                {
                    await _sink.ContactClosedAsync(contact, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _sink.ContactUpdatedAsync(contact, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                BridgeLog.SinkFailed(_logger, contact.CallId, ex);
            }
        }
    }
}
