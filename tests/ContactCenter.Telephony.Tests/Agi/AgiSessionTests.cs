using System.Net.Sockets;
using System.Text;
using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Options;

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
