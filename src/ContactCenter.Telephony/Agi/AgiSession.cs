using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Telephony.Agi;

/// <summary>
/// One FastAGI session: the request environment and the commands. A reader of its own (one per session,
/// never shared) reads every line Asterisk sends: <c>HANGUP</c> is an out-of-band notice at any point (it
/// cancels <see cref="HangupToken"/> and the reader keeps reading for the real reply), everything else is
/// the reply to the oldest command. Commands are sent one at a time, in order.
/// </summary>
/// <remarks>
/// A reply resumes the awaiting script directly on this session's reader instead of queueing it to the
/// thread pool: one hop less per command. The reader reads on once the script awaits again (its next
/// command, a timer, a lookup), so a script that awaits keeps seeing <c>HANGUP</c> at once; a script that
/// blocks a thread only delays its own session.
/// Every command waits for its reply at most <see cref="FastAgiOptions.CommandTimeout"/> beyond the waiting it asks
/// for itself, and a session with no command outstanding for <see cref="FastAgiOptions.IdleTimeout"/> is closed: in both
/// cases the session closes and its script is cancelled, so no session hangs for ever.
/// </remarks>
public sealed class AgiSession : IAsyncDisposable
{
    /// <summary>
    /// The longest command Asterisk reads in one piece, in bytes, newline included: res_agi reads each command with
    /// <c>fgets</c> into <c>char buf[AGI_BUF_LEN]</c> (2048), which takes at most 2047 bytes; a longer line is run as two
    /// commands. Checked against Asterisk 22.5: a 2047-byte <c>VERBOSE</c> gets one reply; a 2048-byte one gets its 200 and
    /// then a <c>510</c> for its last byte, which answers the next command. Longer commands are refused with
    /// <see cref="AgiCommandTooLongException"/>.
    /// </summary>
    public const int MaxCommandBytes = 2047;

    private const int MaxEnvironmentLines = 512;
    private const int MaxReplyLines = 256;
    private static readonly TimeSpan LongestOwnWait = TimeSpan.FromDays(7);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly FastAgiOptions _options;
    private readonly TimeProvider _time;
    private readonly ITimer _idle;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[] _writeBuffer = new byte[256];
    private readonly Queue<TaskCompletionSource<AgiReply>> _pending = new();
    private readonly CancellationTokenSource _hangup = new();
    private readonly TaskCompletionSource<AgiRequest> _environment = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;
    private bool _closed;
    private volatile bool _hungUp;
    private AgiRequest? _request;

    internal AgiSession(Socket socket, FastAgiOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        _options = options;
        _time = timeProvider;
        _logger = logger;
        HangupToken = _hangup.Token;
        _idle = timeProvider.CreateTimer(static state => ((AgiSession)state!).OnIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The environment Asterisk sent.</summary>
    public AgiRequest Request => _request ?? throw new InvalidOperationException("The AGI environment has not been read yet.");

    /// <summary>Cancelled when Asterisk sends <c>HANGUP</c> or closes the connection.</summary>
    public CancellationToken HangupToken { get; }

    /// <summary>True once <c>HANGUP</c> arrived or the connection closed.</summary>
    public bool IsHungUp => _hungUp;

    /// <summary>Sends a command and returns its reply whatever its code (see the typed methods for checked ones); the reply may take <see cref="FastAgiOptions.CommandTimeout"/>.</summary>
    /// <exception cref="AgiSessionClosedException">Asterisk closed the connection before the reply.</exception>
    /// <exception cref="AgiCommandTooLongException">The command is over <see cref="MaxCommandBytes"/>; nothing was sent.</exception>
    /// <exception cref="AgiReplyTimeoutException">No reply in time; the session is closed.</exception>
    public Task<AgiReply> SendCommandAsync(AgiCommand command, CancellationToken cancellationToken)
        => SendCommandAsync(command, _options.CommandTimeout, cancellationToken);

    /// <summary>
    /// Sends a command that may take up to <paramref name="replyTimeout"/> for its reply (<see cref="Timeout.InfiniteTimeSpan"/>
    /// for no limit, e.g. <c>EXEC Queue</c>) and returns the reply whatever its code.
    /// </summary>
    /// <exception cref="AgiSessionClosedException">Asterisk closed the connection before the reply.</exception>
    /// <exception cref="AgiCommandTooLongException">The command is over <see cref="MaxCommandBytes"/>; nothing was sent.</exception>
    /// <exception cref="AgiReplyTimeoutException">No reply in time; the session is closed.</exception>
    public async Task<AgiReply> SendCommandAsync(AgiCommand command, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (replyTimeout <= TimeSpan.Zero && replyTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(replyTimeout), replyTimeout, "A reply timeout is positive, or Timeout.InfiniteTimeSpan.");
        }
        // Completed on this session's reader, which then runs the script's continuation inline (see remarks).
        var reply = new TaskCompletionSource<AgiReply>();
        using var deadline = replyTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writeBuffer.Length < command.MaxByteCount)
            {
                _writeBuffer = new byte[Math.Max(command.MaxByteCount, _writeBuffer.Length * 2)];
            }
            var length = command.WriteTo(_writeBuffer);
            if (length > MaxCommandBytes)
            {
                throw new AgiCommandTooLongException(command.Verb, length);
            }
            lock (_pending)
            {
                if (_closed)
                {
                    throw new AgiSessionClosedException("The FastAGI session is closed; the command was not sent.");
                }
                _pending.Enqueue(reply);
                _idle.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            // The clock starts before the first byte leaves: whoever sees the command sees the deadline running.
            deadline?.CancelAfter(replyTimeout);
            try
            {
                await _stream.WriteAsync(_writeBuffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // Half a command may be on the wire: the session cannot continue.
                Close();
                throw new AgiSessionClosedException("Writing the AGI command failed; the session is closed.", ex);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        using (cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource<AgiReply>)state!).TrySetCanceled(), reply))
        using (deadline is null ? default : deadline.Token.UnsafeRegister(
            static state =>
            {
                var (session, pending, verb, timeout) = ((AgiSession, TaskCompletionSource<AgiReply>, string, TimeSpan))state!;
                session.OnReplyTimeout(pending, verb, timeout);
            },
            (this, reply, command.Verb, replyTimeout)))
        {
            // A cancelled command stays queued: its reply is read and dropped, keeping later replies in step.
            return await reply.Task.ConfigureAwait(false);
        }
    }

