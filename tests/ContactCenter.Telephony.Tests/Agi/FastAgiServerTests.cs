using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Tests.Agi;

public class FastAgiServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [TestCase("s1-answered-survey/agi01-hotline", "normal", "beep")]
    [TestCase("s2-abandoned/agi01-hotline", "normal", "beep")]
    [TestCase("s4-agent-control/agi01-hotline", "normal", "beep")]
    [TestCase("s9a-agi-hangup-in-getdata/agi01-hotline", "deadprobe", "beep")]
    [TestCase("s9b-agi-hangup-in-streamfile/agi01-hotline", "deadprobe", "demo-congrats")]
    [TestCase("s9c-agi-hangup-while-idle/agi01-hotline", "slow", "beep")]
    [TestCase("s1-answered-survey/agi02-survey", "normal", "beep")]
    [TestCase("s4-agent-control/agi02-survey", "normal", "beep")]
    [TestCase("s7-recording/agi02-survey", "normal", "beep")]
    [TestCase("s10-agi-edge/agi01-edge", "normal", "beep")]
    public async Task The_server_writes_exactly_the_recorded_commands(string fixture, string mode, string prompt)
    {
        var results = new ConcurrentQueue<ScriptResult>();
        await using var server = await StartAsync(Router(results, mode, prompt));

        var written = await AgiReplayPeer.RunAsync(server.LocalEndPoint, fixture, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(Encoding.UTF8.GetString(written), Is.EqualTo(Encoding.UTF8.GetString(Fixtures.Bytes(fixture + ".agi.out"))));
        await WaitUntilAsync(() => !results.IsEmpty);
        Assert.That(results.Single().Error, Is.Null);
    }

    [Test]
    public async Task S1_hotline_and_survey_read_the_policy_digits_and_the_score_4()
    {
        var results = new ConcurrentQueue<ScriptResult>();
        await using var server = await StartAsync(Router(results, "normal", "beep"));

        await AgiReplayPeer.RunAsync(server.LocalEndPoint, "s1-answered-survey/agi01-hotline", CancellationToken.None).WaitAsync(Timeout);
        await AgiReplayPeer.RunAsync(server.LocalEndPoint, "s1-answered-survey/agi02-survey", CancellationToken.None).WaitAsync(Timeout);
        await WaitUntilAsync(() => results.Count == 2);

        var hotline = results.Single(r => r.Script == "hotline");
        var survey = results.Single(r => r.Script == "survey");
        Assert.That(hotline.Values["digits"], Is.EqualTo("300125"));
        Assert.That(hotline.HungUpDuringScript, Is.False, "the trailing HANGUP after the half-close is not a caller hang-up during the script");
        Assert.That(survey.Values["callid"], Is.EqualTo("site-a-1795458297.0"));
        Assert.That(survey.Values["score"], Is.EqualTo("4"), "WAIT FOR DIGIT returned 52, the ASCII code of '4'");
    }

    [Test]
    public async Task S9_hang_ups_cancel_the_session_token_and_later_replies_stay_in_step()
    {
        foreach (var (fixture, mode, prompt) in new[]
        {
            ("s9a-agi-hangup-in-getdata/agi01-hotline", "deadprobe", "beep"),
            ("s9b-agi-hangup-in-streamfile/agi01-hotline", "deadprobe", "demo-congrats"),
            ("s9c-agi-hangup-while-idle/agi01-hotline", "slow", "beep"),
        })
        {
            var results = new ConcurrentQueue<ScriptResult>();
            await using var server = await StartAsync(Router(results, mode, prompt));
            await AgiReplayPeer.RunAsync(server.LocalEndPoint, fixture, CancellationToken.None).WaitAsync(Timeout);
            await WaitUntilAsync(() => !results.IsEmpty);
            var result = results.Single();

            Assert.That(result.HungUpDuringScript, Is.True, fixture);
            Assert.That(result.Values["intent"], Is.EqualTo("complaint"), $"{fixture}: GET VARIABLE still works after the hang-up");
            Assert.That(result.Values["stream-after-hangup"], Is.EqualTo("511"), $"{fixture}: media commands get 511 on a dead channel");
            Assert.That(result.Values["noop"], Is.EqualTo("0"), fixture);
        }
    }

    [Test]
    public async Task S10_edge_replies_are_parsed_exactly()
    {
        var results = new ConcurrentQueue<ScriptResult>();
        await using var server = await StartAsync(Router(results, "normal", "beep"));

        await AgiReplayPeer.RunAsync(server.LocalEndPoint, "s10-agi-edge/agi01-edge", CancellationToken.None).WaitAsync(Timeout);
        await WaitUntilAsync(() => !results.IsEmpty);
        var v = results.Single().Values;

        Assert.That(v["status-before"], Is.EqualTo("4"));
        Assert.That(v["status-after"], Is.EqualTo("6"));
        Assert.That(v["callerid-name"], Is.EqualTo("张三"));
        Assert.That(v["missing"], Is.EqualTo("(null)"));
        Assert.That(v["full"], Is.EqualTo("site-a-1795458511.3|95520|13812345678"));
        Assert.That(v["note"], Is.EqualTo("two words, a comma and \"quotes\""));
        Assert.That(v["db-get"], Is.EqualTo("13812345678"));
        Assert.That(v["db-missing"], Is.EqualTo("0"));
        Assert.That(v["exec-missing"], Is.EqualTo("-2"));
        Assert.That(v["missing-file"], Is.EqualTo("-1/0"));
        Assert.That(v["foo"], Is.EqualTo("510 Invalid or unknown command"));
        Assert.That(v["usage-code"], Is.EqualTo("520"));
        Assert.That(v["usage"], Does.Contain("<replaceable>timeout</replaceable>"));
        Assert.That(v["getdata"], Is.EqualTo("7"));
        Assert.That(v["hungup-after-noop"], Is.EqualTo("True"));
        Assert.That(v["script"], Is.EqualTo("edge"));
        Assert.That(v["query"], Is.EqualTo("zh-CN|a b"));
        Assert.That(v["args"], Is.EqualTo("first arg|second quoted arg||last"));
    }

    [Test]
    public async Task A_peer_that_closes_mid_command_ends_the_session_cleanly()
    {
        var started = new TaskCompletionSource();
        var outcome = new TaskCompletionSource<Exception?>();
        var router = new AgiScriptRouter().Map("hold", async (session, token) =>
        {
            started.TrySetResult();
            try
            {
                await session.SendCommandAsync(new AgiCommand("WAIT FOR DIGIT").Arg(-1), CancellationToken.None);
                outcome.TrySetResult(null);
            }
            catch (Exception ex)
            {
                outcome.TrySetResult(ex);
                throw;
            }
        });
        await using var server = await StartAsync(router);

        using (var peer = new TcpClient())
        {
            await peer.ConnectAsync(server.LocalEndPoint);
            await peer.GetStream().WriteAsync("agi_network_script: hold\n\n"u8.ToArray());
            var command = new byte["WAIT FOR DIGIT -1\n".Length];
            await peer.GetStream().ReadExactlyAsync(command).AsTask().WaitAsync(Timeout);
            Assert.That(Encoding.ASCII.GetString(command), Is.EqualTo("WAIT FOR DIGIT -1\n"));
        }

        Assert.That(await outcome.Task.WaitAsync(Timeout), Is.InstanceOf<AgiSessionClosedException>());
        await WaitUntilAsync(() => server.ActiveSessions == 0);
    }

    [Test]
    public async Task A_thousand_concurrent_sessions_each_get_their_own_replies()
    {
        var router = new AgiScriptRouter().Map("echo", async (session, token) =>
        {
            var value = await session.GetVariableAsync("N", token);
            await session.SetVariableAsync("ECHO", value ?? "?", token);
        });
        await using var server = await StartAsync(router);

        var peers = Enumerable.Range(0, 1000).Select(async n =>
        {
            using var peer = new TcpClient();
            await peer.ConnectAsync(server.LocalEndPoint);
            var stream = peer.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"agi_network_script: echo\nagi_uniqueid: u{n}\n\n"));
            var reader = new StreamReader(stream, Encoding.UTF8);
            var get = await reader.ReadLineAsync();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"200 result=1 ({n})\n"));
            var set = await reader.ReadLineAsync();
            await stream.WriteAsync("200 result=1\n"u8.ToArray());
            return (get, set, n);
        }).ToList();
        var outcomes = await Task.WhenAll(peers).WaitAsync(Timeout);

        Assert.That(outcomes.All(o => o.get == "GET VARIABLE N" && o.set == $"SET VARIABLE ECHO \"{o.n}\""), Is.True);
    }

    [Test]
    public void Replies_are_parsed_precisely()
    {
        var timeout = AgiReply.Parse(["200 result= (timeout)"]);
        var greedy = AgiReply.Parse(["200 result=1 (a (b) | \"c\")"]);
        var stream = AgiReply.Parse(["200 result=52 endpos=12736"]);
        var usage = AgiReply.Parse(["520-Invalid command syntax.  Proper usage follows:", "Usage line", "520 End of proper usage."]);

        Assert.That((timeout.Result, timeout.IsTimeout, timeout.ResultCode), Is.EqualTo((string.Empty, true, (int?)null)));
        Assert.That(greedy.Data, Is.EqualTo("a (b) | \"c\""));
        Assert.That((stream.Digit, stream.EndPosition), Is.EqualTo(((char?)'4', (long?)12736)));
        Assert.That((usage.Code, usage.Text), Is.EqualTo((520, "Usage line")));
        Assert.That(AgiReply.Parse(["511 Command Not Permitted on a dead channel or intercept routine"]).IsSuccess, Is.False);
    }

    [Test]
    public void Commands_are_quoted_and_escaped_and_end_with_a_bare_newline()
    {
        Assert.That(Encoding.UTF8.GetString(new AgiCommand("SET VARIABLE").Arg("CC_NOTE").Quoted("two words, \"q\" \\ end").ToBytes()),
            Is.EqualTo("SET VARIABLE CC_NOTE \"two words, \\\"q\\\" \\\\ end\"\n"));
        Assert.That(new AgiCommand("STREAM FILE").Arg("beep").Arg(string.Empty).Line, Is.EqualTo("STREAM FILE beep \"\""));
        Assert.That(new AgiCommand("EXEC").Arg("NoOp").Arg("has space").Line, Is.EqualTo("EXEC NoOp \"has space\""));
        Assert.That(() => new AgiCommand("VERBOSE").Quoted("a\r\nHANGUP"), Throws.ArgumentException);
    }

    [Test]
    public void Command_bytes_are_the_utf8_line_even_when_a_surrogate_pair_spans_the_builders_chunks()
    {
        for (var prefix = 0; prefix < 64; prefix++)
        {
            var command = new AgiCommand("VERBOSE").Quoted(new string('x', prefix) + "投诉😀" + new string('y', prefix)).Arg(1);
            for (var i = 0; i < prefix; i++)
            {
                command.Arg("z"); // more appends, more chunks
            }

            Assert.That(command.ToBytes(), Is.EqualTo(Encoding.UTF8.GetBytes(command.Line + "\n")), $"prefix {prefix}");
        }
    }

    private sealed record ScriptResult(string Script, Dictionary<string, string> Values, bool HungUpDuringScript, Exception? Error);

    private static async Task<FastAgiServer> StartAsync(AgiScriptRouter router)
    {
        var server = new FastAgiServer(
            Options.Create(new FastAgiOptions { ListenAddress = "127.0.0.1", Port = 0, DrainTimeout = TimeSpan.FromSeconds(5) }),
            router, TimeProvider.System, new RecordingLogger<FastAgiServer>());
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
        while (!condition())
        {
            Assert.That(Environment.TickCount64, Is.LessThan(deadline), "condition not reached in time");
            await Task.Delay(10);
        }
    }

    /// <summary>The scripts of tools/fastagi_logger.py, written against the typed API.</summary>
    private static AgiScriptRouter Router(ConcurrentQueue<ScriptResult> results, string mode, string prompt)
    {
        return new AgiScriptRouter()
            .Map("hotline", (s, _) => Run(s, "hotline", results, v => HotlineAsync(s, v, mode, prompt)))
            .Map("survey", (s, _) => Run(s, "survey", results, v => SurveyAsync(s, v)))
            .Map("edge", (s, _) => Run(s, "edge", results, v => EdgeAsync(s, v)));
    }

    private static async Task Run(AgiSession session, string name, ConcurrentQueue<ScriptResult> results, Func<Dictionary<string, string>, Task> body)
    {
        var values = new Dictionary<string, string>();
        Exception? error = null;
        try
        {
            await body(values);
        }
        catch (Exception ex)
        {
            error = ex;
        }
        results.Enqueue(new ScriptResult(name, values, session.IsHungUp, error));
    }

    private static async Task HotlineAsync(AgiSession s, Dictionary<string, string> v, string mode, string prompt)
    {
        var none = CancellationToken.None;
        if (await s.ChannelStatusAsync(none) != 6)
        {
            await s.AnswerAsync(none);
        }
        await s.StreamFileAsync(prompt, "0123456789#", none);
        var data = await s.SendCommandAsync(new AgiCommand("GET DATA").Arg("beep").Arg(3000).Arg(6), none);
        var digits = data.IsSuccess && data.ResultCode != -1 ? data.Result ?? string.Empty : string.Empty;
        v["digits"] = digits;
        var hung = !data.IsSuccess || data.ResultCode == -1 || s.IsHungUp;
        if (mode == "slow")
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), s.HangupToken); // the CRM lookup; the unsolicited HANGUP cuts it short
            }
            catch (OperationCanceledException)
            {
                v["idle-cancelled-by-hangup"] = "True";
            }
        }
        if (hung && mode == "normal")
        {
            return;
        }
        await s.SetVariableAsync("CC_POLICY", digits, none);
        await s.SendCommandAsync(new AgiCommand("SET VARIABLE").Arg("CC_INTENT").Arg("complaint"), none);
        if (mode is "deadprobe" or "slow" && (hung || s.IsHungUp))
        {
            v["intent"] = await s.GetVariableAsync("CC_INTENT", none) ?? "(null)";
            v["stream-after-hangup"] = (await s.SendCommandAsync(new AgiCommand("STREAM FILE").Arg("beep").Quoted(string.Empty), none)).Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            v["noop"] = (await s.SendCommandAsync(new AgiCommand("NOOP"), none)).Result ?? "?";
        }
    }

    private static async Task SurveyAsync(AgiSession s, Dictionary<string, string> v)
    {
        var none = CancellationToken.None;
        v["callid"] = s.Request.Query.GetValueOrDefault("callid", string.Empty);
        await s.SetVariableAsync("SURVEY_CALLID", v["callid"], none);
        var reply = await s.StreamFileAsync("queue-thankyou", "12345", none);
        var digit = reply.Digit;
        if (reply.ResultCode == 0)
        {
            reply = await s.WaitForDigitAsync(TimeSpan.FromMilliseconds(5000), none);
            digit = reply.Digit;
        }
        if (digit is >= '1' and <= '5')
        {
            v["score"] = digit.Value.ToString();
            await s.SendCommandAsync(new AgiCommand("SET VARIABLE").Arg("SURVEY_SCORE").Arg(v["score"]), none);
            await s.SendCommandAsync(new AgiCommand("SET VARIABLE").Arg("SURVEY_STATUS").Arg("rated"), none);
        }
        else
        {
            v["score"] = string.Empty;
            await s.SetVariableAsync("SURVEY_SCORE", string.Empty, none);
            await s.SendCommandAsync(new AgiCommand("SET VARIABLE").Arg("SURVEY_STATUS").Arg("not-rated"), none);
        }
        if (reply.ResultCode != -1)
        {
            await s.StreamFileAsync("auth-thankyou", string.Empty, none);
        }
    }

    private static async Task EdgeAsync(AgiSession s, Dictionary<string, string> v)
    {
        var none = CancellationToken.None;
        static string Str(int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(null)";
        v["script"] = s.Request.Script;
        v["query"] = s.Request.Query["lang"] + "|" + s.Request.Query["note"];
        v["args"] = string.Join('|', s.Request.Arguments);
        v["status-before"] = Str(await s.ChannelStatusAsync(none));
        await s.AnswerAsync(none);
        v["status-after"] = Str(await s.ChannelStatusAsync(none));
        v["callerid-name"] = await s.GetVariableAsync("CALLERID(name)", none) ?? "(null)";
        v["missing"] = await s.GetVariableAsync("NO_SUCH_VARIABLE", none) ?? "(null)";
        v["full"] = await s.GetFullVariableAsync("${CHANNEL(linkedid)}|${EXTEN}|${CALLERID(num)}", none) ?? "(null)";
        await s.SetVariableAsync("CC_NOTE", "two words, a comma and \"quotes\"", none);
        v["note"] = await s.GetVariableAsync("CC_NOTE", none) ?? "(null)";
        await s.VerboseAsync("hello from the FastAGI edge script", 1, none);
        await s.SendCommandAsync(new AgiCommand("DATABASE PUT").Arg("cc").Arg("last-caller").Quoted("13812345678"), none);
        v["db-get"] = (await s.SendCommandAsync(new AgiCommand("DATABASE GET").Arg("cc").Arg("last-caller"), none)).Data ?? "(null)";
        v["db-missing"] = (await s.SendCommandAsync(new AgiCommand("DATABASE GET").Arg("cc").Arg("no-such-key"), none)).Result ?? "?";
        await s.SendCommandAsync(new AgiCommand("DATABASE DEL").Arg("cc").Arg("last-caller"), none);
        await s.ExecAsync("NoOp", "exec from agi", none);
        v["exec-missing"] = (await s.SendCommandAsync(new AgiCommand("EXEC").Arg("NoSuchApplication").Arg("foo"), none)).Result ?? "?";
        var missingFile = await s.StreamFileAsync("no-such-sound-file", string.Empty, none);
        v["missing-file"] = $"{missingFile.Result}/{missingFile.EndPosition}";
        await s.SayDigitsAsync("123", string.Empty, none);
        await s.SendCommandAsync(new AgiCommand("NOOP"), none);
        var foo = await s.SendCommandAsync(new AgiCommand("FOO BAR"), none);
        v["foo"] = $"{foo.Code} {foo.Text}";
        var usage = await s.SendCommandAsync(new AgiCommand("WAIT FOR DIGIT"), none);
        v["usage-code"] = Str(usage.Code);
        v["usage"] = usage.Text;
        v["getdata"] = (await s.GetDataAsync("beep", TimeSpan.FromSeconds(10), 4, none)).Result ?? "?";
        await s.HangupAsync(none);
        await s.SendCommandAsync(new AgiCommand("NOOP"), none);
        v["hungup-after-noop"] = s.IsHungUp.ToString();
        await s.SendCommandAsync(new AgiCommand("STREAM FILE").Arg("beep").Quoted(string.Empty), none);
    }
}
