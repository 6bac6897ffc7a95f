using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ContactCenter.Telephony.Ivr;

/// <summary>A problem in a flow file, at a line: printed as <c>file:line: message</c>.</summary>
public sealed record IvrDiagnostic(string File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line.ToString(CultureInfo.InvariantCulture)}: {Message}";
}

/// <summary>A flow file as read: the flow (null when it could not be built) and what was wrong with it.</summary>
public sealed class IvrFlowDocument
{
    private readonly JsonLineMap? _lines;
    private readonly List<IvrDiagnostic> _diagnostics = [];

    internal IvrFlowDocument(string file, JsonLineMap? lines)
    {
        File = file;
        _lines = lines;
    }

    /// <summary>The file as given (relative or absolute).</summary>
    public string File { get; }

    /// <summary>The flow, or null when the file is not valid JSON or lacks what a flow needs.</summary>
    public IvrFlow? Flow { get; internal set; }

    /// <summary>Errors found while reading and validating, in line order once validated.</summary>
    public IReadOnlyList<IvrDiagnostic> Diagnostics => _diagnostics;

    /// <summary>The line of a JSON path such as <c>/nodes/menu/fallback</c> (its nearest ancestor when absent).</summary>
    public int LineOf(string path) => _lines?.LineOf(path) ?? 1;

    internal void Error(string path, string message) => _diagnostics.Add(new IvrDiagnostic(File, LineOf(path), message));

    internal void ErrorAtLine(int line, string message) => _diagnostics.Add(new IvrDiagnostic(File, line, message));

    /// <summary>Nodes that exist in the file but could not be built (already reported): references to them are not errors again.</summary>
    internal HashSet<string> BrokenIds { get; } = new(StringComparer.Ordinal);

    internal void SortDiagnostics()
    {
        // Stable: messages on one line keep the order they were found in.
        var sorted = _diagnostics.OrderBy(d => d.Line).ToList();
        _diagnostics.Clear();
        _diagnostics.AddRange(sorted);
    }
}

/// <summary>
/// Reads flow files (JSON, format version 1; comments and trailing commas allowed). Unknown properties,
/// wrong types, bad values and repeated keys are errors with their line; the graph checks are in
/// <see cref="IvrFlowValidator"/>.
/// </summary>
public static class IvrFlowReader
{
    /// <summary>The only format version this reader understands.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly string[] Languages = ["zh-CN", "en"];
    private static readonly string[] NodeKinds = ["play", "menu", "collect", "lookup", "set", "branch", "hours", "route", "transfer", "survey", "hangup"];

