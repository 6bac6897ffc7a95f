using System.Diagnostics;
using System.Text;

namespace ContactCenter.Telephony.Ivr;

/// <summary>A prompt tool (espeak-ng, sox) is missing or failed.</summary>
public sealed class IvrPromptToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IvrPromptToolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IvrPromptToolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public IvrPromptToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Generates telephone-quality prompts (8 kHz, mono, 16-bit PCM WAV) from each prompt's zh-CN and en text with
/// espeak-ng (voices <c>cmn</c> and <c>en</c>) and sox, into <c>&lt;out&gt;/&lt;lang&gt;/&lt;flow&gt;-&lt;prompt&gt;.wav</c>,
/// the layout the runtime plays from (<see cref="IvrOptions.PromptDirectory"/>). Prompts with a recorded
/// <c>audio</c> file are skipped. Needs the Debian packages <c>espeak-ng</c> and <c>sox</c>.
/// </summary>
public static class IvrPromptGenerator
{
    private static readonly Dictionary<string, string> Voices = new(StringComparer.Ordinal) { ["zh-CN"] = "cmn", ["en"] = "en" };

    /// <summary>True when espeak-ng and sox are on the PATH.</summary>
    public static bool ToolsAvailable() => FindOnPath("espeak-ng") is not null && FindOnPath("sox") is not null;

    /// <summary>Generates every prompt of <paramref name="flows"/>; returns how many files were written.</summary>
    public static async Task<int> GenerateAsync(IEnumerable<IvrFlow> flows, string outputDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flows);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        ArgumentNullException.ThrowIfNull(log);
        var espeak = FindOnPath("espeak-ng") ?? throw new IvrPromptToolException("espeak-ng was not found on the PATH (Debian: apt-get install -y espeak-ng sox).");
        var sox = FindOnPath("sox") ?? throw new IvrPromptToolException("sox was not found on the PATH (Debian: apt-get install -y espeak-ng sox).");

        var jobs = flows.SelectMany(flow => flow.Prompts.Values
                .Where(p => p.Audio is null)
                .SelectMany(p => p.Text.Where(t => Voices.ContainsKey(t.Key) && !string.IsNullOrWhiteSpace(t.Value))
                    .Select(t => (Flow: flow.Name, Prompt: p.Id, Language: t.Key, Text: t.Value))))
            .ToList();
        foreach (var language in jobs.Select(j => j.Language).Distinct())
        {
            Directory.CreateDirectory(Path.Combine(outputDirectory, language));
        }

        var written = 0;
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (job, token) =>
        {
            var target = Path.Combine(outputDirectory, job.Language, IvrPromptFiles.BaseName(job.Flow, job.Prompt) + ".wav");
            var raw = target + ".tts.wav";
            try
            {
                await RunAsync(espeak, ["-v", Voices[job.Language], "-s", "150", "-w", raw, "--stdin"], job.Text, token).ConfigureAwait(false);
                await RunAsync(sox, [raw, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", target, "gain", "-n", "-3"], null, token).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(raw);
            }
            Interlocked.Increment(ref written);
        }).ConfigureAwait(false);
        await log.WriteLineAsync($"{written} prompt file(s) written to {outputDirectory}".AsMemory(), cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static async Task RunAsync(string tool, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new IvrPromptToolException($"{Path.GetFileName(tool)} could not be started.");
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new IvrPromptToolException($"{Path.GetFileName(tool)} exited with {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}");
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
