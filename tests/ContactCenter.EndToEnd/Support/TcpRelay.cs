using System.Net;
using System.Net.Sockets;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// A loopback TCP relay between the server and one Asterisk's AMI port, so a test can cut the link (as a network fault or a
/// firewall would) while Asterisk and its calls carry on, and restore it later. While cut, connections are reset at once.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Socket Client, Socket Upstream)> _pairs = [];
    private readonly Task _accepting;
    private bool _cut;
    private int _accepted;

    public TcpRelay(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections relayed so far (a reconnect after a cut adds one).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Resets every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        List<(Socket Client, Socket Upstream)> pairs;
        lock (_pairs)
        {
            _cut = true;
            pairs = [.. _pairs];
            _pairs.Clear();
        }

        foreach (var (client, upstream) in pairs)
        {
            Reset(client);
            Reset(upstream);
        }
    }

    /// <summary>Relays new connections again.</summary>
    public void Restore()
    {
        lock (_pairs)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Cut();
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            bool cut;
            lock (_pairs)
            {
                cut = _cut;
            }

            if (cut)
            {
                Reset(client);
                continue;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(_target, cancellationToken);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException)
            {
                Reset(client);
                upstream.Dispose();
                continue;
            }

            lock (_pairs)
            {
                _pairs.Add((client, upstream));
            }

            Interlocked.Increment(ref _accepted);
            _ = PumpAsync(client, upstream);
        }
    }

    private async Task PumpAsync(Socket client, Socket upstream)
    {
        await Task.WhenAny(CopyAsync(client, upstream), CopyAsync(upstream, client));
        lock (_pairs)
        {
            _pairs.Remove((client, upstream));
        }

        Reset(client);
        Reset(upstream);
    }

    private static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // The other side or a cut closed the link.
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