    /// <summary><c>ANSWER</c>.</summary>
    public Task<AgiReply> AnswerAsync(CancellationToken cancellationToken) => CheckedAsync(new AgiCommand("ANSWER"), cancellationToken);

    /// <summary><c>HANGUP</c> (the current channel).</summary>
    public Task<AgiReply> HangupAsync(CancellationToken cancellationToken) => CheckedAsync(new AgiCommand("HANGUP"), cancellationToken);

    /// <summary><c>CHANNEL STATUS</c>: 4 ringing, 6 up…</summary>
    public async Task<int> ChannelStatusAsync(CancellationToken cancellationToken)
        => (await CheckedAsync(new AgiCommand("CHANNEL STATUS"), cancellationToken).ConfigureAwait(false)).ResultCode ?? -1;

    /// <summary><c>STREAM FILE file "escapeDigits"</c>; <see cref="AgiReply.Digit"/> is the key that interrupted it, <see cref="AgiReply.EndPosition"/> where it stopped, result -1 on hang-up or missing file.</summary>
    public Task<AgiReply> StreamFileAsync(string file, string escapeDigits, CancellationToken cancellationToken)
        => CheckedAsync(new AgiCommand("STREAM FILE").Arg(file).Quoted(escapeDigits), cancellationToken);

    /// <summary>
    /// <c>GET DATA file timeoutMs maxDigits</c>; the digits are <see cref="AgiReply.Result"/> (empty with <see cref="AgiReply.IsTimeout"/>,
    /// -1 on hang-up). The reply may take the timeout once per digit plus <see cref="FastAgiOptions.CommandTimeout"/> (no limit when negative).
    /// </summary>
    public Task<AgiReply> GetDataAsync(string file, TimeSpan timeout, int maxDigits, CancellationToken cancellationToken)
        => CheckedAsync(new AgiCommand("GET DATA").Arg(file).Arg((long)timeout.TotalMilliseconds).Arg(maxDigits),
            ReplyTimeout(timeout < TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds * Math.Max(1, maxDigits), LongestOwnWait.TotalMilliseconds))),
            cancellationToken);

    /// <summary><c>WAIT FOR DIGIT timeoutMs</c>; <see cref="AgiReply.Digit"/> is the key, null when none came. The reply may take the timeout plus <see cref="FastAgiOptions.CommandTimeout"/> (no limit when negative).</summary>
    public Task<AgiReply> WaitForDigitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        => CheckedAsync(new AgiCommand("WAIT FOR DIGIT").Arg((long)timeout.TotalMilliseconds), ReplyTimeout(timeout), cancellationToken);

    /// <summary><c>SET VARIABLE name "value"</c> (the value always quoted).</summary>
    public Task<AgiReply> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
        => CheckedAsync(new AgiCommand("SET VARIABLE").Arg(name).Quoted(value), cancellationToken);

    /// <summary><c>GET VARIABLE name</c>; null when the variable is not set.</summary>
    public async Task<string?> GetVariableAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await CheckedAsync(new AgiCommand("GET VARIABLE").Arg(name), cancellationToken).ConfigureAwait(false);
        return reply.ResultCode == 1 ? reply.Data ?? string.Empty : null;
    }

    /// <summary><c>GET FULL VARIABLE expression</c> (evaluates <c>${…}</c>); null when unset.</summary>
    public async Task<string?> GetFullVariableAsync(string expression, CancellationToken cancellationToken)
    {
        var reply = await CheckedAsync(new AgiCommand("GET FULL VARIABLE").Arg(expression), cancellationToken).ConfigureAwait(false);
        return reply.ResultCode == 1 ? reply.Data ?? string.Empty : null;
    }

    /// <summary><c>EXEC application "options"</c>; result -2 when the application does not exist. The reply may take <see cref="FastAgiOptions.CommandTimeout"/>.</summary>
    public Task<AgiReply> ExecAsync(string application, string options, CancellationToken cancellationToken)
        => ExecAsync(application, options, _options.CommandTimeout, cancellationToken);

    /// <summary><c>EXEC application "options"</c> for an application that may run up to <paramref name="replyTimeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> for no limit: <c>Queue</c>, <c>Dial</c>).</summary>
    public Task<AgiReply> ExecAsync(string application, string options, TimeSpan replyTimeout, CancellationToken cancellationToken)
        => CheckedAsync(new AgiCommand("EXEC").Arg(application).Quoted(options), replyTimeout, cancellationToken);

    /// <summary><c>SAY DIGITS digits "escapeDigits"</c>.</summary>
    public Task<AgiReply> SayDigitsAsync(string digits, string escapeDigits, CancellationToken cancellationToken)
        => CheckedAsync(new AgiCommand("SAY DIGITS").Arg(digits).Quoted(escapeDigits), cancellationToken);

    /// <summary><c>VERBOSE "message" level</c> (to the Asterisk console; no personal data).</summary>
    public Task<AgiReply> VerboseAsync(string message, int level, CancellationToken cancellationToken)
        => CheckedAsync(new AgiCommand("VERBOSE").Quoted(message).Arg(level), cancellationToken);

    /// <summary>Closes the connection at once (the server also closes it when the script ends).</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        await _readLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    internal Task<AgiRequest> Environment => _environment.Task;

    /// <summary>Half-closes, lets Asterisk say its last (the trailing <c>HANGUP</c>) and close, then closes.</summary>
    internal async Task FinishAsync(TimeProvider timeProvider)
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            await _readLoop.WaitAsync(_options.DrainTimeout, timeProvider).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException)
        {
            // Asterisk did not close in time, or the socket is already gone.
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    internal Socket Socket => _socket;

    /// <summary>True once the session is closed (by either side, a reply timeout or the idle timeout).</summary>
    internal bool IsClosed
    {
        get
        {
            lock (_pending)
            {
                return _closed;
            }
        }
    }

    private TimeSpan ReplyTimeout(TimeSpan ownWait) => ownWait < TimeSpan.Zero
        ? Timeout.InfiniteTimeSpan
        : _options.CommandTimeout + (ownWait > LongestOwnWait ? LongestOwnWait : ownWait);

    private Task<AgiReply> CheckedAsync(AgiCommand command, CancellationToken cancellationToken)
        => CheckedAsync(command, _options.CommandTimeout, cancellationToken);

    private async Task<AgiReply> CheckedAsync(AgiCommand command, TimeSpan replyTimeout, CancellationToken cancellationToken)
    {
        var reply = await SendCommandAsync(command, replyTimeout, cancellationToken).ConfigureAwait(false);
        return reply.IsSuccess ? reply : throw new AgiCommandException(command.Verb, reply);
    }

    private async Task ReadLoopAsync()
    {
        var environment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<string>? block = null;
        var inEnvironment = true;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (inEnvironment)
                    {
                        if (line.Length == 0)
                        {
                            inEnvironment = false;
                            _request = new AgiRequest(environment);
                            ArmIdleTimer();
                            _environment.TrySetResult(_request);
                        }
                        else if (environment.Count >= MaxEnvironmentLines)
                        {
                            throw new InvalidDataException($"The AGI environment has more than {MaxEnvironmentLines} lines.");
                        }
                        else
                        {
                            var colon = line.IndexOf(':', StringComparison.Ordinal);
                            if (colon > 0)
                            {
                                environment[line[..colon].Trim()] = line[(colon + 1)..].TrimStart(' ');
                            }
                        }
                        continue;
                    }
                    if (line == "HANGUP")
                    {
                        OnHangup();
                        continue;
                    }
                    if (block is not null)
                    {
                        block.Add(line);
                        if (block.Count > MaxReplyLines)
                        {
                            throw new InvalidDataException($"An AGI reply has more than {MaxReplyLines} lines.");
                        }
                        if (line.Length >= 4 && line[3] == ' ' && line.AsSpan(0, 3).SequenceEqual(block[0].AsSpan(0, 3)))
                        {
                            Complete(block);
                            block = null;
                        }
                        continue;
                    }
                    if (line.Length >= 4 && line[3] == '-' && char.IsAsciiDigit(line[0]) && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2]))
                    {
                        block = [line];
                        continue;
                    }
                    if (line.Length > 0)
                    {
                        Complete(line);
                    }
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidDataException or SocketException or OperationCanceledException)
        {
            if (ex is InvalidDataException)
            {
                AgiLog.ProtocolError(_logger, _socket.RemoteEndPoint?.ToString() ?? "?", ex);
            }
            error = ex;
        }
        _environment.TrySetException(new AgiSessionClosedException("The FastAGI peer closed before sending its environment.", error ?? new EndOfStreamException()));
        Close();
        OnHangup();
        await _reader.CompleteAsync().ConfigureAwait(false);
    }

    private bool TryReadLine(ref ReadOnlySequence<byte> buffer, out string line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> raw, (byte)'\n'))
        {
            if (buffer.Length > _options.MaxLineLength)
            {
                throw new InvalidDataException($"An AGI line is longer than {_options.MaxLineLength} bytes.");
            }
            line = string.Empty;
            return false;
        }
        buffer = buffer.Slice(reader.Position);
        if (raw.Length > _options.MaxLineLength)
        {
            throw new InvalidDataException($"An AGI line is longer than {_options.MaxLineLength} bytes.");
        }
        line = Encoding.UTF8.GetString(raw);
        if (line.EndsWith('\r'))
        {
            line = line[..^1];
        }
        return true;
    }

    private void Complete(string line) => Complete(null, line);

    private void Complete(List<string> lines) => Complete(lines, null);

    private void Complete(List<string>? lines, string? line)
    {
        TaskCompletionSource<AgiReply>? pending;
        lock (_pending)
        {
            if (_pending.TryDequeue(out pending) && _pending.Count == 0)
            {
                ArmIdleTimer();
            }
        }
        if (pending is null)
        {
            AgiLog.UnexpectedLine(_logger, _request?.UniqueId ?? "?");
            return;
        }
        try
        {
            pending.TrySetResult(lines is null ? AgiReply.Parse(line!) : AgiReply.Parse(lines));
        }
        catch (FormatException ex)
        {
            pending.TrySetException(ex);
        }
    }

    private void OnHangup()
    {
        if (_hungUp)
        {
            return;
        }
        _hungUp = true;
        AgiLog.Hangup(_logger, _request?.UniqueId ?? "?", _request?.Script ?? "?");
        // Never run script continuations on the reader: cancel on the thread pool.
        _ = _hangup.CancelAsync();
    }

    /// <summary>Starts the idle clock (no command outstanding). Call under the <c>_pending</c> lock, or before any command.</summary>
    private void ArmIdleTimer()
    {
        lock (_pending)
        {
            if (!_closed)
            {
                _idle.Change(_options.IdleTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnIdle()
    {
        lock (_pending)
        {
            if (_closed || _pending.Count > 0)
            {
                return;
            }
        }
        AgiLog.IdleTimeout(_logger, _request?.UniqueId ?? "?", (long)_options.IdleTimeout.TotalMilliseconds);
        Close();
    }

    private void OnReplyTimeout(TaskCompletionSource<AgiReply> reply, string verb, TimeSpan timeout)
    {
        if (reply.Task.IsCompleted)
        {
            return;
        }
        AgiLog.ReplyTimeout(_logger, _request?.UniqueId ?? "?", verb, (long)timeout.TotalMilliseconds);
        Close(reply, new AgiReplyTimeoutException(verb, timeout));
    }

    private void Close(TaskCompletionSource<AgiReply>? timedOut = null, Exception? timeoutError = null)
    {
        TaskCompletionSource<AgiReply>[] orphans;
        lock (_pending)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            orphans = [.. _pending];
            _pending.Clear();
            _idle.Dispose();
        }
        // Closed first, then the waiting commands fail: a script resumed by its failure cannot queue another command.
        _stream.Dispose();
        foreach (var orphan in orphans)
        {
            orphan.TrySetException(ReferenceEquals(orphan, timedOut) && timeoutError is not null
                ? timeoutError
                : new AgiSessionClosedException("Asterisk closed the FastAGI connection before replying."));
        }
    }
}
