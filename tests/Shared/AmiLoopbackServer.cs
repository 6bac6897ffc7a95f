using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContactCenter.Testing;

/// <summary>One action as <see cref="AmiLoopbackServer"/> read it: its name, its ActionID and all its header lines.</summary>
internal sealed record AmiAction(string Name, string ActionId, IReadOnlyList<string> Lines)
{
    /// <summary>The value of the first header named <paramref name="key"/>, or null when the action has none.</summary>
    public string? Header(string key) =>
        Lines.FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..];
}

/// <summary>
/// The Asterisk end of one AMI connection on loopback, for the tests and benchmarks that drive the real AMI client
/// (the bridge's). It accepts one client, writes the banner, reads each action up to its blank line and writes what
/// <c>respond</c> returns for it; whatever else the caller wants on the wire (events) goes out through
/// <see cref="WriteAsync"/>. One lock keeps replies and events whole. <see cref="Ready"/> completes once the reply
/// to CoreShowChannels, the client's last resync list, is written.
/// Linked as source into the projects that use it (tests/Shared), so that it needs no project of its own.
/// </summary>
internal sealed class AmiLoopbackServer : IAsyncDisposable
{
    public const string Banner = "Asterisk Call Manager/11.0.0\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<AmiAction, string> _respond;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serve;
    private NetworkStream? _stream;
    private int _disposed;

    /// <param name="respond">The text to write back for an action (a response, and any events that follow it).</param>
    public AmiLoopbackServer(Func<AmiAction, string> respond)
    {
        _respond = respond;
        _listener.Start();
        _serve = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when the client has logged in and its resync lists are answered.</summary>
    public Task Ready => _ready.Task;

    public static string LoginAccepted(string actionId) =>
        $"Response: Success\r\nActionID: {actionId}\r\nMessage: Authentication accepted\r\n\r\nEvent: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n";

    public static string EmptyQueueStatus(string actionId) =>
        $"Response: Success\r\nActionID: {actionId}\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\nEvent: QueueStatusComplete\r\nActionID: {actionId}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n";

    public static string EmptyChannelList(string actionId) =>
        $"Response: Success\r\nActionID: {actionId}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\nEvent: CoreShowChannelsComplete\r\nActionID: {actionId}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n";

    public static string Success(string actionId, string message) =>
        $"Response: Success\r\nActionID: {actionId}\r\nMessage: {message}\r\n\r\n";

    /// <summary>Writes <paramref name="text"/> whole, between replies; the client must be connected.</summary>
    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException("No AMI client has connected yet.");
        var bytes = Encoding.UTF8.GetBytes(text);
        await _write.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Closes the listener and the connection (Asterisk gone); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        _stream?.Dispose();
        await _serve.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _write.Dispose();
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        client.NoDelay = true;
        var stream = client.GetStream();
        _stream = stream;
        await WriteAsync(Banner, _stop.Token);
        var buffer = new byte[65536];
        var pending = new StringBuilder();
        while (!_stop.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = pending.ToString();
            int end;
            while ((end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
            {
                var lines = text[..end].Split("\r\n");
                text = text[(end + 4)..];
                var name = lines[0].StartsWith("Action: ", StringComparison.Ordinal) ? lines[0][8..] : string.Empty;
                var id = lines.FirstOrDefault(l => l.StartsWith("ActionID: ", StringComparison.Ordinal))?[10..] ?? string.Empty;
                await WriteAsync(_respond(new AmiAction(name, id, lines)), _stop.Token);
                if (name == "CoreShowChannels")
                {
                    _ready.TrySetResult();
                }
            }

            pending.Clear().Append(text);
        }
    }
}
