using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ContactCenter.Data.Migrations;

/// <summary>
/// One numbered script, <c>NNNN_name.sql</c>. The checksum is the SHA-256 of its text with line endings
/// normalised to LF and no byte-order mark, so a checkout with CRLF endings does not count as an edit.
/// </summary>
public sealed partial record MigrationScript(int Version, string Name, string FileName, string Checksum, IReadOnlyList<string> Batches)
{
    /// <summary>Reads every <c>*.sql</c> file of a dialect folder, ordered by version.</summary>
    public static IReadOnlyList<MigrationScript> LoadFolder(string folder, bool splitOnGo)
    {
        if (!Directory.Exists(folder))
        {
            throw new DatabaseStartupException(
                $"the migration scripts folder '{folder}' does not exist; the sql folder must ship beside the server binaries.");
        }

        var scripts = new List<MigrationScript>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.sql"))
        {
            var fileName = Path.GetFileName(path);
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new DatabaseStartupException(
                    $"the migration file name '{fileName}' in '{folder}' is not NNNN_name.sql (four digits, then lower-case letters, digits or '_').");
            }

            scripts.Add(Parse(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                fileName,
                File.ReadAllText(path, Encoding.UTF8),
                splitOnGo));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new DatabaseStartupException(
                    $"migrations {scripts[i - 1].FileName} and {scripts[i].FileName} have the same number; renumber one of them.");
            }
        }

        return scripts;
    }

    public static MigrationScript Parse(int version, string name, string fileName, string text, bool splitOnGo)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        IReadOnlyList<string> batches = splitOnGo
            ? GoSeparator().Split(normalized).Where(b => !string.IsNullOrWhiteSpace(b)).ToArray()
            : [normalized];
        return new MigrationScript(version, name, fileName, checksum, batches);
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();

    // A line holding only GO (any case), optionally followed by a comment: the T-SQL batch separator.
    [GeneratedRegex(@"^[ \t]*GO[ \t]*(?:--[^\n]*)?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();
}
