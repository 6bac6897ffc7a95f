using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace ContactCenter.Telephony.Tests.Support;

/// <summary>One recorded AMI session to replay: the bytes Asterisk sent, how to chunk them, and the ActionIDs of the recorded client.</summary>
internal sealed record AmiReplayScript(byte[] Rx, IReadOnlyList<(int Offset, int Length)> Chunks, bool CloseAtEnd, IReadOnlyList<string> RecordedActionIds)
{
    /// <summary>When set, after the last byte the server waits for this many client actions, then closes (a peer that vanishes).</summary>
    public int? CloseAfterActions { get; init; }

    public static AmiReplayScript FromFixture(string rxRelative, ChunkMode mode = ChunkMode.Recorded, int seed = 1)
    {
        var rx = Fixtures.Bytes(rxRelative);
        var (recorded, eof) = Fixtures.Timing(rxRelative);
        var tx = Encoding.UTF8.GetString(Fixtures.Bytes(Path.ChangeExtension(rxRelative, ".tx")));
        var ids = Regex.Matches(tx, "ActionID: ([^\r\n]*)\r\n").Select(m => m.Groups[1].Value).ToList();
        return new AmiReplayScript(rx, Chunking.Split(rx.Length, mode, recorded, seed), eof, ids);
    }

    /// <summary>A hand-written session (hostile peers): <paramref name="text"/> is sent in one piece.</summary>
    public static AmiReplayScript FromText(string text, bool closeAtEnd, params string[] recordedActionIds)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new AmiReplayScript(bytes, [(0, bytes.Length)], closeAtEnd, recordedActionIds);
    }
}

/// <summary>
/// A loopback AMI server that replays recorded Asterisk bytes, chunk by chunk. It speaks the real protocol
/// to the client under test: before sending a response it waits for the client's matching action and puts
/// the client's ActionID where the recorded one was (the k-th recorded action maps to the k-th action the
/// client sent). Each accepted connection plays the next script; beyond the last one it refuses.
/// </summary>
internal sealed class AmiReplayServer : IAsyncDisposable
{
    private static readonly TimeSpan ActionWait = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly AmiReplayScript[] _scripts;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;

    public AmiReplayServer(params AmiReplayScript[] scripts)
    {
        _scripts = scripts;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What the client sent, per connection.</summary>
    public List<ClientLog> Clients { get; } = [];

    /// <summary>Errors of the replay itself (e.g. the client never sent an expected action).</summary>
    public List<Exception> Errors { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }
        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        for (var index = 0; !_stop.IsCancellationRequested; index++)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (index >= _scripts.Length)
            {
                client.Dispose();
                continue;
            }
            var log = new ClientLog();
            lock (Clients)
            {
                Clients.Add(log);
            }
            var task = ServeAsync(client, _scripts[index], log);
            lock (_connections)
            {
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(TcpClient client, AmiReplayScript script, ClientLog log)
    {
        client.NoDelay = true;
        using var _ = client;
        var stream = client.GetStream();
        var reading = ReadClientAsync(stream, log);
        try
        {
            var ids = IdSpans(script.Rx);
            var clientIds = new List<string>();
            var next = 0;
            foreach (var (offset, length) in script.Chunks)
            {
                var position = Math.Max(offset, next);
                var end = offset + length;
                foreach (var (start, stop, recorded) in ids.Where(s => s.Start >= position && s.Start < end))
                {
                    var k = IndexOf(script.RecordedActionIds, recorded);
                    if (k < 0)
                    {
                        continue;
                    }
                    await stream.WriteAsync(script.Rx.AsMemory(position, start - position), _stop.Token);
                    position = start;
                    while (clientIds.Count <= k)
                    {
                        clientIds.Add(await log.ActionIds.Reader.ReadAsync(_stop.Token).AsTask().WaitAsync(ActionWait));
                    }
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(clientIds[k]), _stop.Token);
                    position = stop;
                }
                end = Math.Max(end, position);
                if (end > position)
                {
                    await stream.WriteAsync(script.Rx.AsMemory(position, end - position), _stop.Token);
                }
                next = end;
            }
            if (script.CloseAfterActions is { } count)
            {
                while (clientIds.Count < count)
                {
                    clientIds.Add(await log.ActionIds.Reader.ReadAsync(_stop.Token).AsTask().WaitAsync(ActionWait));
                }
            }
            else if (!script.CloseAtEnd)
            {
                await reading.WaitAsync(_stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or TimeoutException or SocketException)
        {
            if (ex is TimeoutException)
            {
                lock (Errors)
                {
                    Errors.Add(ex);
                }
            }
        }
        try
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        await reading.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        client.Client.Close();
        await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static List<(int Start, int Stop, string Value)> IdSpans(byte[] rx)
    {
        var text = Encoding.Latin1.GetString(rx);
        return Regex.Matches(text, "(?<=\nActionID: )[^\r\n]*").Select(m => (m.Index, m.Index + m.Length, m.Value)).ToList();
    }

    private static async Task ReadClientAsync(NetworkStream stream, ClientLog log)
    {
        var buffer = new byte[8192];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }
                lock (log.Bytes)
                {
                    log.Bytes.Write(buffer, 0, read);
                }
                pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                var text = pending.ToString();
                int end;
                while ((end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    var action = text[..(end + 4)];
                    text = text[(end + 4)..];
                    log.Actions.Enqueue(action);
                    var id = Regex.Match(action, "ActionID: ([^\r\n]*)\r\n");
                    if (id.Success)
                    {
                        log.ActionIds.Writer.TryWrite(id.Groups[1].Value);
                    }
                }
                pending.Clear().Append(text);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The client went away.
        }
        log.ActionIds.Writer.TryComplete();
    }

    internal sealed class ClientLog
    {
        public MemoryStream Bytes { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> Actions { get; } = new();

        public Channel<string> ActionIds { get; } = Channel.CreateUnbounded<string>();

        /// <summary>What the client sent, with every ActionID replaced by its position (1-based) so it compares with a recording.</summary>
        public string NormalizedText(Func<int, string> recordedId)
        {
            string text;
            lock (Bytes)
            {
                text = Encoding.UTF8.GetString(Bytes.ToArray());
            }
            var n = 0;
            return Regex.Replace(text, "(?<=ActionID: )[^\r\n]*", _ => recordedId(n++));
        }
    }
}
