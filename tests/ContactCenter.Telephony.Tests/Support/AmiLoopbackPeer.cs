using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace ContactCenter.Telephony.Tests.Support;

/// <summary>
/// A loopback AMI peer driven step by step by the test (where a replayed transcript cannot express the case:
/// a login answered late, a ping never answered, connections refused). It speaks the wire protocol: the
/// banner, actions read up to their blank line, responses written as text. Every wait is bounded.
/// </summary>
internal sealed partial class AmiLoopbackPeer : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    public const string Banner = "Asterisk Call Manager/11.0.0\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<Connection> _accepted = Channel.CreateUnbounded<Connection>();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Connection> _connections = [];
    private readonly Task _acceptLoop;
    private int _acceptedCount;

    /// <param name="refuseAfter">Connections beyond this many are accepted and closed at once (a peer that is down).</param>
    public AmiLoopbackPeer(int refuseAfter = int.MaxValue)
    {
        _listener.Start();
        _acceptLoop = AcceptAsync(refuseAfter);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far, refused ones included.</summary>
    public int AcceptedCount => Volatile.Read(ref _acceptedCount);

    /// <summary>The next connection that was not refused.</summary>
    public async Task<Connection> NextConnectionAsync() => await _accepted.Reader.ReadAsync().AsTask().WaitAsync(Wait);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync(int refuseAfter)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (Interlocked.Increment(ref _acceptedCount) > refuseAfter)
            {
                client.Dispose();
                continue;
            }
            client.NoDelay = true;
            var connection = new Connection(client);
            lock (_connections)
            {
                _connections.Add(connection);
            }
            _accepted.Writer.TryWrite(connection);
        }
    }

    /// <summary>One accepted client connection.</summary>
    internal sealed class Connection : IDisposable
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;
        private readonly Channel<ReceivedAction> _actions = Channel.CreateUnbounded<ReceivedAction>();
        private readonly Task _reader;

        public Connection(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            _reader = ReadAsync();
        }

        /// <summary>Actions received and not yet taken by <see cref="NextActionAsync"/>.</summary>
        public int Unread => _actions.Reader.Count;

        /// <summary>Completes when the client closed its side.</summary>
        public Task Closed => _reader;

        public Task SendAsync(string text) => _stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().WaitAsync(Wait);

        /// <summary>The next action the client sent.</summary>
        public async Task<ReceivedAction> NextActionAsync() => await _actions.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        /// <summary>Sends the banner, reads the <c>Login</c> and accepts it.</summary>
        public async Task AcceptLoginAsync()
        {
            await SendAsync(Banner);
            await AnswerLoginAsync(await NextActionAsync());
        }

        public Task AnswerLoginAsync(ReceivedAction login)
        {
            Assert.That(login.Name, Is.EqualTo("Login"));
            return SendAsync($"Response: Success\r\nActionID: {login.ActionId}\r\nMessage: Authentication accepted\r\n\r\n");
        }

        public Task AnswerPingAsync(ReceivedAction ping) => SendAsync($"Response: Success\r\nActionID: {ping.ActionId}\r\nPing: Pong\r\nTimestamp: 1795458297.000000\r\n\r\n");

        public void Dispose()
        {
            _client.Dispose();
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            try
            {
                while (true)
                {
                    var read = await _stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        break;
                    }
                    pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                    var text = pending.ToString();
                    int end;
                    while ((end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        var action = text[..(end + 4)];
                        text = text[(end + 4)..];
                        _actions.Writer.TryWrite(new ReceivedAction(
                            ActionPattern().Match(action).Groups[1].Value,
                            ActionIdPattern().Match(action).Groups[1].Value,
                            action));
                    }
                    pending.Clear().Append(text);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                // The client went away.
            }
            _actions.Writer.TryComplete();
        }
    }

    internal sealed record ReceivedAction(string Name, string ActionId, string Text);

    [GeneratedRegex("^Action: ([^\r\n]*)\r\n", RegexOptions.Multiline)]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^ActionID: ([^\r\n]*)\r\n", RegexOptions.Multiline)]
    private static partial Regex ActionIdPattern();
}
