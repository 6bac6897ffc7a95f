using Dapper;
using Microsoft.Data.Sqlite;

namespace ContactCenter.EndToEnd.Support;

/// <summary>Reads the server's own SQLite file, as an auditor would: the rows the product wrote.</summary>
public static class CenterDatabase
{
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this CenterFixture center, string sql, object? args = null)
    {
        ArgumentNullException.ThrowIfNull(center);
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(center.Server.Directory, "contactcenter.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        return [.. await connection.QueryAsync<T>(sql, args)];
    }

    public static async Task<ContactRow?> ContactAsync(this CenterFixture center, string callId) =>
        (await center.QueryAsync<ContactRow>("SELECT * FROM contacts WHERE call_id = @callId", new { callId })).SingleOrDefault();

    /// <summary>Waits until the contact of the latest call from <paramref name="number"/> has ended, and returns it.</summary>
    public static async Task<ContactRow> EndedContactFromAsync(this CenterFixture center, string number)
    {
        ContactRow? contact = null;
        await CenterFixture.UntilAsync(async () =>
        {
            contact = (await center.QueryAsync<ContactRow>(
                "SELECT * FROM contacts WHERE caller_number = @number ORDER BY COALESCE(ivr_entered_at, enqueued_at) DESC LIMIT 1", new { number })).SingleOrDefault();
            return contact?.EndedAt is not null;
        }, $"an ended contact from the caller");
        return contact!;
    }

    /// <summary>The mobile number of a demo customer with no open complaint (the hotline then shows the main menu).</summary>
    public static async Task<string> CustomerWithoutComplaintAsync(this CenterFixture center, int skip = 0) =>
        (await center.QueryAsync<string>("""
            SELECT c.mobile FROM customers c
            WHERE c.mobile IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.customer_id = c.id AND k.status NOT IN ('closed', 'merged', 'rejected'))
              AND (SELECT COUNT(*) FROM customers d WHERE d.mobile = c.mobile OR d.phone2 = c.mobile) = 1
            ORDER BY c.id LIMIT 1 OFFSET @skip
            """, new { skip })).Single();
}

/// <summary>A row of <c>contacts</c>, the columns the scenarios check.</summary>
public sealed record ContactRow
{
    public string CallId { get; init; } = "";
    public string Direction { get; init; } = "";
    public string SiteCode { get; init; } = "";
    public string? QueueId { get; init; }
    public string? SeatId { get; init; }
    public string? CallerNumber { get; init; }
    public long? CustomerId { get; init; }
    public string? PolicyNumber { get; init; }
    public string? IvrPath { get; init; }
    public string? RecordingFile { get; init; }
    public string? EnqueuedAt { get; init; }
    public string? RingingAt { get; init; }
    public string? AnsweredAt { get; init; }
    public string? EndedAt { get; init; }
    public string? Outcome { get; init; }
    public long ShortAbandon { get; init; }
}
