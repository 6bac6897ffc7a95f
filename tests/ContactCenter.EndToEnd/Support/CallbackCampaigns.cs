using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.EndToEnd.Support;

/// <summary>A callback task the product stored: status, result and attempts, as <c>callback_tasks</c> holds them.</summary>
public sealed record CallbackTaskRow
{
    public long Id { get; init; }

    public string Status { get; init; } = "";

    public string? Result { get; init; }

    public long Attempts { get; init; }

    public string? CallId { get; init; }

    public string? SeatId { get; init; }
}

/// <summary>One row of <c>callback_attempts</c>.</summary>
public sealed record CallbackAttemptRow
{
    public long Attempt { get; init; }

    public string CallId { get; init; } = "";

    public string SiteCode { get; init; } = "";

    public string? SeatId { get; init; }

    public string? DialStatus { get; init; }

    public string? EndedAt { get; init; }

    public string? Result { get; init; }
}

/// <summary>
/// Callback campaigns for the end-to-end tests, made through the product's own queries: a campaign that may call at
/// any hour (the demo campaigns call 09:00–20:00 China time only), its seats, and one due task for a demo customer
/// with a policy. The demo campaigns lose the seat so that a preview claim picks the test's task.
/// </summary>
public static class CallbackCampaigns
{
    public sealed record TestTask(int CampaignId, int TaskId, string SeatId, int CustomerId, string Phone, string PolicyNumber);

    public static async Task<TestTask> CreateAsync(this CenterFixture center, SitePlan site, string extension, CampaignKind kind, DialingMode mode,
        RetryPolicy? retry = null)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(site);
        var campaigns = center.Server.Services.GetRequiredService<CampaignQueries>();
        var tasks = center.Server.Services.GetRequiredService<CallbackTaskQueries>();
        var seatId = (await center.QueryAsync<string>("SELECT id FROM seats WHERE site_code = @site AND extension = @extension",
            new { site = site.Code, extension })).Single();
        var customer = (await center.QueryAsync<(long Id, string Mobile, string Policy)>("""
            SELECT c.id, c.mobile, p.policy_number FROM customers c JOIN policies p ON p.customer_id = c.id
            WHERE c.mobile IS NOT NULL ORDER BY c.id LIMIT 1
            """)).Single();
        await center.ExecuteAsync("DELETE FROM campaign_seats WHERE seat_id = @seatId", new { seatId });
        var campaign = new Campaign(0, $"e2e {kind} {mode} {Guid.NewGuid():N}", kind, site.Code,
            new CallingWindow(new TimeOnly(0, 0), new TimeOnly(23, 59, 59)), maxAttempts: 3, mode: mode, retry: retry);
        var campaignId = await campaigns.InsertAsync(campaign, CancellationToken.None);
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var taskId = await tasks.InsertAsync(new CallbackTask(0, campaignId, (int)customer.Id, customer.Mobile, customer.Policy, null, now, null),
            null, CancellationToken.None);
        if (mode == DialingMode.Preview)
        {
            await campaigns.AssignSeatsAsync(campaignId, [seatId], CancellationToken.None);
        }

        return new TestTask(campaignId, taskId, seatId, (int)customer.Id, customer.Mobile, customer.Policy);
    }

    /// <summary>Assigns the seats (a progressive campaign dials as soon as an assigned seat is ready).</summary>
    public static Task AssignAsync(this CenterFixture center, TestTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(task);
        return center.Server.Services.GetRequiredService<CampaignQueries>().AssignSeatsAsync(task.CampaignId, [task.SeatId], cancellationToken);
    }

    public static async Task<CallbackTaskRow> TaskAsync(this CenterFixture center, int taskId) =>
        (await center.QueryAsync<CallbackTaskRow>("SELECT id, status, result, attempts, call_id, seat_id FROM callback_tasks WHERE id = @taskId",
            new { taskId })).Single();

    public static async Task<IReadOnlyList<CallbackAttemptRow>> AttemptsAsync(this CenterFixture center, int taskId) =>
        await center.QueryAsync<CallbackAttemptRow>(
            "SELECT attempt, call_id, site_code, seat_id, dial_status, ended_at, result FROM callback_attempts WHERE task_id = @taskId ORDER BY attempt",
            new { taskId });

    private static async Task ExecuteAsync(this CenterFixture center, string sql, object args)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(center.Server.Directory, "contactcenter.db")}");
        await connection.OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, sql, args);
    }
}
