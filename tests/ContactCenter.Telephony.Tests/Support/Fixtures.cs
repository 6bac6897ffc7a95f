using System.Globalization;

namespace ContactCenter.Telephony.Tests.Support;

/// <summary>Finds the Asterisk 22 transcripts: <c>shared/fixtures/asterisk-22</c> beside the repository root.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> RootPath = new(Locate);

    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>The recv() chunks of an <c>.rx</c> file and whether Asterisk closed the socket at the end.</summary>
    public static (IReadOnlyList<(int Offset, int Length)> Chunks, bool Eof) Timing(string relativeRx)
    {
        var chunks = new List<(int, int)>();
        var eof = false;
        foreach (var line in File.ReadLines(PathOf(relativeRx + ".timing")))
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var parts = line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[1] == "EOF")
            {
                eof = true;
                continue;
            }
            chunks.Add((int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)));
        }
        return (chunks, eof);
    }

    public static IEnumerable<string> ListenerTranscripts() =>
        Directory.GetFiles(Root, "ami-*.rx", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p))
            .Order(StringComparer.Ordinal);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "asterisk-22");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            $"The Asterisk fixtures were not found: no 'shared/fixtures/asterisk-22' in any parent of {AppContext.BaseDirectory}. " +
            "Clone the repository with the 'shared' folder beside it (../shared).");
    }
}
