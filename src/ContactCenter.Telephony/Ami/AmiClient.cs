using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Ami;

/// <summary>
/// An AMI client for one Asterisk: connects, logs in (MD5 challenge or plain), sends actions and list
/// actions, and delivers events in order to handlers through a queue, so the socket reader never waits
/// on a handler and a handler may send actions and await them. When the connection drops, every pending
/// action fails at once and the client reconnects with backoff and jitter; once <c>FullyBooted</c> is
/// seen it raises <see cref="AmiConnectionStatus.Ready"/> so the caller can rebuild state (AMI replays nothing).
/// </summary>
public sealed class AmiClient : IAsyncDisposable
{
    private readonly AmiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AmiFrameLimits _limits;
    private readonly string _actionIdPrefix;
    private readonly Channel<DispatchItem> _dispatch;
    private readonly Task _dispatcher;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly AsyncLocal<bool> _inHandler = new();
    private ImmutableArray<Func<AmiMessage, CancellationToken, ValueTask>> _eventHandlers = [];
    private ImmutableArray<Func<AmiConnectionChanged, CancellationToken, ValueTask>> _connectionHandlers = [];
    private Session? _ready;
    private Task? _supervisor;
    private long _actionCounter;
    private int _connectionCounter;
    private volatile bool _loggedOff;
    private long _eventsReceived;
    private long _eventsDispatched;
    private long _eventsQueued;
    private long _maxEventsQueued;
    private long _eventsDropped;
    private int _dropSignalPending;
    private long _unmatched;
    private long _unclassified;
    private long _overlongLines;
    private long _droppedHeaders;
    private long _reconnects;
    private readonly Lock _loginGate = new();
    private int _authFailures;
    private DateTimeOffset _retryNotBefore;
    private Exception? _lastError;

