using System.Text.RegularExpressions;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// An Asterisk <c>.conf</c> file as lines, with the few edits the test overlay makes: set a key in a section,
/// replace a literal, append text. Every edit must find what it changes, so a shipped file that no longer has the
/// section or value the overlay expects fails the fixture with a message instead of silently testing something else.
/// </summary>
public sealed partial class ConfText
{
    private readonly List<string> _lines;
    private readonly string _name;

    private ConfText(string name, IEnumerable<string> lines)
    {
        _name = name;
        _lines = [.. lines];
    }

    public static ConfText Load(string path) => new(Path.GetFileName(path), File.ReadAllLines(path));

    public override string ToString() => string.Join('\n', _lines) + "\n";

    public void Save(string path) => File.WriteAllText(path, ToString());

    /// <summary>
    /// Sets <paramref name="key"/> in every section called <paramref name="section"/> (and, when given, whose
    /// <c>type</c> or template list names <paramref name="kind"/>): an existing line is replaced, else one is added.
    /// </summary>
    public ConfText Set(string section, string key, string value, string? kind = null)
    {
        var sections = Sections().Where(s => s.Name == section && (kind is null || s.Kind.Contains(kind))).ToList();
        if (sections.Count == 0)
        {
            throw new InvalidOperationException($"{_name}: no section [{section}]{(kind is null ? "" : $" of kind {kind}")} to set {key} in.");
        }

        // From the last section to the first, so inserted lines do not move the indexes still to visit.
        foreach (var s in sections.OrderByDescending(s => s.Header))
        {
            var line = Enumerable.Range(s.Header + 1, s.End - s.Header - 1)
                .FirstOrDefault(i => KeyOf(_lines[i]) == key, -1);
            if (line >= 0)
            {
                _lines[line] = $"{key} = {value}";
            }
            else
            {
                _lines.Insert(s.Header + 1, $"{key} = {value}");
            }
        }

        return this;
    }

    /// <summary>Replaces a literal that must occur in the file.</summary>
    public ConfText Replace(string literal, string replacement)
    {
        var found = false;
        for (var i = 0; i < _lines.Count; i++)
        {
            if (_lines[i].Contains(literal, StringComparison.Ordinal))
            {
                _lines[i] = _lines[i].Replace(literal, replacement, StringComparison.Ordinal);
                found = true;
            }
        }

        return found ? this : throw new InvalidOperationException($"{_name}: '{literal}' is not in the file any more.");
    }

    public ConfText Append(string text)
    {
        _lines.Add(string.Empty);
        _lines.AddRange(text.Split('\n'));
        return this;
    }

    /// <summary>The names of the sections whose type or template names <paramref name="kind"/>.</summary>
    public IReadOnlyList<string> SectionsOf(string kind) =>
        [.. Sections().Where(s => s.Kind.Contains(kind)).Select(s => s.Name).Distinct()];

    private List<(string Name, int Header, int End, HashSet<string> Kind)> Sections()
    {
        var result = new List<(string, int, int, HashSet<string>)>();
        var headers = Enumerable.Range(0, _lines.Count).Where(i => Header().IsMatch(_lines[i])).ToList();
        for (var n = 0; n < headers.Count; n++)
        {
            var start = headers[n];
            var end = n + 1 < headers.Count ? headers[n + 1] : _lines.Count;
            var match = Header().Match(_lines[start]);
            var kind = new HashSet<string>(StringComparer.Ordinal);
            foreach (var template in match.Groups["templates"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                kind.Add(template);
            }

            for (var i = start + 1; i < end; i++)
            {
                if (KeyOf(_lines[i]) == "type")
                {
                    kind.Add(_lines[i][(_lines[i].IndexOf('=', StringComparison.Ordinal) + 1)..].Trim());
                }
            }

            result.Add((match.Groups["name"].Value, start, end, kind));
        }

        return result;
    }

    private static string? KeyOf(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith(';') || !trimmed.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        return trimmed[..trimmed.IndexOf('=', StringComparison.Ordinal)].TrimEnd('>', ' ', '\t');
    }

    [GeneratedRegex(@"^\[(?<name>[^\]]+)\](\((?<templates>[^)]*)\))?")]
    private static partial Regex Header();
}
