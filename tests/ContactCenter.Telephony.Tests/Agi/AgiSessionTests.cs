using System.Net.Sockets;
using System.Text;
using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Agi;

[CancelAfter(60_000)]
public class AgiSessionTests
{
    private const int ScriptFailedId = 1104;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_failed_command_names_its_verb_but_never_its_arguments_in_the_exception_or_the_log()
    {
        var logger = new RecordingLogger<FastAgiServer>();
        var failure = new TaskCompletionSource<Exception>();
        var router = new AgiScriptRouter().Map("say", async (session, token) =>
        {
            try
            {
                await session.SayDigitsAsync("13812345678", "#", token);
            }
            catch (Exception ex)
            {
                failure.TrySetResult(ex);
                throw;
            }
        });
        await using var server = await StartAsync(router, logger);

        using var peer = new TcpClient();
        await peer.ConnectAsync(server.LocalEndPoint).WaitAsync(Timeout);
        var stream = peer.GetStream();
        await stream.WriteAsync("agi_network_script: say\nagi_uniqueid: u1\n\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var command = await new StreamReader(stream, Encoding.UTF8).ReadLineAsync().WaitAsync(Timeout);
        await stream.WriteAsync("511 Command Not Permitted on a dead channel or intercept routine\n"u8.ToArray()).AsTask().WaitAsync(Timeout);

        var error = await failure.Task.WaitAsync(Timeout);
        await WaitUntilAsync(() => logger.WithId(ScriptFailedId).Count == 1);
        var logged = logger.WithId(ScriptFailedId)[0];

        Assert.That(command, Is.EqualTo("SAY DIGITS 13812345678 \"#\""), "the digits go to Asterisk");
        Assert.That(error, Is.TypeOf<AgiCommandException>().With.Property(nameof(AgiCommandException.Verb)).EqualTo("SAY DIGITS"));
        Assert.That(error.Message, Does.Contain("SAY DIGITS").And.Contain("511"));
        Assert.That(error.ToString(), Does.Not.Contain("13812345678"), "exception text is logged: no arguments in it");
        Assert.That(logged.Text + string.Concat(logged.Values.Values), Does.Not.Contain("13812345678"));
        Assert.That(new AgiCommand("SAY DIGITS").Arg("13812345678").ToString(), Is.EqualTo("SAY DIGITS"), "a command interpolated into a log line shows its verb only");
    }

    [Test]
    public async Task A_command_longer_than_res_agi_reads_at_once_is_refused_before_anything_is_written_and_the_session_goes_on()
    {
        var outcome = new TaskCompletionSource<(Exception? TooLong, Exception? Fits)>();
        var router = new AgiScriptRouter().Map("long", async (session, token) =>
        {
            Exception? tooLong = null;
            try
            {
                // VERBOSE "<n x>" 1 plus its newline is n + 13 bytes: 2048 is one byte more than res_agi's fgets takes.
                await session.VerboseAsync("13812345678" + new string('x', 2035 - 11), 1, token);
            }
            catch (Exception ex)
            {
                tooLong = ex;
            }
            var fits = await session.VerboseAsync(new string('y', 2034), 1, token);
            outcome.TrySetResult((tooLong, fits.IsSuccess ? null : new InvalidOperationException(fits.Text)));
        });
        await using var server = await StartAsync(router, new RecordingLogger<FastAgiServer>());

        using var peer = new TcpClient();
        await peer.ConnectAsync(server.LocalEndPoint).WaitAsync(Timeout);
        var stream = peer.GetStream();
        await stream.WriteAsync("agi_network_script: long\n\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var line = await new StreamReader(stream, Encoding.UTF8).ReadLineAsync().WaitAsync(Timeout);
        await stream.WriteAsync("200 result=1\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var (tooLong, fits) = await outcome.Task.WaitAsync(Timeout);

        Assert.That(line, Is.EqualTo("VERBOSE \"" + new string('y', 2034) + "\" 1"), "the first command on the wire is the one that fits (2047 bytes with its newline)");
        Assert.That(Encoding.UTF8.GetByteCount(line + "\n"), Is.EqualTo(AgiSession.MaxCommandBytes));
        Assert.That(tooLong, Is.TypeOf<AgiCommandTooLongException>().With.Property(nameof(AgiCommandTooLongException.Bytes)).EqualTo(2048));
        Assert.That(tooLong!.Message, Does.Contain("VERBOSE").And.Not.Contain("13812345678").And.Not.Contain("xxxx"), "the message names the verb, never the text");
        Assert.That(fits, Is.Null);
    }

    [Test]
    public async Task Accepted_connections_use_tcp_keepalive()
    {
        var probe = new TaskCompletionSource<(int On, int Time, int Interval, int Count)>();
        var router = new AgiScriptRouter().Map("probe", (session, _) =>
        {
            var socket = session.Socket;
            probe.TrySetResult((
                (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!,
                (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!,
                (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!,
                (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!));
            return Task.CompletedTask;
        });
        await using var server = await StartAsync(router, new RecordingLogger<FastAgiServer>(), o => o.KeepAliveTime = TimeSpan.FromSeconds(45));

        using var peer = new TcpClient();
        await peer.ConnectAsync(server.LocalEndPoint).WaitAsync(Timeout);
        await peer.GetStream().WriteAsync("agi_network_script: probe\n\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var (on, time, interval, count) = await probe.Task.WaitAsync(Timeout);

        Assert.That(on, Is.Not.Zero, "SO_KEEPALIVE");
        Assert.That((time, interval, count), Is.EqualTo((45, 10, 3)), "first probe after KeepAliveTime, then every 10 s, 3 probes");
    }

    [Test]
    public async Task Get_data_may_take_its_timeout_per_digit_plus_the_command_timeout_and_then_closes_the_session()
    {
        var time = new FakeTimeProvider();
        var sessions = new TaskCompletionSource<AgiSession>();
        var outcome = new TaskCompletionSource<Exception>();
        var router = new AgiScriptRouter().Map("digits", async (session, token) =>
        {
            sessions.TrySetResult(session);
            try
            {
                await session.GetDataAsync("enter-policy", TimeSpan.FromSeconds(5), 4, CancellationToken.None);
            }
            catch (Exception ex)
            {
                outcome.TrySetResult(ex);
            }
        });
        var logger = new RecordingLogger<FastAgiServer>();
        await using var server = await StartAsync(router, logger, o => o.CommandTimeout = TimeSpan.FromSeconds(10), time);

        using var peer = new TcpClient();
        await peer.ConnectAsync(server.LocalEndPoint).WaitAsync(Timeout);
        var stream = peer.GetStream();
        await stream.WriteAsync("agi_network_script: digits\nagi_uniqueid: u7\n\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var reader = new StreamReader(stream, Encoding.UTF8);
        Assert.That(await reader.ReadLineAsync().WaitAsync(Timeout), Is.EqualTo("GET DATA enter-policy 5000 4"));
        var session = await sessions.Task.WaitAsync(Timeout);

        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1)); // 4 digits x 5 s + 10 s
        Assert.That(session.IsClosed, Is.False, "Asterisk may legitimately take that long");
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(session.IsClosed, Is.True);
        Assert.That(await outcome.Task.WaitAsync(Timeout), Is.TypeOf<AgiReplyTimeoutException>().With.Message.Contains("GET DATA"));
        Assert.That(await reader.ReadLineAsync().WaitAsync(Timeout), Is.Null, "the connection is closed: a late reply would answer the next command");
        Assert.That(logger.WithId(1109), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_session_with_no_command_outstanding_for_the_idle_timeout_is_closed_and_its_script_cancelled()
    {
        var time = new FakeTimeProvider();
        var answered = new TaskCompletionSource<AgiSession>();
        var cancelled = new TaskCompletionSource();
        var router = new AgiScriptRouter().Map("stuck", async (session, token) =>
        {
            await session.AnswerAsync(token);
            answered.TrySetResult(session);
            try
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, token); // a lookup that never returns
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }
        });
        await using var server = await StartAsync(router, new RecordingLogger<FastAgiServer>(), o => o.IdleTimeout = TimeSpan.FromMinutes(1), time);

        using var peer = new TcpClient();
        await peer.ConnectAsync(server.LocalEndPoint).WaitAsync(Timeout);
        var stream = peer.GetStream();
        await stream.WriteAsync("agi_network_script: stuck\n\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var reader = new StreamReader(stream, Encoding.UTF8);
        Assert.That(await reader.ReadLineAsync().WaitAsync(Timeout), Is.EqualTo("ANSWER"));
        await stream.WriteAsync("200 result=0\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var session = await answered.Task.WaitAsync(Timeout);

        time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1));
        Assert.That(session.IsClosed, Is.False);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(session.IsClosed, Is.True);
        await cancelled.Task.WaitAsync(Timeout);
        Assert.That(await reader.ReadLineAsync().WaitAsync(Timeout), Is.Null);
    }

    internal static async Task<FastAgiServer> StartAsync(AgiScriptRouter router, RecordingLogger<FastAgiServer> logger, Action<FastAgiOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new FastAgiOptions { ListenAddress = "127.0.0.1", Port = 0, DrainTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        var server = new FastAgiServer(Options.Create(options), router, time ?? TimeProvider.System, logger);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            Assert.That(deadline.IsCancellationRequested, Is.False, "condition not reached within 10 s");
            await Task.Delay(5, CancellationToken.None);
        }
    }
}
