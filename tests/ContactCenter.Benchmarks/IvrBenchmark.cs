using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ContactCenter.Core.Surveys;
using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Ivr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// IVR load: N callers (default 1,000) at once, each calling the shipped <c>satisfaction-survey</c> flow over and
/// over through the real FastAGI server on loopback. A caller listens to each prompt for 1–3 s and keys a score
/// 0.5–1.5 s into the question (real prompts are longer: this is more calls per second than a real survey). The step latency is measured on the caller's side: from
/// the moment Asterisk's reply is written to the moment the IVR's next command arrives (the time the IVR takes
/// to react; the caller's own listening time is excluded).
/// Options: <c>--sessions N</c>, <c>--seconds S</c> (default 20), <c>--flows DIR</c> (default: <c>ivr-flows</c> found upwards).
/// </summary>
internal sealed class IvrBenchmark : IBenchmark
{
    public string Name => "ivr";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var sessions = Option(args, "--sessions", 1000);
        var seconds = Option(args, "--seconds", 20);
        var flowDirectory = args.SkipWhile(a => a != "--flows").Skip(1).FirstOrDefault() ?? FindFlows();
        var catalog = await IvrFlowLibrary.ReadCatalogAsync(flowDirectory, cancellationToken);
        var flow = (await IvrFlowLibrary.LoadAsync(flowDirectory, catalog, cancellationToken)).Single(f => f.Name == "satisfaction-survey");

        var prompts = Directory.CreateTempSubdirectory("cc-ivr-bench-").FullName;
        try
        {
            foreach (var language in new[] { "zh-CN", "en" })
            {
                Directory.CreateDirectory(Path.Combine(prompts, language));
                foreach (var prompt in flow.Prompts.Keys)
                {
                    await File.WriteAllBytesAsync(Path.Combine(prompts, language, $"{flow.Name}-{prompt}.wav"), [], cancellationToken);
                }
            }
            var sink = new CountingSink();
            var runtime = new IvrRuntime(Options.Create(new IvrOptions { PromptDirectory = prompts, DefaultSiteCode = "gz" }), sink, new NoCustomerLookup(),
                new HomeSiteIvrRouter(), new AlwaysOpenBusinessHours(), TimeProvider.System, NullLogger<IvrRuntime>.Instance);
            var router = runtime.Map(new AgiScriptRouter(), [flow]);
            await using var server = new FastAgiServer(Options.Create(new FastAgiOptions { Port = 0, DrainTimeout = TimeSpan.FromMilliseconds(500) }),
                router, TimeProvider.System, NullLogger<FastAgiServer>.Instance);
            await server.StartAsync(cancellationToken);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            var latencies = new List<long>[sessions];
            var completed = new int[sessions];
            var started = Stopwatch.GetTimestamp();
            var callers = Enumerable.Range(0, sessions).Select(i => Task.Run(async () =>
            {
                var random = new Random(i);
                latencies[i] = new List<long>(256);
                await Task.Delay(random.Next(0, 3000), CancellationToken.None);
                while (!stop.IsCancellationRequested)
                {
                    await CallerAsync(server.LocalEndPoint, $"b{i}-{completed[i]}", random, latencies[i], cancellationToken);
                    completed[i]++;
                }
            }, CancellationToken.None)).ToArray();
            var peak = 0;
            while (!Task.WhenAll(callers).IsCompleted)
            {
                peak = Math.Max(peak, server.ActiveSessions);
                await Task.Delay(20, CancellationToken.None);
            }
            await Task.WhenAll(callers);
            var elapsed = Stopwatch.GetElapsedTime(started);

            var all = latencies.SelectMany(l => l).Order().ToArray();
            double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
            var p50 = Ms(all[all.Length / 2]);
            var p99 = Ms(all[(int)(all.Length * 0.99)]);
            var max = Ms(all[^1]);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sessions:N0} callers, {completed.Sum():N0} survey calls ({sink.Rated:N0} rated) in {elapsed.TotalSeconds:F1} s, peak {peak} server sessions, {all.Length:N0} steps: p50 {p50:F3} ms, p99 {p99:F3} ms, max {max:F1} ms"));
            return string.Create(CultureInfo.InvariantCulture, $"{sessions} concurrent survey sessions, p99 step latency {p99:F3} ms");
        }
        finally
        {
            Directory.Delete(prompts, recursive: true);
        }
    }

    private static async Task CallerAsync(IPEndPoint server, string callId, Random random, List<long> latencies, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server, cancellationToken);
        var stream = client.GetStream();
        var environment = $"agi_network: yes\nagi_network_script: survey?callid={callId}\nagi_channel: PJSIP/caller-00000000\nagi_uniqueid: {callId}\nagi_callerid: 13800000000\n\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(environment), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 512, leaveOpen: true);
        var score = (char)('1' + random.Next(5));
        long? replied = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } command)
        {
            if (replied is { } at)
            {
                latencies.Add(Stopwatch.GetTimestamp() - at);
            }
            string reply;
            if (command.StartsWith("STREAM FILE", StringComparison.Ordinal))
            {
                var question = command.Contains("-rate", StringComparison.Ordinal);
                await Task.Delay(question ? random.Next(500, 1500) : random.Next(1000, 3000), cancellationToken);
                reply = question ? $"200 result={(int)score} endpos=4000" : "200 result=0 endpos=8000";
            }
            else if (command.StartsWith("GET VARIABLE MEMBERNAME", StringComparison.Ordinal))
            {
                reply = "200 result=1 (agent-1001)";
            }
            else if (command.StartsWith("GET VARIABLE QUEUENAME", StringComparison.Ordinal))
            {
                reply = "200 result=1 (complaints)";
            }
            else
            {
                reply = command switch
                {
                    "CHANNEL STATUS" => "200 result=6",
                    _ when command.StartsWith("GET VARIABLE", StringComparison.Ordinal) => "200 result=0",
                    _ => "200 result=1",
                };
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\n"), cancellationToken);
            replied = Stopwatch.GetTimestamp();
        }
        try
        {
            await stream.WriteAsync("HANGUP\n"u8.ToArray(), cancellationToken);
        }
        catch (IOException)
        {
            // The server closed both directions.
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string FindFlows()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "ivr-flows")))
            {
                return Path.Combine(dir.FullName, "ivr-flows");
            }
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "ivr-flows");
    }

    private sealed class CountingSink : IIvrResultSink
    {
        private int _rated;

        public int Rated => Volatile.Read(ref _rated);

        public Task StepAsync(IvrStepRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RunEndedAsync(IvrRunRecord run, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SurveyAsync(SurveyResult result, CancellationToken cancellationToken)
        {
            if (result.IsRated)
            {
                Interlocked.Increment(ref _rated);
            }
            return Task.CompletedTask;
        }
    }
}
