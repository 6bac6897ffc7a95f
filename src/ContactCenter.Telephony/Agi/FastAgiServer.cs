using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Agi;

/// <summary>
/// A FastAGI server: an async accept loop and one async session per connection (no thread per call, no
/// fixed pool), routed to an <see cref="IAgiScript"/> by the script path. Runs as a hosted service or on
/// its own (<see cref="StartAsync"/>/<see cref="StopAsync"/>).
/// </summary>
public sealed class FastAgiServer : IHostedService, IAsyncDisposable
{
    private const int KeepAliveProbeIntervalSeconds = 10;
    private const int KeepAliveProbes = 3;

    private readonly FastAgiOptions _options;
    private readonly AgiScriptRouter _router;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _sessions = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private int _active;
    private long _accepted;

    /// <summary>Creates the server; it listens after <see cref="StartAsync"/>.</summary>
    public FastAgiServer(IOptions<FastAgiOptions> options, AgiScriptRouter router, TimeProvider timeProvider, ILogger<FastAgiServer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _router = router;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>The main bound endpoint, <see cref="FastAgiOptions.ListenAddress"/>:<see cref="FastAgiOptions.Port"/> (with the real port when it is 0).</summary>
    public IPEndPoint LocalEndPoint => LocalEndPoints.Count > 0 ? LocalEndPoints[0] : throw new InvalidOperationException("The FastAGI server is not started.");

    /// <summary>Every bound endpoint: the main one, then <see cref="FastAgiOptions.AdditionalEndpoints"/>.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => [.. _listeners.Select(l => (IPEndPoint)l.LocalEndPoint!)];

    /// <summary>Sessions running now.</summary>
    public int ActiveSessions => Volatile.Read(ref _active);

    /// <summary>Connections accepted since start.</summary>
    public long AcceptedSessions => Interlocked.Read(ref _accepted);

    /// <summary>Binds every endpoint (all or none) and starts accepting on each.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var main = new IPEndPoint(IPAddress.Parse(_options.ListenAddress), _options.Port);
        var endpoints = _options.AdditionalEndpoints.Select(FastAgiOptions.ParseEndpoint).Where(e => !e.Equals(main)).Distinct().Prepend(main);
        try
        {
            foreach (var endpoint in endpoints)
            {
                var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                _listeners.Add(listener);
                listener.Bind(endpoint);
                listener.Listen(_options.Backlog);
            }
        }
        catch
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }
            _listeners.Clear();
            throw;
        }
        foreach (var listener in _listeners)
        {
            AgiLog.Listening(_logger, listener.LocalEndPoint!.ToString()!);
            _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(listener), CancellationToken.None));
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, cancels the running scripts and waits for them (until <paramref name="cancellationToken"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
        await Task.WhenAll(_acceptLoops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_sessions.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (_stopping.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException ex)
            {
                AgiLog.AcceptFailed(_logger, ex);
                continue;
            }
            Interlocked.Increment(ref _accepted);
            if (Interlocked.Increment(ref _active) > _options.MaxSessions)
            {
                Interlocked.Decrement(ref _active);
                AgiLog.TooManySessions(_logger, _options.MaxSessions);
                socket.Dispose();
                continue;
            }
            socket.NoDelay = true;
            EnableKeepAlive(socket);
            var session = Task.Run(() => RunSessionAsync(socket));
            _sessions.TryAdd(session, true);
            _ = session.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(t, out _), _sessions,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>TCP keepalive (see <see cref="FastAgiOptions.KeepAliveTime"/>): a vanished Asterisk host ends its sessions.</summary>
    private void EnableKeepAlive(Socket socket)
    {
        if (_options.KeepAliveTime <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)Math.Max(1, _options.KeepAliveTime.TotalSeconds));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, KeepAliveProbeIntervalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, KeepAliveProbes);
        }
        catch (SocketException)
        {
            // The platform does not tune keepalive per socket; the session timeouts still apply.
        }
    }

    private async Task RunSessionAsync(Socket socket)
    {
        var peer = socket.RemoteEndPoint?.ToString() ?? "?";
        var session = new AgiSession(socket, _options, _time, _logger);
        try
        {
            AgiRequest request;
            try
            {
                request = await session.Environment.WaitAsync(_options.EnvironmentTimeout, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                AgiLog.ProtocolError(_logger, peer, ex);
                return;
            }
            var script = _router.Resolve(request.Script);
            if (script is null)
            {
                AgiLog.UnknownScript(_logger, peer, request.Script);
                return;
            }
            using var token = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, session.HangupToken);
            try
            {
                await script.ExecuteAsync(session, token.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (session.IsHungUp || token.IsCancellationRequested)
            {
                AgiLog.EndedByHangup(_logger, request.UniqueId ?? "?", request.Script);
            }
            catch (Exception ex)
            {
                AgiLog.ScriptFailed(_logger, request.Script, request.UniqueId ?? "?", ex);
            }
        }
        finally
        {
            await session.FinishAsync(_time).ConfigureAwait(false);
            Interlocked.Decrement(ref _active);
        }
    }
}
