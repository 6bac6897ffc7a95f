using System.Text.Json;

namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// Maps a JSON path (<c>/nodes/menu/options/1</c>, array items by index) to the 1-based line where it starts,
/// by walking the bytes once with <see cref="Utf8JsonReader"/> and turning token byte offsets into lines.
/// Also notes property names repeated in one object (System.Text.Json would silently keep the last).
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly List<(string Path, int Line)> _duplicates = [];

    private JsonLineMap()
    {
    }

    /// <summary>Properties that appear twice in the same object, with the line of the repeat.</summary>
    public IReadOnlyList<(string Path, int Line)> Duplicates => _duplicates;

    /// <summary>The line of <paramref name="path"/>, or of its nearest ancestor that has one; 1 when none.</summary>
    public int LineOf(string path)
    {
        for (var p = path; ; p = p[..p.LastIndexOf('/')])
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }
            if (p.Length == 0)
            {
                return 1;
            }
        }
    }

    /// <summary>Builds the map. Throws <see cref="JsonException"/> (with its line) on a syntax error.</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var map = new JsonLineMap();
        var newlines = new List<int>();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(json, options);
        var stack = new Stack<Frame>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            var line = LineAt(newlines, (int)reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var frame = stack.Peek();
                    var name = reader.GetString() ?? string.Empty;
                    pendingProperty = frame.Path + "/" + name;
                    if (!frame.Names!.Add(name))
                    {
                        map._duplicates.Add((pendingProperty, line));
                    }
                    map._lines.TryAdd(pendingProperty, line);
                    break;
                }
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                {
                    var path = ValuePath(stack, ref pendingProperty);
                    map._lines.TryAdd(path, line);
                    stack.Push(new Frame(path, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                    break;
                }
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                case JsonTokenType.Comment:
                    break;
                default:
                    map._lines.TryAdd(ValuePath(stack, ref pendingProperty), line);
                    break;
            }
        }

        return map;
    }

    private static string ValuePath(Stack<Frame> stack, ref string? pendingProperty)
    {
        if (stack.Count == 0)
        {
            return string.Empty;
        }
        var parent = stack.Peek();
        if (parent.Names is null)
        {
            return parent.Path + "/" + parent.NextIndex++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var path = pendingProperty ?? parent.Path;
        pendingProperty = null;
        return path;
    }

    private static int LineAt(List<int> newlines, int offset)
    {
        var index = newlines.BinarySearch(offset);
        return (index < 0 ? ~index : index) + 1;
    }

    private sealed class Frame(string path, HashSet<string>? names)
    {
        public string Path { get; } = path;

        public HashSet<string>? Names { get; } = names;

        public int NextIndex { get; set; }
    }
}
