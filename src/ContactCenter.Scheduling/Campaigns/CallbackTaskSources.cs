using System.Globalization;
using ContactCenter.Core;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Campaigns;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>A CSV row that was not imported, with its 1-based line number and the reason.</summary>
public sealed record RejectedRow(int Line, string Reason);

/// <summary>The result of a CSV import: the new task ids and every rejected row with why.</summary>
public sealed record ImportReport(IReadOnlyList<int> ImportedTaskIds, IReadOnlyList<RejectedRow> Rejected);

/// <summary>
/// Where callback tasks come from: automatic (a complaint or a claim closed; the complaint code calls
/// <see cref="ComplaintClosedAsync"/>), a CSV list (<see cref="ImportCsvAsync"/>), or a seat's wrap-up
/// (<see cref="CreateManualAsync"/>). Automatic creation is idempotent per source event.
/// </summary>
public sealed class CallbackTaskSources
{
    /// <summary>The CSV header: <c>phone</c> is required, the other columns optional; times are ISO 8601 with offset.</summary>
    public const string CsvHeader = "phone,due_at,deadline,policy_number,customer_id,priority,time_zone";

    private readonly CampaignQueries _campaigns;
    private readonly CallbackTaskQueries _tasks;
    private readonly TimeProvider _time;

    public CallbackTaskSources(CampaignQueries campaigns, CallbackTaskQueries tasks, TimeProvider timeProvider)
    {
        _campaigns = campaigns;
        _tasks = tasks;
        _time = timeProvider;
    }

    /// <summary>
    /// A complaint closed: a complaint-resolution callback in the first campaign of that kind, due now. Returns the
    /// task id, or null when no such campaign exists or the number is on the do-not-call list.
    /// </summary>
    public Task<int?> ComplaintClosedAsync(int caseId, int? customerId, string phone, string? policyNumber, CancellationToken cancellationToken) =>
        CreateAutomaticAsync(CampaignKind.ComplaintResolution, $"complaint:{caseId}", customerId, phone, policyNumber, caseId, cancellationToken);

    /// <summary>A claim closed: a claims callback (100% of claims). Same rules as <see cref="ComplaintClosedAsync"/>.</summary>
    public Task<int?> ClaimClosedAsync(string claimNumber, int? customerId, string phone, string? policyNumber, CancellationToken cancellationToken) =>
        CreateAutomaticAsync(CampaignKind.Claims, $"claim:{claimNumber}", customerId, phone, policyNumber, null, cancellationToken);

