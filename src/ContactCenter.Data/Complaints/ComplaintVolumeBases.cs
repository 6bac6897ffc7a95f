using System.Globalization;
using Dapper;

namespace ContactCenter.Data.Complaints;

/// <summary>A branch's premium (yuan) and in-force policy count for one report period (<see cref="ReportPeriod"/> key).</summary>
public sealed record VolumeBase
{
    public required string Branch { get; init; }

    public required string Period { get; init; }

    public decimal Premium { get; init; }

    public int Policies { get; init; }
}

/// <summary>A CSV line that was not imported: its line number (1 = header) and why.</summary>
public sealed record RejectedLine(int Line, string Text, string Reason);

public sealed record VolumeBaseImport(IReadOnlyList<VolumeBase> Accepted, IReadOnlyList<RejectedLine> Rejected);

/// <summary>
/// The premium and policy counts the per-亿元 and per-万张 figures divide by, imported as CSV
/// <c>branch,period,premium,policies</c> (header line required; UTF-8, a byte-order mark is ignored). A line that
/// does not parse is reported, never guessed; the good lines are imported (a later line for the same branch and
/// period replaces an earlier one).
/// </summary>
public sealed class ComplaintVolumeBases(DbConnectionFactory db)
{
    public static VolumeBaseImport Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var accepted = new Dictionary<(string, string), VolumeBase>();
        var rejected = new List<RejectedLine>();
        var header = lines.Length > 0 ? lines[0].Trim() : string.Empty;
        if (!string.Equals(header.Replace(" ", string.Empty, StringComparison.Ordinal), "branch,period,premium,policies", StringComparison.OrdinalIgnoreCase))
        {
            rejected.Add(new RejectedLine(1, header, "the first line must be the header branch,period,premium,policies"));
            return new VolumeBaseImport([], rejected);
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
            var number = i + 1;
            if (fields.Length != 4)
            {
                rejected.Add(new RejectedLine(number, text, $"expected 4 fields, found {fields.Length}"));
                continue;
            }

            if (fields[0].Length is 0 or > 100)
            {
                rejected.Add(new RejectedLine(number, text, "branch is empty or longer than 100 characters"));
                continue;
            }

            ReportPeriod period;
            try
            {
                period = ReportPeriod.Parse(fields[1]);
            }
            catch (Core.DomainValidationException e)
            {
                rejected.Add(new RejectedLine(number, text, e.Message));
                continue;
            }

            if (!decimal.TryParse(fields[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var premium) || premium < 0)
            {
                rejected.Add(new RejectedLine(number, text, $"premium '{fields[2]}' is not a non-negative number of yuan"));
                continue;
            }

            if (!int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var policies))
            {
                rejected.Add(new RejectedLine(number, text, $"policies '{fields[3]}' is not a non-negative whole number"));
                continue;
            }

            accepted[(fields[0], period.Key)] = new VolumeBase { Branch = fields[0], Period = period.Key, Premium = premium, Policies = policies };
        }

        return new VolumeBaseImport(accepted.Values.ToList(), rejected);
    }

    /// <summary>Writes the rows (insert or replace by branch and period) in one transaction.</summary>
    public async Task UpsertAsync(IReadOnlyList<VolumeBase> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(db.Command(db.Dialect.Upsert("complaint_volume_bases", ["branch", "period"], ["premium", "policies"]), rows, transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VolumeBase>> ListAsync(string period, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<VolumeBase>(db.Command(
            "SELECT branch, period, premium, policies FROM complaint_volume_bases WHERE period = @Period ORDER BY branch", new { Period = period }, cancellationToken));
        return rows.ToList();
    }
}
