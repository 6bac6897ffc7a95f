using System.Diagnostics;
using System.Globalization;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// One sipp process (Debian's <c>sip-tester</c>) playing a <see cref="SippScenario"/>: a caller dialling a site, or
/// a phone listening at a seat's static contact. Its scenario, messages and errors are kept in the fixture folder.
/// </summary>
public sealed class Sipp : IAsyncDisposable
{
    private static int _scratch;
    private readonly Process _process;
    private int _disposed;

    private Sipp(Process process, string name, string directory)
    {
        _process = process;
        Name = name;
        Directory = directory;
    }

    public string Name { get; }

    public string Directory { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Dials <paramref name="service"/> at <paramref name="site"/> from <paramref name="localPort"/>: <paramref name="calls"/> calls at <paramref name="rate"/> per second, at most <paramref name="limit"/> at once.</summary>
    public static Sipp Call(CenterFixture center, SitePlan site, int localPort, SippScenario scenario, string service = "95518", int calls = 1, double rate = 1, int limit = 1)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(scenario);
        return Start(center, scenario, localPort, [$"127.0.0.1:{site.SipPort}", "-s", service, "-m", Num(calls), "-r", rate.ToString("0.###", CultureInfo.InvariantCulture), "-rp", "1000", "-l", Num(limit)]);
    }

    /// <summary>A phone at <paramref name="localPort"/> that serves calls with <paramref name="scenario"/> until disposed.</summary>
    public static Sipp Phone(CenterFixture center, int localPort, SippScenario scenario) =>
        Start(center, scenario, localPort, ["-m", "100000"]);

    /// <summary>Waits for the process to end; returns its exit code (0: every call passed the scenario).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"sipp {Name} did not finish in {timeout.TotalSeconds} s.\n{Errors()}");
        }

        return _process.ExitCode;
    }

    public string Errors()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*errors*").Concat(System.IO.Directory.GetFiles(Directory, "*.out"));
        return string.Join("\n", files.Select(f => $"--- {Path.GetFileName(f)}\n{Tail(File.ReadAllText(f))}"));
    }

    /// <summary>Stops sipp if it still runs; a second call does nothing (a test may dispose what the fixture also owns).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Sipp Start(CenterFixture center, SippScenario scenario, int localPort, IEnumerable<string> target)
    {
        var id = Interlocked.Increment(ref _scratch);
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(center.Root, "sipp", $"{id:000}-{scenario.Name}")).FullName;
        var file = Path.Combine(directory, "scenario.xml");
        File.WriteAllText(file, scenario.ToXml());
        // Control and media ports from the fixture's scratch range (offsets 800-999), four apart per process.
        var scratch = center.Ports[800 + (id * 4 % 200)];
        var args = new List<string>(target)
        {
            "-sf", file, "-i", "127.0.0.1", "-mi", "127.0.0.1", "-p", Num(localPort),
            "-mp", Num(scratch), "-cp", Num(scratch + 1),
            "-aa", "-nostdin", "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
        };
        var output = Path.Combine(directory, "sipp.out");
        var quoted = string.Join(' ', args.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        // sipp reads media/*.pcmu relative to its working folder: the recorded fixture's sipp folder.
        var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exec '{Locations.Sipp}' {quoted} > '{output}' 2>&1"])
        {
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(Locations.Fixtures, "sipp"),
        }) ?? throw new InvalidOperationException("sipp did not start.");
        return new Sipp(process, scenario.Name, directory);
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;
}