    /// <summary>
    /// 新契约回访 for every in-force policy in its cooling-off period that has none yet, so the 100% new-policy callback
    /// rate is reachable: a task in the first new-policy campaign, due now, deadline the end of the cooling-off period
    /// (23:59:59 China time on its last day), to the customer's mobile (else second phone). Idempotent: the task's
    /// external reference is <c>policy:&lt;number&gt;</c>, and policies with a task in any new-policy campaign are skipped.
    /// Creates at most <paramref name="limit"/> per call (the maintenance job runs every minute). Returns how many it created.
    /// </summary>
    public async Task<int> NewPolicyCallbacksAsync(int limit, CancellationToken cancellationToken)
    {
        var campaign = (await _campaigns.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(c => c.Kind == CampaignKind.NewPolicy).OrderBy(c => c.Id).FirstOrDefault();
        if (campaign is null)
        {
            return 0;
        }

        var now = _time.GetUtcNow();
        var gaps = await _tasks.ListNewPolicyCallbackGapsAsync(BusinessCalendar.DateOf(now), limit, cancellationToken).ConfigureAwait(false);
        var created = 0;
        foreach (var gap in gaps)
        {
            var phone = Customer.NormalizePhone(gap.Mobile) ?? Customer.NormalizePhone(gap.Phone2);
            if (phone is null)
            {
                continue;
            }

            var deadline = new DateTimeOffset(gap.CoolingOffEnd.ToDateTime(new TimeOnly(23, 59, 59)), BusinessCalendar.ChinaOffset);
            var task = new CallbackTask(0, campaign.Id, gap.CustomerId, phone, gap.PolicyNumber, null, now, deadline, source: CallbackTaskSource.Automatic);
            await _tasks.InsertAsync(task, "policy:" + gap.PolicyNumber, cancellationToken).ConfigureAwait(false);
            created++;
        }

        return created;
    }

    /// <summary>A seat asks for a callback in the wrap-up of a call.</summary>
    public async Task<int> CreateManualAsync(int campaignId, string phone, DateTimeOffset dueAt, DateTimeOffset? deadline, int? customerId, string? policyNumber,
        CancellationToken cancellationToken)
    {
        var number = Customer.NormalizePhone(phone) ?? throw new DomainValidationException("a callback needs a phone number");
        var task = new CallbackTask(0, campaignId, customerId, number, policyNumber, null, dueAt, deadline, source: CallbackTaskSource.Manual);
        return await _tasks.InsertAsync(task, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports a CSV list (<see cref="CsvHeader"/>, UTF-8, comma-separated, no quoted commas) into a campaign. Rows
    /// with no or a malformed phone, a bad time, a deadline before the due time, an unknown time zone, a number on
    /// the do-not-call list or a number already in the file are rejected with the reason; the rest are inserted in
    /// one transaction.
    /// </summary>
    public async Task<ImportReport> ImportCsvAsync(int campaignId, TextReader csv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        _ = await _campaigns.GetAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainValidationException($"campaign {campaignId} does not exist");
        var now = _time.GetUtcNow();
        var rejected = new List<RejectedRow>();
        var candidates = new List<(int Line, CallbackTask Task)>();
        var header = (await csv.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim().TrimStart('\uFEFF');
        var columns = header?.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray() ?? [];
        if (!columns.Contains("phone"))
        {
            return new ImportReport([], [new RejectedRow(1, $"the header must name the columns ({CsvHeader}) and include phone")]);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var line = 1;
        while (await csv.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var fields = text.Split(',');
            string? Field(string name)
            {
                var i = Array.IndexOf(columns, name);
                return i >= 0 && i < fields.Length && !string.IsNullOrWhiteSpace(fields[i]) ? fields[i].Trim() : null;
            }

            try
            {
                var phone = Customer.NormalizePhone(Field("phone"));
                if (phone is null || phone.Length < 7 || !phone.All(char.IsAsciiDigit))
                {
                    rejected.Add(new RejectedRow(line, "phone is missing or not a phone number"));
                    continue;
                }

                if (!seen.Add(phone))
                {
                    rejected.Add(new RejectedRow(line, "the same phone number is already in this file"));
                    continue;
                }

                var due = Field("due_at") is { } d ? ParseTime(d, "due_at") : now;
                var deadline = Field("deadline") is { } dl ? ParseTime(dl, "deadline") : (DateTimeOffset?)null;
                var priority = Field("priority") is { } p
                    ? int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new DomainValidationException($"priority '{p}' is not a whole number")
                    : 0;
                int? customerId = Field("customer_id") is { } c
                    ? int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var cid) ? cid : throw new DomainValidationException($"customer_id '{c}' is not a number")
                    : null;
                var zone = Field("time_zone");
                if (zone is not null)
                {
                    _ = CallingSchedule.Zone(zone);
                }

                candidates.Add((line, new CallbackTask(0, campaignId, customerId, phone, Field("policy_number"), null, due, deadline, priority,
                    source: CallbackTaskSource.Import, timeZoneId: zone)));
            }
            catch (DomainException e)
            {
                rejected.Add(new RejectedRow(line, e.Message));
            }
        }

        var blocked = await _campaigns.FindDoNotCallAsync(candidates.Select(c => c.Task.Phone), cancellationToken).ConfigureAwait(false);
        rejected.AddRange(candidates.Where(c => blocked.Contains(c.Task.Phone)).Select(c => new RejectedRow(c.Line, "the number is on the do-not-call list")));
        var accepted = candidates.Where(c => !blocked.Contains(c.Task.Phone)).Select(c => c.Task).ToList();
        var ids = accepted.Count == 0 ? [] : await _tasks.InsertManyAsync(accepted, cancellationToken).ConfigureAwait(false);
        return new ImportReport(ids, [.. rejected.OrderBy(r => r.Line)]);
    }

    private async Task<int?> CreateAutomaticAsync(CampaignKind kind, string externalRef, int? customerId, string phone, string? policyNumber, int? caseId,
        CancellationToken cancellationToken)
    {
        var campaign = (await _campaigns.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Kind == kind);
        var number = Customer.NormalizePhone(phone);
        if (campaign is null || number is null
            || (await _campaigns.FindDoNotCallAsync([number], cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return null;
        }

        var task = new CallbackTask(0, campaign.Id, customerId, number, policyNumber, caseId, _time.GetUtcNow(), null, source: CallbackTaskSource.Automatic);
        return await _tasks.InsertAsync(task, externalRef, cancellationToken).ConfigureAwait(false);
    }

    private static DateTimeOffset ParseTime(string text, string column) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new DomainValidationException($"{column} '{text}' is not a time (use ISO 8601, e.g. 2025-10-09T09:00:00+08:00)");
}