    /// <summary>Reads a flow file from disk.</summary>
    public static async Task<IvrFlowDocument> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Read(path, bytes);
    }

    /// <summary>Reads a flow from <paramref name="utf8"/>; <paramref name="file"/> names it in messages.</summary>
    public static IvrFlowDocument Read(string file, ReadOnlySpan<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        JsonLineMap lines;
        try
        {
            lines = JsonLineMap.Build(utf8, ReaderOptions);
        }
        catch (JsonException ex)
        {
            var broken = new IvrFlowDocument(file, null);
            broken.ErrorAtLine((int)(ex.LineNumber ?? 0) + 1, "not valid JSON: " + FirstSentence(ex.Message));
            return broken;
        }

        var document = new IvrFlowDocument(file, lines);
        foreach (var (path, line) in lines.Duplicates)
        {
            document.ErrorAtLine(line, $"'{path[(path.LastIndexOf('/') + 1)..]}' appears twice in the same object");
        }

        using var json = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        document.Flow = new Parser(document, file).Flow(json.RootElement);
        return document;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private sealed class Parser(IvrFlowDocument document, string file)
    {
        public IvrFlow? Flow(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                document.Error(string.Empty, "a flow file holds one JSON object");
                return null;
            }

            var o = new Obj(root, string.Empty, document);
            var format = o.Int("formatVersion", null, 1, int.MaxValue);
            if (format is not null && format != FormatVersion)
            {
                document.Error("/formatVersion", $"format version {format} is not supported (this reader knows {FormatVersion})");
            }

            var name = o.String("name", required: true);
            var expected = Path.GetFileNameWithoutExtension(file);
            if (name is not null && !string.Equals(name, expected, StringComparison.Ordinal))
            {
                document.Error("/name", $"the flow is named '{name}' but its file is '{Path.GetFileName(file)}'; name the file '{name}.json'");
            }
            if (name is not null && !IsIdentifier(name))
            {
                document.Error("/name", $"flow name '{name}' may hold only letters, digits, '-' and '_'");
            }

            var version = o.String("version", required: true);
            o.String("description", required: false);
            var start = o.String("start", required: true);
            var aliases = o.StringList("aliases", required: false);
            foreach (var alias in aliases.Where(a => !IsIdentifier(a)))
            {
                document.Error("/aliases", $"alias '{alias}' may hold only letters, digits, '-' and '_'");
            }

            var prompts = new Dictionary<string, IvrPrompt>(StringComparer.Ordinal);
            if (o.Object("prompts", required: true) is { } promptsElement)
            {
                foreach (var property in promptsElement.EnumerateObject())
                {
                    if (Prompt(property.Name, property.Value) is { } prompt)
                    {
                        prompts[prompt.Id] = prompt;
                    }
                }
            }

            var nodes = new Dictionary<string, IvrNode>(StringComparer.Ordinal);
            if (o.Object("nodes", required: true) is { } nodesElement)
            {
                foreach (var property in nodesElement.EnumerateObject())
                {
                    if (Node(property.Name, property.Value) is { } node)
                    {
                        nodes[node.Id] = node;
                    }
                }
            }

            o.RejectUnknown("$schema");
            return name is null || version is null || start is null
                ? null
                : new IvrFlow(name, version, start, aliases, prompts, nodes) { SourceFile = file };
        }

        private IvrPrompt? Prompt(string id, JsonElement element)
        {
            var path = "/prompts/" + id;
            if (!IsIdentifier(id))
            {
                document.Error(path, $"prompt id '{id}' may hold only letters, digits, '-' and '_'");
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                document.Error(path, $"prompt '{id}' must be an object with \"zh-CN\" and \"en\" text");
                return null;
            }

            var o = new Obj(element, path, document);
            var text = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var language in Languages)
            {
                if (o.String(language, required: false) is { } value)
                {
                    text[language] = value;
                }
            }
            var audio = o.String("audio", required: false);
            o.RejectUnknown();
            return new IvrPrompt(id, text, audio);
        }

        private IvrNode? Node(string id, JsonElement element)
        {
            var path = "/nodes/" + id;
            if (!IsIdentifier(id) || id.Length > 64)
            {
                document.Error(path, $"node id '{id}' may hold only letters, digits, '-' and '_' (at most 64)");
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                document.Error(path, $"node '{id}' must be an object with a \"kind\"");
                return null;
            }

            var o = new Obj(element, path, document);
            var kind = o.String("kind", required: true);
            if (kind is null)
            {
                return null;
            }

            IvrNode? node = kind switch
            {
                "play" => Play(id, o),
                "menu" => Menu(id, o, path),
                "collect" => Collect(id, o, path),
                "lookup" => Lookup(id, o, path),
                "set" => Set(id, o),
                "branch" => Branch(id, o),
                "hours" => Hours(id, o),
                "route" => Route(id, o),
                "transfer" => Transfer(id, o),
                "survey" => Survey(id, o, path),
                "hangup" => new HangupNode(id),
                _ => null,
            };
            if (node is null && !NodeKinds.Contains(kind))
            {
                document.Error(path + "/kind", $"node '{id}' has unknown kind '{kind}' (known: {string.Join(", ", NodeKinds)})");
                document.BrokenIds.Add(id);
                return null;
            }
            o.RejectUnknown();
            if (node is null)
            {
                document.BrokenIds.Add(id);
            }
            return node;
        }

        private static PlayNode? Play(string id, Obj o)
        {
            var prompts = o.StringList("prompts", required: true);
            var next = o.String("next", required: true);
            return next is null ? null : new PlayNode(id, prompts, next);
        }

        private MenuNode? Menu(string id, Obj o, string path)
        {
            var prompt = o.String("prompt", required: true);
            var options = new Dictionary<char, string>();
            foreach (var (key, target) in o.StringMap("options", required: true))
            {
                if (key.Length != 1 || !IsDtmf(key[0]))
                {
                    document.Error(path + "/options/" + key, $"menu key '{key}' must be one of 0-9, * or #");
                    continue;
                }
                options[key[0]] = target;
            }
            var timeout = o.Int("timeoutMs", 5000, 500, 60_000);
            var retries = o.Int("retries", 2, 0, 9);
            var invalid = o.String("invalidPrompt", required: false);
            var timeoutPrompt = o.String("timeoutPrompt", required: false);
            var fallback = o.String("fallback", required: false);
            if (fallback is null)
            {
                document.Error(path, $"menu '{id}' has no \"fallback\": a caller who presses nothing or only wrong keys must go somewhere");
            }
            return prompt is null || fallback is null
                ? null
                : new MenuNode(id, prompt, options, TimeSpan.FromMilliseconds(timeout!.Value), retries!.Value, invalid, timeoutPrompt, fallback);
        }

        private CollectNode? Collect(string id, Obj o, string path)
        {
            var prompt = o.String("prompt", required: true);
            var variable = o.String("variable", required: true);
            var min = o.Int("minLength", 1, 1, 64)!.Value;
            var max = o.Int("maxLength", 20, 1, 64)!.Value;
            if (min > max)
            {
                document.Error(path + "/minLength", $"collect '{id}': minLength {min} is more than maxLength {max}");
            }
            var terminator = o.String("terminator", required: false) ?? "#";
            if (terminator != "#")
            {
                document.Error(path + "/terminator", $"collect '{id}': the terminator can only be \"#\" (Asterisk's GET DATA ends on #)");
            }
            Regex? pattern = null;
            if (o.String("pattern", required: false) is { } text)
            {
                try
                {
                    pattern = new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException ex)
                {
                    document.Error(path + "/pattern", $"collect '{id}': pattern is not a valid regular expression: {ex.Message}");
                }
            }
            var timeout = o.Int("timeoutMs", 8000, 500, 60_000)!.Value;
            var retries = o.Int("retries", 2, 0, 9)!.Value;
            var invalid = o.String("invalidPrompt", required: false);
            var next = o.String("next", required: true);
            var fallback = o.String("fallback", required: true);
            return prompt is null || variable is null || next is null || fallback is null
                ? null
                : new CollectNode(id, prompt, variable, min, max, terminator, pattern, TimeSpan.FromMilliseconds(timeout), retries, invalid, next, fallback);
        }

        private LookupNode? Lookup(string id, Obj o, string path)
        {
            var by = o.String("by", required: true);
            IvrLookupBy? kind = by switch
            {
                "callerNumber" => IvrLookupBy.CallerNumber,
                "policyNumber" => IvrLookupBy.PolicyNumber,
                null => null,
                _ => null,
            };
            if (by is not null && kind is null)
            {
                document.Error(path + "/by", $"lookup '{id}': \"by\" is \"callerNumber\" or \"policyNumber\", not '{by}'");
            }
            var variable = o.String("variable", required: false) ?? (kind == IvrLookupBy.PolicyNumber ? "policy" : null);
            var found = o.String("found", required: true);
            var notFound = o.String("notFound", required: true);
            var openComplaint = o.String("openComplaint", required: false);
            return kind is null || found is null || notFound is null ? null : new LookupNode(id, kind.Value, variable, found, notFound, openComplaint);
        }

        private static SetNode? Set(string id, Obj o)
        {
            var from = o.StringMap("fromChannel", required: false);
            var variables = o.StringMap("variables", required: false);
            var channel = o.StringMap("channelVariables", required: false);
            var next = o.String("next", required: true);
            return next is null ? null : new SetNode(id, from, variables, channel, next);
        }

        private static BranchNode? Branch(string id, Obj o)
        {
            var variable = o.String("variable", required: true);
            var cases = o.StringMap("cases", required: true);
            var fallback = o.String("default", required: true);
            return variable is null || fallback is null ? null : new BranchNode(id, variable, cases, fallback);
        }

        private static HoursNode? Hours(string id, Obj o)
        {
            var schedule = o.String("schedule", required: false) ?? "default";
            var open = o.String("open", required: true);
            var closed = o.String("closed", required: true);
            return open is null || closed is null ? null : new HoursNode(id, schedule, open, closed);
        }

        private static RouteNode? Route(string id, Obj o)
        {
            var queue = o.String("queue", required: true);
            var priority = o.Int("priority", 0, 0, 100)!.Value;
            return queue is null ? null : new RouteNode(id, queue, priority);
        }

        private static TransferNode? Transfer(string id, Obj o)
        {
            var site = o.String("site", required: true);
            var queue = o.String("queue", required: true);
            return site is null || queue is null ? null : new TransferNode(id, site, queue);
        }

        private SurveyNode? Survey(string id, Obj o, string path)
        {
            var prompt = o.String("prompt", required: true);
            var scale = o.Int("scale", 5, 3, 5)!.Value;
            if (scale is not (3 or 5))
            {
                document.Error(path + "/scale", $"survey '{id}': the scale is 3 or 5, not {scale}");
            }
            char? replay = null;
            if (o.String("replayKey", required: false) is { } key)
            {
                if (key.Length != 1 || !IsDtmf(key[0]) || key[0] is >= '1' and <= '5' && key[0] - '0' <= scale)
                {
                    document.Error(path + "/replayKey", $"survey '{id}': the replay key must be one key (0, *, # or a digit above the scale), not '{key}'");
                }
                else
                {
                    replay = key[0];
                }
            }
            var timeout = o.Int("timeoutMs", 5000, 500, 60_000)!.Value;
            var invalid = o.String("invalidPrompt", required: false);
            var next = o.String("next", required: true);
            return prompt is null || next is null ? null : new SurveyNode(id, prompt, scale, replay, TimeSpan.FromMilliseconds(timeout), invalid, next);
        }
    }

    internal static bool IsIdentifier(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    internal static bool IsDtmf(char c) => char.IsAsciiDigit(c) || c is '*' or '#';

    /// <summary>Reads the properties of one JSON object and remembers which were used, to reject the rest.</summary>
    private sealed class Obj(JsonElement element, string path, IvrFlowDocument document)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal) { "comment" };

        public string? String(string name, bool required)
        {
            if (!Get(name, required, out var value))
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                document.Error(path + "/" + name, $"'{name}' must be a string");
                return null;
            }
            return value.GetString();
        }

        public int? Int(string name, int? fallback, int min, int max)
        {
            if (!Get(name, fallback is null, out var value))
            {
                return fallback;
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                document.Error(path + "/" + name, $"'{name}' must be a whole number");
                return fallback;
            }
            if (number < min || number > max)
            {
                document.Error(path + "/" + name, $"'{name}' must be between {min} and {max}, not {number}");
                return fallback;
            }
            return number;
        }

        public JsonElement? Object(string name, bool required)
        {
            if (!Get(name, required, out var value))
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Object)
            {
                document.Error(path + "/" + name, $"'{name}' must be an object");
                return null;
            }
            return value;
        }

        public IReadOnlyList<string> StringList(string name, bool required)
        {
            if (!Get(name, required, out var value))
            {
                return [];
            }
            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                document.Error(path + "/" + name, $"'{name}' must be an array of strings");
                return [];
            }
            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        }

        public Dictionary<string, string> StringMap(string name, bool required)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Object(name, required) is not { } map)
            {
                return result;
            }
            foreach (var property in map.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    document.Error(path + "/" + name + "/" + property.Name, $"'{name}.{property.Name}' must be a string");
                    continue;
                }
                result[property.Name] = property.Value.GetString()!;
            }
            return result;
        }

        public void RejectUnknown(params string[] allowed)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!_used.Contains(property.Name) && !allowed.Contains(property.Name))
                {
                    document.Error(path + "/" + property.Name, $"unknown property '{property.Name}'");
                }
            }
        }

        private bool Get(string name, bool required, out JsonElement value)
        {
            _used.Add(name);
            if (element.TryGetProperty(name, out value))
            {
                return true;
            }
            if (required)
            {
                document.Error(path, $"'{name}' is missing");
            }
            return false;
        }
    }
}
