using System.Diagnostics;
using System.Globalization;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// One real Asterisk 22.5 process for one site, from the shipped <c>telephony-config/site-&lt;code&gt;/</c> files
/// plus <see cref="TelephonyOverlay"/> and the system configs of <c>../shared/fixtures/asterisk-22/config/site-a</c>
/// (modules, logger, rtp, cdr...), in its own folders under the fixture's temp directory.
/// </summary>
public sealed class AsteriskSite : IAsyncDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private Process? _process;

    public AsteriskSite(SitePlan plan, SitePlan other, string root, string promptDirectory)
    {
        Plan = plan;
        Other = other;
        Root = Path.Combine(root, "site-" + plan.Code);
        PromptDirectory = promptDirectory;
    }

    public SitePlan Plan { get; }

    public SitePlan Other { get; }

    public string Root { get; }

    public string PromptDirectory { get; }

    public string Etc => Path.Combine(Root, "etc");

    public string LogDir => Path.Combine(Root, "log");

    public string Monitor => Path.Combine(Root, "spool", "monitor");

    private string ConfigFile => Path.Combine(Etc, "asterisk.conf");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is null)
        {
            WriteConfiguration();
        }

        var output = Path.Combine(LogDir, "console.log");
        _process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exec '{Locations.AsteriskBinary}' -C '{ConfigFile}' -f -n -g >> '{output}' 2>&1"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        }) ?? throw new InvalidOperationException("Asterisk did not start.");
        await WaitBootedAsync(cancellationToken);
    }

    /// <summary>Runs one CLI command on this instance (<c>asterisk -rx</c>) and returns its output.</summary>
    public async Task<string> CliAsync(string command, CancellationToken cancellationToken)
    {
        var (code, output) = await Tool.RunAsync(Locations.AsteriskBinary, ["-C", ConfigFile, "-rx", command], TimeSpan.FromSeconds(30), cancellationToken);
        return code == 0 ? output : throw new InvalidOperationException($"asterisk -rx '{command}' at site {Plan.Code} exited {code}: {output}");
    }

    /// <summary>Stops Asterisk at once (calls are cut), as a crash or a <c>core stop now</c> would.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        try
        {
            await Tool.RunAsync(Locations.AsteriskBinary, ["-C", ConfigFile, "-rx", "core stop now"], TimeSpan.FromSeconds(10), cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception error) when (error is OperationCanceledException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The lines Asterisk's own <c>queue_log</c> holds now: its truth about every queue call.</summary>
    public IReadOnlyList<QueueLogLine> QueueLog()
    {
        var path = Path.Combine(LogDir, "queue_log");
        return File.Exists(path) ? [.. File.ReadAllLines(path).Select(QueueLogLine.Parse).OfType<QueueLogLine>()] : [];
    }

    public string ConsoleLog() => File.Exists(Path.Combine(LogDir, "console.log")) ? File.ReadAllText(Path.Combine(LogDir, "console.log")) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _process?.Dispose();
    }

    private async Task WaitBootedAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Asterisk for site {Plan.Code} exited with {_process.ExitCode} while starting:\n{Tail(ConsoleLog())}");
            }

            var (code, _) = await Tool.RunAsync(Locations.AsteriskBinary, ["-C", ConfigFile, "-rx", "core waitfullybooted"], TimeSpan.FromSeconds(30), cancellationToken);
            if (code == 0)
            {
                return;
            }

            if (deadline.Elapsed > BootTimeout)
            {
                throw new TimeoutException($"Asterisk for site {Plan.Code} did not boot in {BootTimeout.TotalSeconds} s:\n{Tail(ConsoleLog())}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private void WriteConfiguration()
    {
        foreach (var dir in new[] { "etc", "varlib", "spool", "spool/monitor", "run", "log", "cache", "agi-bin", "data", "data/moh" })
        {
            Directory.CreateDirectory(Path.Combine(Root, dir));
        }

        var data = Path.Combine(Root, "data");
        if (!Directory.Exists(Path.Combine(data, "documentation")))
        {
            Directory.CreateSymbolicLink(Path.Combine(data, "documentation"), Locations.AsteriskDocumentation);
        }

        // Hold music: one second of 8 kHz silence is enough for MusicOnHold to have a file to play.
        Wav.WriteSilence(Path.Combine(data, "moh", "silence.wav"), TimeSpan.FromSeconds(1));

        // System configs (modules, logger, cdr, cel, features...) from the recorded fixture set; the shipped files win.
        var system = Path.Combine(Locations.Fixtures, "config", "site-a");
        foreach (var file in Directory.GetFiles(system, "*.conf"))
        {
            var name = Path.GetFileName(file);
            if (name is not "asterisk.conf" and not "modules.conf" and not "rtp.conf" && !TelephonyOverlay.ShippedFiles.Contains(name))
            {
                File.Copy(file, Path.Combine(Etc, name), overwrite: true);
            }
        }

        // The fixture set kept WebRTC's websocket transport off; the shipped pjsip.conf has a wss transport, so it loads here.
        ConfText.Load(Path.Combine(system, "modules.conf"))
            .Replace("noload => res_pjsip_transport_websocket.so", "; res_pjsip_transport_websocket.so loads: telephony-config has a wss transport")
            .Save(Path.Combine(Etc, "modules.conf"));

        File.WriteAllText(Path.Combine(Etc, "rtp.conf"),
            $"[general]\nrtpstart = {Plan.AsteriskRtp.First}\nrtpend = {Plan.AsteriskRtp.Last}\n");

        File.WriteAllText(ConfigFile, string.Create(CultureInfo.InvariantCulture, $"""
            [directories]
            astetcdir => {Etc}
            astmoddir => {Locations.AsteriskModules}
            astvarlibdir => {Root}/varlib
            astdbdir => {Root}/varlib
            astkeydir => {Root}/varlib
            astdatadir => {data}
            astagidir => {Root}/agi-bin
            astspooldir => {Root}/spool
            astrundir => {Root}/run
            astlogdir => {LogDir}
            astcachedir => {Root}/cache

            [options]
            verbose = 3
            documentation_language = en_US
            defaultlanguage = en
            systemname = {Plan.Code}
            cache_record_files = no
            transmit_silence = yes

            """));

        TelephonyOverlay.Write(Plan, Other, Etc);
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}

/// <summary>One line of Asterisk's queue_log: <c>time|callid|queue|agent|event|data1|data2|...</c>.</summary>
public sealed record QueueLogLine(long Time, string CallId, string Queue, string Agent, string Event, IReadOnlyList<string> Data)
{
    public static QueueLogLine? Parse(string line)
    {
        var parts = line.Split('|');
        return parts.Length >= 5 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var time)
            ? new QueueLogLine(time, parts[1], parts[2], parts[3], parts[4], parts[5..])
            : null;
    }
}