    /// <summary>Creates a client; nothing happens until <see cref="ConnectAsync"/>.</summary>
    public AmiClient(IOptions<AmiOptions> options, TimeProvider timeProvider, ILogger<AmiClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        var validation = new AmiOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(AmiOptions), typeof(AmiOptions), validation.Failures);
        }
        _time = timeProvider;
        _logger = logger;
        _limits = new AmiFrameLimits { MaxLineLength = _options.MaxLineLength, MaxHeadersPerMessage = _options.MaxHeadersPerMessage };
        // The token makes every client's ActionIDs its own: OriginateResponse (and any event that echoes an
        // ActionID) reaches every AMI session, so two nodes with the same configured prefix must not collide.
        _actionIdPrefix = (_options.ActionIdPrefix.Length > 0 ? _options.ActionIdPrefix : "cc-") + RandomNumberGenerator.GetHexString(8, lowercase: true) + "-";
        _dispatch = Channel.CreateUnbounded<DispatchItem>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        _dispatcher = Task.Run(DispatchLoopAsync);
    }

    /// <summary>True while logged in and able to send actions.</summary>
    public bool IsConnected => _ready is { IsClosed: false };

    /// <summary>
    /// Why the last connect or login attempt failed, or null once a login succeeded (also null before the first attempt).
    /// An <see cref="AmiAuthenticationException"/> means Asterisk refuses the credentials (see <see cref="AuthenticationFailed"/>).
    /// </summary>
    public Exception? LastError
    {
        get
        {
            lock (_loginGate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>
    /// True while Asterisk refuses the login (wrong <see cref="AmiOptions.Username"/> or <see cref="AmiOptions.Secret"/>, or not
    /// permitted from this address): an operator must fix the configuration. Attempts back off from
    /// <see cref="AmiOptions.AuthFailureMinDelay"/> to <see cref="AmiOptions.AuthFailureMaxDelay"/> meanwhile. False again after
    /// a successful login.
    /// </summary>
    public bool AuthenticationFailed => LastError is AmiAuthenticationException;

    /// <summary>Counters: events received, queued (a slow handler shows here), dropped input, reconnects.</summary>
    public AmiClientStatistics Statistics => new()
    {
        EventsReceived = Interlocked.Read(ref _eventsReceived),
        EventsDispatched = Interlocked.Read(ref _eventsDispatched),
        EventsQueued = Interlocked.Read(ref _eventsQueued),
        MaxEventsQueued = Interlocked.Read(ref _maxEventsQueued),
        EventsDropped = Interlocked.Read(ref _eventsDropped),
        UnmatchedResponses = Interlocked.Read(ref _unmatched),
        UnclassifiedMessages = Interlocked.Read(ref _unclassified),
        OverlongLines = Interlocked.Read(ref _overlongLines),
        DroppedHeaders = Interlocked.Read(ref _droppedHeaders),
        Reconnects = Interlocked.Read(ref _reconnects),
    };

    /// <summary>
    /// Adds an event handler. Handlers run one event at a time, in arrival order, on the dispatcher (never on
    /// the socket reader). The message is valid until the returned task completes; call
    /// <see cref="AmiMessage.Detach"/> to keep it. Dispose the result to remove the handler.
    /// </summary>
    public IDisposable OnEvent(Func<AmiMessage, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _eventHandlers, static (list, h) => list.Add(h), handler);
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _eventHandlers, static (list, h) => list.Remove(h), handler));
    }

    /// <summary>
    /// Adds a connection handler, called in order with the events: <see cref="AmiConnectionStatus.Disconnected"/>
    /// after the last event of a lost connection, <see cref="AmiConnectionStatus.Ready"/> (resync) after
    /// <c>FullyBooted</c> of a new one.
    /// </summary>
    public IDisposable OnConnectionChanged(Func<AmiConnectionChanged, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _connectionHandlers, static (list, h) => list.Add(h), handler);
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _connectionHandlers, static (list, h) => list.Remove(h), handler));
    }

    /// <summary>
    /// Connects and logs in; then keeps the link up in the background (keepalive pings, reconnects).
    /// Throws <see cref="AmiAuthenticationException"/> when the login is refused, or the connection error; after a refused
    /// login the next call first waits out the login backoff (see <see cref="AuthenticationFailed"/>).
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        if (_supervisor is not null)
        {
            throw new InvalidOperationException("The AMI client is already connected; one ConnectAsync per client.");
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var wait = LoginBackoffRemaining();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, linked.Token).ConfigureAwait(false);
        }
        var session = await OpenSessionAsync(linked.Token).ConfigureAwait(false);
        _supervisor = Task.Run(() => SuperviseAsync(session), CancellationToken.None);
    }

    /// <summary>Sends an action and returns its response (success or <c>Response: Error</c>; see <see cref="AmiMessageExtensions.EnsureSuccess"/>).</summary>
    /// <exception cref="TimeoutException">No response within <see cref="AmiOptions.ActionTimeout"/>.</exception>
    /// <exception cref="AmiConnectionLostException">Not connected, or the connection dropped while waiting.</exception>
    public Task<AmiMessage> SendActionAsync(AmiAction action, CancellationToken cancellationToken)
        => SendActionAsync(action, _options.ActionTimeout, cancellationToken);

    /// <summary>Sends an action with its own timeout and returns its response.</summary>
    public async Task<AmiMessage> SendActionAsync(AmiAction action, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var pending = new Pending(isList: false);
        await SendAsync(ReadySession(), action, pending, timeout, cancellationToken).ConfigureAwait(false);
        return pending.Response!;
    }

    /// <summary>Sends a list action and collects its items up to the <c>…Complete</c> event, within <see cref="AmiOptions.ListActionTimeout"/>.</summary>
    /// <exception cref="TimeoutException">The list did not complete within <see cref="AmiOptions.ListActionTimeout"/>.</exception>
    /// <exception cref="AmiConnectionLostException">Not connected, or the connection dropped while waiting.</exception>
    public Task<AmiListResult> SendListActionAsync(AmiAction action, CancellationToken cancellationToken)
        => SendListActionAsync(action, _options.ListActionTimeout, cancellationToken);

    /// <summary>
    /// Sends a list action and collects its items up to the <c>…Complete</c> event, waiting at most <paramref name="timeout"/>
    /// for the whole list (e.g. longer for <c>CoreShowChannels</c> on a busy PBX).
    /// </summary>
    public async Task<AmiListResult> SendListActionAsync(AmiAction action, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var pending = new Pending(isList: true);
        await SendAsync(ReadySession(), action, pending, timeout, cancellationToken).ConfigureAwait(false);
        return new AmiListResult(pending.Response!, pending.Items ?? (IReadOnlyList<AmiMessage>)[], pending.Complete);
    }

    /// <summary>Runs a CLI command through the <c>Command</c> action; understands both the Asterisk 14+ and the legacy <c>Response: Follows</c> output.</summary>
    public async Task<AmiCommandResult> CommandAsync(string command, CancellationToken cancellationToken)
    {
        var response = await SendActionAsync(new AmiAction("Command").Add("Command", command), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> output = response.GetAll("Output");
        if (output.Count == 0 && string.Equals(response.Name, "Follows", StringComparison.OrdinalIgnoreCase))
        {
            var lines = new List<string>();
            for (var i = 1; i < response.Count; i++)
            {
                if (response.IsRawLine(i))
                {
                    lines.Add(response.ValueAt(i));
                }
            }
            output = lines;
        }
        return new AmiCommandResult(response, output);
    }

    /// <summary>Sends <c>Ping</c> and returns the response.</summary>
    public Task<AmiMessage> PingAsync(CancellationToken cancellationToken) => SendActionAsync(new AmiAction("Ping"), cancellationToken);

    /// <summary>Sends <c>Logoff</c>, stops reconnecting and waits for Asterisk to close the connection.</summary>
    public async Task LogoffAsync(CancellationToken cancellationToken)
    {
        _loggedOff = true;
        var session = _ready;
        if (session is null || session.IsClosed)
        {
            return;
        }
        try
        {
            await SendAsync(session, new AmiAction("Logoff"), new Pending(isList: false), _options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AmiConnectionLostException)
        {
            // Asterisk may close before we read Goodbye; the outcome is the same.
        }
        session.Abort(new AmiConnectionLostException("Logged off."));
        if (_supervisor is { } supervisor)
        {
            await supervisor.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection, stops reconnecting, fails pending actions and stops the dispatcher.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }
        _loggedOff = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _ready?.Abort(new AmiConnectionLostException("The AMI client was disposed."));
        if (_supervisor is { } supervisor)
        {
            await supervisor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _dispatch.Writer.TryComplete();
        if (!_inHandler.Value)
        {
            await _dispatcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _lifetime.Dispose();
    }

    private Session ReadySession()
    {
        var session = _ready;
        return session is { IsClosed: false }
            ? session
            : throw new AmiConnectionLostException(_supervisor is null ? "The AMI client is not connected." : "The AMI connection is down; reconnecting.");
    }

    private string NextActionId() => _actionIdPrefix + Interlocked.Increment(ref _actionCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task SendAsync(Session session, AmiAction action, Pending pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var actionId = NextActionId();
        var bytes = Encoding.UTF8.GetBytes(action.ToWireText(actionId));
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        session.Pending[actionId] = pending;
        if (pending.IsList)
        {
            Interlocked.Increment(ref session.PendingLists);
        }
        try
        {
            await session.WriteAsync(bytes, linked.Token).ConfigureAwait(false);
            await pending.Completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (pending.Completion.Task.IsCompleted)
            {
                // The response (or the connection loss) won the race against the timeout.
                await pending.Completion.Task.ConfigureAwait(false);
                return;
            }
            if (session.ClosedToken.IsCancellationRequested)
            {
                throw session.CloseReason ?? new AmiConnectionLostException("The AMI connection closed.");
            }
            throw new TimeoutException($"AMI action {action.Name} ({actionId}) got no {(pending.IsList ? "complete list" : "response")} within {timeout.TotalMilliseconds:0} ms.");
        }
        finally
        {
            if (session.Pending.TryRemove(actionId, out _) && pending.IsList)
            {
                Interlocked.Decrement(ref session.PendingLists);
            }
        }
    }

    private async Task<Session> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _connectionCounter);
        AmiLog.Connecting(_logger, _options.Host, _options.Port);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Session? session = null;
        try
        {
            await socket.ConnectAsync(_options.Host, _options.Port, linked.Token).ConfigureAwait(false);
            session = new Session(socket, number, _logger);
            session.ReadLoop = Task.Run(() => ReadLoopAsync(session), CancellationToken.None);
            var banner = await session.Banner.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            await LoginAsync(session, linked.Token).ConfigureAwait(false);
            lock (_loginGate)
            {
                _lastError = null;
                _authFailures = 0;
                _retryNotBefore = default;
            }
            AmiLog.LoggedIn(_logger, _options.Host, _options.Port, banner, number);
            if (number > 1)
            {
                Interlocked.Increment(ref _reconnects);
            }
            if (!_options.Events)
            {
                RaiseReady(session);
            }
            else
            {
                _ = WatchFullyBootedAsync(session);
            }
            if (_options.PingInterval > TimeSpan.Zero)
            {
                _ = KeepAliveAsync(session);
            }
            return session;
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? new TimeoutException($"AMI connect and login to {_options.Host}:{_options.Port} took longer than {_options.ConnectTimeout.TotalMilliseconds:0} ms.", ex)
                : ex;
            RecordFailure(reason);
            if (session is not null)
            {
                session.Abort(new AmiConnectionLostException("Connect failed.", reason));
                await session.ReadLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            else
            {
                socket.Dispose();
            }
            if (reason == ex)
            {
                throw;
            }
            throw reason;
        }
    }

    private async Task LoginAsync(Session session, CancellationToken cancellationToken)
    {
        // Header order as Asterisk's own clients write it: AuthType, Username, Key (MD5) or Username, Secret (plain).
        var login = new AmiAction("Login");
        if (_options.AuthType == AmiAuthType.Md5)
        {
            var challengeRequest = new Pending(isList: false);
            await SendAsync(session, new AmiAction("Challenge").Add("AuthType", "MD5"), challengeRequest, _options.ActionTimeout, cancellationToken).ConfigureAwait(false);
            var challenge = challengeRequest.Response!["Challenge"];
            if (!challengeRequest.Response.IsSuccess || string.IsNullOrEmpty(challenge))
            {
                throw new AmiAuthenticationException($"Asterisk refused the MD5 challenge: {challengeRequest.Response.Message ?? "(no message)"}");
            }
            login.Add("AuthType", "MD5").Add("Username", _options.Username).Add("Key", Md5Key(challenge, _options.Secret));
        }
        else
        {
            login.Add("Username", _options.Username).Add("Secret", _options.Secret);
        }
        login.Add("Events", _options.Events ? "on" : "off");
        // Marked ready on the reader, before the events that follow the login response reach a handler
        // (a handler of FullyBooted may send actions at once).
        var pending = new Pending(isList: false)
        {
            OnResponse = response =>
            {
                if (response.IsSuccess)
                {
                    _ready = session;
                }
            },
        };
        await SendAsync(session, login, pending, _options.ActionTimeout, cancellationToken).ConfigureAwait(false);
        if (!pending.Response!.IsSuccess)
        {
            throw new AmiAuthenticationException($"Asterisk refused the login: {pending.Response.Message ?? "(no message)"}");
        }
    }

    /// <summary>The MD5 login key: lowercase hex of md5(challenge + secret).</summary>
    internal static string Md5Key(string challenge, string secret)
    {
#pragma warning disable CA5351 // AMI's challenge login is defined with MD5.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(challenge + secret));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    private async Task SuperviseAsync(Session session)
    {
        while (true)
        {
            await session.ReadLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Interlocked.CompareExchange(ref _ready, null, session);
            if (!_loggedOff)
            {
                AmiLog.ConnectionLost(_logger, session.Number, _options.Host, _options.Port, session.CloseReason ?? new AmiConnectionLostException("closed"));
            }
            Enqueue(new DispatchItem(null, new AmiConnectionChanged(AmiConnectionStatus.Disconnected, session.Number, session.CloseReason)));
            if (_loggedOff || _lifetime.IsCancellationRequested)
            {
                return;
            }

            for (var attempt = 1; ; attempt++)
            {
                var delay = LoginBackoffRemaining() is var wait && wait > TimeSpan.Zero ? wait : Backoff(attempt);
                AmiLog.ReconnectScheduled(_logger, attempt, (long)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _time, _lifetime.Token).ConfigureAwait(false);
                    session = await OpenSessionAsync(_lifetime.Token).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is SocketException or IOException or AmiException or TimeoutException or OperationCanceledException)
                {
                    AmiLog.ReconnectFailed(_logger, attempt, ex);
                }
            }
        }
    }

    /// <summary>Keeps the reason of a failed attempt; a refused login also pushes the next attempt out (exponential, with jitter).</summary>
    private void RecordFailure(Exception reason)
    {
        if (reason is OperationCanceledException && _lifetime.IsCancellationRequested)
        {
            return;
        }
        int failures;
        TimeSpan delay;
        lock (_loginGate)
        {
            _lastError = reason;
            if (reason is not AmiAuthenticationException)
            {
                return;
            }
            failures = ++_authFailures;
#pragma warning disable CA5394 // Jitter, not security.
            delay = ReconnectDelay(failures, _options.AuthFailureMinDelay, _options.AuthFailureMaxDelay, Random.Shared.NextDouble());
#pragma warning restore CA5394
            _retryNotBefore = _time.GetUtcNow() + delay;
        }
        AmiLog.AuthenticationFailed(_logger, _options.Host, _options.Port, failures, (long)delay.TotalMilliseconds, reason);
    }

    /// <summary>How long the next login must still wait after refused logins (zero when none).</summary>
    private TimeSpan LoginBackoffRemaining()
    {
        lock (_loginGate)
        {
            if (_authFailures == 0)
            {
                return TimeSpan.Zero;
            }
            var remaining = _retryNotBefore - _time.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    private TimeSpan Backoff(int attempt)
    {
#pragma warning disable CA5394 // Jitter, not security.
        return ReconnectDelay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared.NextDouble());
#pragma warning restore CA5394
    }

    /// <summary>
    /// The delay before reconnect attempt <paramref name="attempt"/> (1-based): a step that doubles from
    /// <paramref name="min"/> and is capped at <paramref name="max"/>, with "equal jitter" — 50 % of the step
    /// plus <paramref name="jitter"/> (0 ≤ jitter &lt; 1) times the other 50 % — in whole milliseconds.
    /// </summary>
    internal static TimeSpan ReconnectDelay(int attempt, TimeSpan min, TimeSpan max, double jitter)
    {
        var step = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromMilliseconds(Math.Round((step / 2) + (Math.Clamp(jitter, 0, 1) * step / 2)));
    }

    private async Task KeepAliveAsync(Session session)
    {
        using var timer = new PeriodicTimer(_options.PingInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(session.ClosedToken).ConfigureAwait(false))
            {
                await SendAsync(session, new AmiAction("Ping"), new Pending(isList: false), _options.ActionTimeout, session.ClosedToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException ex)
        {
            AmiLog.PingFailed(_logger, session.Number, ex);
            session.Abort(new AmiConnectionLostException("The keepalive ping got no response.", ex));
        }
        catch (Exception ex) when (ex is OperationCanceledException or AmiException)
        {
            // The session closed; the supervisor handles it.
        }
    }

    private async Task WatchFullyBootedAsync(Session session)
    {
        try
        {
            await Task.Delay(_options.FullyBootedTimeout, _time, session.ClosedToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (Interlocked.Exchange(ref session.ResyncPending, 0) == 1)
        {
            AmiLog.FullyBootedTimeout(_logger, (long)_options.FullyBootedTimeout.TotalMilliseconds);
            Enqueue(new DispatchItem(null, new AmiConnectionChanged(AmiConnectionStatus.Ready, session.Number, null)));
        }
    }

    private void RaiseReady(Session session)
    {
        if (Interlocked.Exchange(ref session.ResyncPending, 0) == 1)
        {
            AmiLog.Resync(_logger, session.Number, session.Number > 1);
            Enqueue(new DispatchItem(null, new AmiConnectionChanged(AmiConnectionStatus.Ready, session.Number, null)));
        }
    }

    private async Task ReadLoopAsync(Session session)
    {
        var frames = new AmiFrameReader(_limits);
        var reader = session.Reader;
        var bannerSeen = false;
        long reportedOverlong = 0;
        long reportedDropped = 0;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(session.ClosedToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!bannerSeen && frames.TryReadLine(ref buffer, out var banner))
                {
                    if (!banner.StartsWith("Asterisk Call Manager/", StringComparison.Ordinal))
                    {
                        throw new AmiProtocolException("The peer did not send the 'Asterisk Call Manager/' banner; this is not AMI.");
                    }
                    bannerSeen = true;
                    session.Banner.TrySetResult(banner);
                }
                if (bannerSeen)
                {
                    while (frames.TryReadMessage(ref buffer, out var message))
                    {
                        Route(session, message);
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (frames.OverlongLines != reportedOverlong || frames.DroppedHeaders != reportedDropped)
                {
                    Interlocked.Add(ref _overlongLines, frames.OverlongLines - reportedOverlong);
                    Interlocked.Add(ref _droppedHeaders, frames.DroppedHeaders - reportedDropped);
                    reportedOverlong = frames.OverlongLines;
                    reportedDropped = frames.DroppedHeaders;
                    AmiLog.LimitsExceeded(_logger, Interlocked.Read(ref _overlongLines), Interlocked.Read(ref _droppedHeaders));
                }
                if (result.IsCompleted)
                {
                    error = new AmiConnectionLostException("Asterisk closed the AMI connection.");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (session.ClosedToken.IsCancellationRequested)
        {
            error = session.CloseReason;
        }
        catch (Exception ex)
        {
            error = ex is AmiException ? ex : new AmiConnectionLostException("The AMI connection failed.", ex);
        }
        session.Abort(error ?? new AmiConnectionLostException("The AMI connection closed."));
        await reader.CompleteAsync().ConfigureAwait(false);
    }

    private void Route(Session session, AmiMessage message)
    {
        switch (message.Kind)
        {
            case AmiMessageKind.Response:
                RouteResponse(session, message);
                break;
            case AmiMessageKind.Event:
                if (Volatile.Read(ref session.PendingLists) > 0 && message.ActionId is { } id
                    && session.Pending.TryGetValue(id, out var list) && list.IsList)
                {
                    list.AddItem(message.Detach());
                    message.Release();
                    break;
                }
                Interlocked.Increment(ref _eventsReceived);
                var fullyBooted = message.IsEvent("FullyBooted");
                if (message.IsEvent("Shutdown"))
                {
                    AmiLog.ShutdownReceived(_logger, message["Shutdown"] ?? "?", message["Restart"] ?? "?");
                }
                Enqueue(new DispatchItem(message, null));
                if (fullyBooted)
                {
                    RaiseReady(session);
                }
                break;
            default:
                AmiLog.UnclassifiedMessage(_logger, message.Count, Interlocked.Increment(ref _unclassified));
                message.Release();
                break;
        }
    }

    private void RouteResponse(Session session, AmiMessage message)
    {
        var id = message.ActionId;
        if (id is not null && session.Pending.TryGetValue(id, out var pending))
        {
            pending.SetResponse(message.Detach());
        }
        else
        {
            Interlocked.Increment(ref _unmatched);
            AmiLog.UnmatchedResponse(_logger, id ?? "(none)");
        }
        message.Release();
    }

    private void Enqueue(DispatchItem item)
    {
        if (item.Message is not null && Interlocked.Read(ref _eventsQueued) >= _options.MaxQueuedEvents)
        {
            var dropped = Interlocked.Increment(ref _eventsDropped);
            if (dropped == 1 || dropped % 10_000 == 0)
            {
                AmiLog.EventQueueFull(_logger, _options.MaxQueuedEvents, dropped);
            }
            item.Message.Release();
            if (Interlocked.Exchange(ref _dropSignalPending, 1) == 0)
            {
                // Once per episode; changes are never dropped, so the signal follows the events queued before the drop.
                AmiLog.EventsDroppedResync(_logger, dropped);
                Enqueue(new DispatchItem(null, new AmiConnectionChanged(AmiConnectionStatus.EventsDropped, Volatile.Read(ref _connectionCounter), null)));
            }
            return;
        }
        var queued = Interlocked.Increment(ref _eventsQueued);
        var max = Interlocked.Read(ref _maxEventsQueued);
        while (queued > max && Interlocked.CompareExchange(ref _maxEventsQueued, queued, max) != max)
        {
            max = Interlocked.Read(ref _maxEventsQueued);
        }
        if (!_dispatch.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _eventsQueued);
            item.Message?.Release();
        }
    }

    private async Task DispatchLoopAsync()
    {
        _inHandler.Value = true;
        var reader = _dispatch.Reader;
        var token = _lifetime.Token;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _eventsQueued);
                if (item.Message is { } message)
                {
                    foreach (var handler in _eventHandlers)
                    {
                        try
                        {
                            var pending = handler(message, token);
                            if (!pending.IsCompletedSuccessfully)
                            {
                                await pending.ConfigureAwait(false);
                            }
                        }
                        catch (Exception ex) when (ex is not OutOfMemoryException)
                        {
                            AmiLog.HandlerFailed(_logger, message.Name, ex);
                        }
                    }
                    message.Release();
                    Interlocked.Increment(ref _eventsDispatched);
                }
                else if (item.Change is { } change)
                {
                    if (change.Status == AmiConnectionStatus.EventsDropped)
                    {
                        // The resync the handlers start now covers every drop so far; a later drop signals again.
                        Volatile.Write(ref _dropSignalPending, 0);
                    }
                    foreach (var handler in _connectionHandlers)
                    {
                        try
                        {
                            await handler(change, token).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is not OutOfMemoryException)
                        {
                            AmiLog.ConnectionHandlerFailed(_logger, ex);
                        }
                    }
                }
            }
        }
    }

    private readonly record struct DispatchItem(AmiMessage? Message, AmiConnectionChanged? Change);

    private sealed class Unsubscriber(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }

    private sealed class Pending(bool isList)
    {
        public bool IsList { get; } = isList;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AmiMessage? Response { get; private set; }

        public List<AmiMessage>? Items { get; private set; }

        public AmiMessage? Complete { get; private set; }

        public Action<AmiMessage>? OnResponse { get; init; }

        public void SetResponse(AmiMessage response)
        {
            Response = response;
            OnResponse?.Invoke(response);
            if (!IsList || !response.IsSuccess || !response.ValueEquals("EventList", "start"))
            {
                Completion.TrySetResult();
            }
        }

        public void AddItem(AmiMessage item)
        {
            if (item.ValueEquals("EventList", "Complete"))
            {
                Complete = item;
                Completion.TrySetResult();
                return;
            }
            (Items ??= []).Add(item);
        }
    }

#pragma warning disable CA1001 // Abort() releases the socket; the token source and lock hold no unmanaged state and live as long as the session.
    private sealed class Session
#pragma warning restore CA1001
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly CancellationTokenSource _closed = new();
        public int PendingLists;
        public int ResyncPending;

        private readonly ILogger _logger;

        public Session(Socket socket, int number, ILogger logger)
        {
            _logger = logger;
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: true);
            Reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
            Number = number;
            ResyncPending = 1;
            ClosedToken = _closed.Token;
        }

        public int Number { get; }

        public PipeReader Reader { get; }

        public Task ReadLoop { get; set; } = Task.CompletedTask;

        public TaskCompletionSource<string> Banner { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentDictionary<string, Pending> Pending { get; } = new(StringComparer.Ordinal);

        public CancellationToken ClosedToken { get; }

        public bool IsClosed => ClosedToken.IsCancellationRequested;

        public Exception? CloseReason { get; private set; }

        public async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A cancelled write may have left half an action on the wire: this connection is unusable.
                AmiLog.WriteStalled(_logger, Number);
                Abort(new AmiConnectionLostException("A write to Asterisk did not complete in time (is the peer reading?)."));
                throw;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                Abort(new AmiConnectionLostException("Writing to Asterisk failed.", ex));
                throw CloseReason!;
            }
            finally
            {
                _writeLock.Release();
            }
        }

        public void Abort(Exception reason)
        {
            lock (_closed)
            {
                if (_closed.IsCancellationRequested)
                {
                    return;
                }
                CloseReason = reason;
                _closed.Cancel();
            }
            Banner.TrySetException(reason);
            foreach (var pending in Pending.Values)
            {
                pending.Completion.TrySetException(reason);
            }
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already gone.
            }
            catch (ObjectDisposedException)
            {
                // Already gone.
            }
            _stream.Dispose();
        }
    }
}
