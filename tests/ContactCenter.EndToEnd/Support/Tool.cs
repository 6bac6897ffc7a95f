using System.Diagnostics;
using System.Text;

namespace ContactCenter.EndToEnd.Support;

/// <summary>Runs a command line tool to the end, with a time limit, and returns its exit code and output.</summary>
public static class Tool
{
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file, args)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s.");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}

/// <summary>8 kHz 16-bit mono WAV files: silence for hold music, and the length of a rendered prompt.</summary>
public static class Wav
{
    public static void WriteSilence(string path, TimeSpan length)
    {
        var samples = (int)(8000 * length.TotalSeconds);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(8000);
        writer.Write(16000);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        writer.Write(new byte[samples * 2]);
    }

    /// <summary>How long a PCM WAV file plays (from its header's byte rate and data size).</summary>
    public static TimeSpan Length(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var byteRate = BitConverter.ToInt32(bytes, 28);
        for (var i = 12; i + 8 <= bytes.Length;)
        {
            var id = Encoding.ASCII.GetString(bytes, i, 4);
            var size = BitConverter.ToInt32(bytes, i + 4);
            if (id == "data")
            {
                return TimeSpan.FromSeconds((double)Math.Min(size, bytes.Length - i - 8) / byteRate);
            }

            i += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }
}
