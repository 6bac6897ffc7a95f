using System.Text.Json;

namespace ContactCenter.Telephony.Ivr;

/// <summary>The flows of a directory could not be used; <see cref="Diagnostics"/> lists every error.</summary>
public sealed class IvrFlowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IvrFlowException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IvrFlowException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public IvrFlowException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception for <paramref name="diagnostics"/>.</summary>
    public IvrFlowException(IReadOnlyList<IvrDiagnostic> diagnostics)
        : base("The IVR flows have errors:" + string.Concat((diagnostics ?? []).Select(d => "\n  " + d)))
    {
        Diagnostics = diagnostics ?? [];
    }

    /// <summary>The errors, as <c>file:line: message</c>.</summary>
    public IReadOnlyList<IvrDiagnostic> Diagnostics { get; }
}

/// <summary>
/// Loads every <c>*.json</c> flow of a directory (except <c>catalog.json</c> and <c>*.schema.json</c>) and validates
/// them together against a catalog of queues and sites.
/// </summary>
public static class IvrFlowLibrary
{
    /// <summary>The catalog file beside the flows: <c>{"queues": [...], "sites": [...]}</c>.</summary>
    public const string CatalogFile = "catalog.json";

    /// <summary>Reads and validates every flow file; the documents carry the errors.</summary>
    public static async Task<IReadOnlyList<IvrFlowDocument>> ReadDirectoryAsync(string directory, IvrCatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(catalog);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The IVR flow directory '{directory}' does not exist.");
        }
        var documents = new List<IvrFlowDocument>();
        foreach (var file in FlowFiles(directory))
        {
            documents.Add(await IvrFlowReader.ReadFileAsync(file, cancellationToken).ConfigureAwait(false));
        }
        IvrFlowValidator.Validate(documents, catalog);
        return documents;
    }

    /// <summary>Loads the flows for the runtime; throws <see cref="IvrFlowException"/> listing every error when any has one.</summary>
    public static async Task<IReadOnlyList<IvrFlow>> LoadAsync(string directory, IvrCatalog catalog, CancellationToken cancellationToken)
    {
        var documents = await ReadDirectoryAsync(directory, catalog, cancellationToken).ConfigureAwait(false);
        var errors = documents.SelectMany(d => d.Diagnostics).ToList();
        if (errors.Count > 0)
        {
            throw new IvrFlowException(errors);
        }
        return [.. documents.Select(d => d.Flow!)];
    }

    /// <summary>The flow files of <paramref name="directory"/>, in name order.</summary>
    public static IReadOnlyList<string> FlowFiles(string directory) =>
        [.. Directory.GetFiles(directory, "*.json")
            .Where(f => !string.Equals(Path.GetFileName(f), CatalogFile, StringComparison.OrdinalIgnoreCase)
                && !f.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];

    /// <summary>Reads <c>catalog.json</c> in <paramref name="directory"/>; <see cref="IvrCatalog.Unchecked"/> when there is none.</summary>
    public static async Task<IvrCatalog> ReadCatalogAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory, CatalogFile);
        if (!File.Exists(path))
        {
            return IvrCatalog.Unchecked;
        }
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            using var json = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true },
                cancellationToken).ConfigureAwait(false);
            return new IvrCatalog(Names(json.RootElement, "queues"), Names(json.RootElement, "sites"));
        }
    }

    private static HashSet<string>? Names(JsonElement root, string property) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? new HashSet<string>(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!), StringComparer.Ordinal)
            : null;
}
