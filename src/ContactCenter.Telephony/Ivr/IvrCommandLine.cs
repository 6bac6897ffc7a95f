namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// The <c>ivr</c> commands of the server's command line:
/// <list type="bullet">
/// <item><c>ivr validate &lt;dir&gt; [--queues a,b] [--sites x,y]</c>: prints every error as <c>file:line: message</c>;
/// exit code 0 when there are none, 1 otherwise. Queues and sites come from <c>catalog.json</c> in the
/// directory unless given.</item>
/// <item><c>ivr prompts &lt;dir&gt; &lt;out-dir&gt;</c>: validates, then writes 8 kHz WAV prompts with espeak-ng and sox.</item>
/// </list>
/// Exit code 2 for usage errors.
/// </summary>
public static class IvrCommandLine
{
    private const string Usage = "usage: ivr validate <flow-dir> [--queues a,b] [--sites x,y] | ivr prompts <flow-dir> <out-dir>";

    /// <summary>Runs the command in <paramref name="args"/> (with or without the leading <c>ivr</c>); returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var rest = args.Length > 0 && args[0] == "ivr" ? args[1..] : args;
        switch (rest)
        {
            case ["validate", var directory, .. var options]:
            {
                var (documents, exit) = await ValidateAsync(directory, options, output, cancellationToken).ConfigureAwait(false);
                if (documents is not null)
                {
                    var errors = documents.Sum(d => d.Diagnostics.Count);
                    await output.WriteLineAsync($"{documents.Count} flow file(s), {errors} error(s)".AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                return exit;
            }
            case ["prompts", var directory, var outputDirectory]:
            {
                var (documents, exit) = await ValidateAsync(directory, [], output, cancellationToken).ConfigureAwait(false);
                if (exit != 0 || documents is null)
                {
                    return exit;
                }
                try
                {
                    await IvrPromptGenerator.GenerateAsync(documents.Select(d => d.Flow!), outputDirectory, output, cancellationToken).ConfigureAwait(false);
                    return 0;
                }
                catch (IvrPromptToolException ex)
                {
                    await output.WriteLineAsync(("ivr prompts: " + ex.Message).AsMemory(), cancellationToken).ConfigureAwait(false);
                    return 1;
                }
            }
            default:
                await output.WriteLineAsync(Usage.AsMemory(), cancellationToken).ConfigureAwait(false);
                return 2;
        }
    }

    private static async Task<(IReadOnlyList<IvrFlowDocument>? Documents, int Exit)> ValidateAsync(
        string directory, string[] options, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            await output.WriteLineAsync($"ivr: no such directory '{directory}'".AsMemory(), cancellationToken).ConfigureAwait(false);
            return (null, 2);
        }
        var catalog = await IvrFlowLibrary.ReadCatalogAsync(directory, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--queues" when i + 1 < options.Length:
                    catalog = catalog with { Queues = Split(options[++i]) };
                    break;
                case "--sites" when i + 1 < options.Length:
                    catalog = catalog with { Sites = Split(options[++i]) };
                    break;
                default:
                    await output.WriteLineAsync(Usage.AsMemory(), cancellationToken).ConfigureAwait(false);
                    return (null, 2);
            }
        }

        var documents = await IvrFlowLibrary.ReadDirectoryAsync(directory, catalog, cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in documents.SelectMany(d => d.Diagnostics))
        {
            await output.WriteLineAsync(diagnostic.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        return (documents, documents.Any(d => d.Diagnostics.Count > 0) ? 1 : 0);
    }

    private static HashSet<string> Split(string list) =>
        new(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
}
