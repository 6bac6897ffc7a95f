using ContactCenter.Data;
using Dapper;

namespace ContactCenter.Server.Desk;

/// <summary>
/// 预约回访 from the desktop: a pending callback task in the site's "坐席预约回访" campaign (created on first use).
/// A stop-gap until the campaigns' query classes offer an insert; it writes only the columns of schema 0001,
/// so it works before and after the campaign migration.
/// </summary>
public sealed class CallbackTaskWriter(DbConnectionFactory db)
{
    public const string CampaignName = "坐席预约回访";

    private readonly string _insertCampaign = db.Dialect.InsertReturningId(
        "campaigns", ["name", "kind", "home_site", "window_start", "window_end", "max_attempts", "version"], "id");

    private readonly string _insertTask = db.Dialect.InsertReturningId(
        "callback_tasks", ["campaign_id", "customer_id", "phone", "policy_number", "due_at", "priority", "attempts", "status", "next_attempt_at", "version"], "id");

    public async Task<int> InsertAsync(string siteCode, int? customerId, string phone, string? policyNumber, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var campaignId = await connection.ExecuteScalarAsync<int?>(db.Command(
            "SELECT MIN(id) FROM campaigns WHERE name = @Name AND home_site = @Site", new { Name = CampaignName, Site = siteCode }, transaction, cancellationToken))
            ?? await connection.ExecuteScalarAsync<int>(db.Command(_insertCampaign, new
            {
                Name = CampaignName,
                Kind = "satisfaction",
                HomeSite = siteCode,
                WindowStart = "09:00:00",
                WindowEnd = "20:00:00",
                MaxAttempts = 3,
                Version = 1,
            }, transaction, cancellationToken));
        var id = await connection.ExecuteScalarAsync<int>(db.Command(_insertTask, new
        {
            CampaignId = campaignId,
            CustomerId = customerId,
            Phone = phone,
            PolicyNumber = policyNumber,
            DueAt = dueAt,
            Priority = 0,
            Attempts = 0,
            Status = "pending",
            NextAttemptAt = dueAt,
            Version = 1,
        }, transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }
}
