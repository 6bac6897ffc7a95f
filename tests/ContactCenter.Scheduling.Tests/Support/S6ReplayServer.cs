using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ContactCenter.Scheduling.Tests.Support;

/// <summary>
/// A loopback AMI server replaying the recorded Asterisk 22 outbound session (fixtures S6): the banner, the login
/// answer and FullyBooted of the listener, then for the k-th Originate the client sends, the recorded response of
/// originate a/b/c and every recorded listener event of that call (OriginateResponse, Hangup, queue events ...), with
/// the recorded ActionID and ChannelId replaced by the client's. Real bytes, only the two ids rewritten.
/// </summary>
internal sealed partial class S6ReplayServer : IAsyncDisposable
{
    /// <summary>The recorded originates in order: a answered, b busy (486), c no answer (ring timeout).</summary>
    public static readonly (string ActionId, string ChannelId)[] Recorded =
    [
        ("a-ctl-003", "cb-20261123-0001"),
        ("a-ctl-004", "cb-20261123-0003"),
        ("a-ctl-005", "cb-20261123-0004"),
    ];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serve;
    private readonly List<string> _listenerMessages;
    private readonly List<string> _controlMessages;

    public S6ReplayServer()
    {
        var folder = Path.Combine(Fixtures.Root, "s6-outbound");
        _listenerMessages = Split(File.ReadAllText(Path.Combine(folder, "ami-site-a-listener.rx"), Encoding.UTF8));
        _controlMessages = Split(File.ReadAllText(Path.Combine(folder, "ami-site-a-control.rx"), Encoding.UTF8));
        _listener.Start();
        _serve = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The Originate actions the client sent, as text.</summary>
    public List<string> Originates { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serve.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static List<string> Split(string rx)
    {
        var banner = rx.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        return [rx[..banner], .. rx[banner..].Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Select(m => m + "\r\n\r\n")];
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        client.NoDelay = true;
        var stream = client.GetStream();
        async Task SendAsync(string text) => await stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);

        await SendAsync(_controlMessages[0]);
        var buffer = new StringBuilder();
        var bytes = new byte[8192];
        var originates = 0;
        while (!_stop.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(bytes, _stop.Token);
            if (read == 0)
            {
                return;
            }

            buffer.Append(Encoding.UTF8.GetString(bytes, 0, read));
            int end;
            while ((end = buffer.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
            {
                var action = buffer.ToString(0, end + 4);
                buffer.Remove(0, end + 4);
                var id = ActionIdPattern().Match(action).Groups[1].Value;
                var name = Regex.Match(action, "^Action: ([^\r\n]*)", RegexOptions.Multiline).Groups[1].Value;
                switch (name)
                {
                    case "Login":
                        // The listener's login answer and its FullyBooted (events on).
                        await SendAsync(_listenerMessages[1].Replace("a-listen-001", id, StringComparison.Ordinal) + _listenerMessages[2]);
                        break;
                    case "Originate" when originates < Recorded.Length:
                    {
                        lock (Originates)
                        {
                            Originates.Add(action);
                        }

                        var (recordedAction, recordedChannel) = Recorded[originates++];
                        var channel = Regex.Match(action, "ChannelId: ([^\r\n]*)").Groups[1].Value;
                        var response = _controlMessages.Single(m => m.Contains($"ActionID: {recordedAction}\r\n", StringComparison.Ordinal));
                        var text = new StringBuilder(response.Replace(recordedAction, id, StringComparison.Ordinal));
                        foreach (var message in _listenerMessages.Where(m => m.Contains(recordedChannel, StringComparison.Ordinal)
                            || m.Contains($"ActionID: {recordedAction}\r\n", StringComparison.Ordinal)))
                        {
                            text.Append(message.Replace(recordedAction, id, StringComparison.Ordinal).Replace(recordedChannel, channel, StringComparison.Ordinal));
                        }

                        await SendAsync(text.ToString());
                        break;
                    }

                    case "Logoff":
                        await SendAsync($"Response: Goodbye\r\nActionID: {id}\r\nMessage: Thanks for all the fish.\r\n\r\n");
                        return;
                    default:
                        await SendAsync($"Response: Success\r\nActionID: {id}\r\nPing: Pong\r\n\r\n");
                        break;
                }
            }
        }
    }

    [GeneratedRegex("ActionID: ([^\r\n]*)\r\n")]
    private static partial Regex ActionIdPattern();
}

/// <summary>Finds <c>shared/fixtures/asterisk-22</c> in a parent of the test binaries.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "asterisk-22");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no 'shared/fixtures/asterisk-22' in any parent of {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;
}
