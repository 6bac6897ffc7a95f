using System.Text.Json;
using ContactCenter.Core;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>What the seat's desktop shows for a callback: the task, its campaign, and the script/checklist/result form.</summary>
public sealed record CallbackCallView(CallbackTask Task, Campaign Campaign, CallbackScript Script);

/// <summary>What submitting a result did: the saved task and the mis-selling follow-up it opened, if any.</summary>
public sealed record CallbackSubmission(CallbackTask Task, int? FollowUpTaskId, IReadOnlyList<ChecklistItem> NoAnswers);

/// <summary>
/// The seat side of callbacks, ready for the desktop API: the answered call's script and form, the result
/// submission (feeds the callback KPIs; "no" on a new-policy confirmation opens a mis-selling check; a
/// do-not-call answer puts the number on the list), and the preview claim.
/// </summary>
public sealed class CallbackDesk
{
    private readonly CampaignQueries _campaigns;
    private readonly CallbackTaskQueries _tasks;
    private readonly TimeProvider _time;
    private readonly BusinessCalendar? _calendar;
    private readonly ILogger<CallbackDesk> _logger;

    public CallbackDesk(CampaignQueries campaigns, CallbackTaskQueries tasks, TimeProvider timeProvider, ILogger<CallbackDesk> logger, BusinessCalendar? calendar = null)
    {
        _campaigns = campaigns;
        _tasks = tasks;
        _time = timeProvider;
        _logger = logger;
        _calendar = calendar;
    }

    /// <summary>The view for an answered callback, by its call id (CC_CALLID on the seat's screen pop); null when unknown.</summary>
    public async Task<CallbackCallView?> GetCallAsync(string callId, CancellationToken cancellationToken)
    {
        var task = await _tasks.FindByCallIdAsync(callId, cancellationToken).ConfigureAwait(false);
        if (task is null)
        {
            return null;
        }

        var campaign = await CampaignOfAsync(task, cancellationToken).ConfigureAwait(false);
        return new CallbackCallView(task, campaign, campaign.Script);
    }

    /// <summary>
    /// Preview mode: reserves the next due task of a preview campaign the seat is assigned to, or null, and records the
    /// seat on the stored task (<c>seat_id</c>, so only that seat may see and submit it). The returned task is as before the
    /// claim (see <see cref="CallbackTaskQueries.ClaimAsync"/>); the seat then dials it with <see cref="CallbackDialer.DialClaimedAsync"/>.
    /// </summary>
    public async Task<CallbackCallView?> ClaimPreviewAsync(string seatId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var assignments = await _campaigns.ListSeatAssignmentsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var campaign in await _campaigns.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (campaign.Mode != DialingMode.Preview || !assignments[campaign.Id].Contains(seatId, StringComparer.Ordinal)
                || !CallingSchedule.CanCallAt(now, campaign.Window, CallingSchedule.Zone(campaign.TimeZoneId), _calendar, null))
            {
                continue;
            }

            var claimed = await _tasks.ClaimAsync(campaign.Id, 1, now, cancellationToken).ConfigureAwait(false);
            if (claimed.Count > 0)
            {
                // The claim is the seat's: only it sees, dials and submits the task.
                // The view keeps the task as before the claim (Pending), ready for DialClaimedAsync.
                await _tasks.AssignClaimAsync(claimed[0].Id, seatId, cancellationToken).ConfigureAwait(false);
                return new CallbackCallView(claimed[0], campaign, campaign.Script);
            }
        }

        return null;
    }

    /// <summary>
    /// Saves the seat's result for the task's current attempt: checks the form against the script, applies the
    /// campaign's retry rules (call-later at the customer's time), stores answers and notes, adds the number to the
    /// do-not-call list when asked, and opens a mis-selling check for a "no" on a new-policy confirmation.
    /// </summary>
    public async Task<CallbackSubmission> SubmitResultAsync(CallbackResultForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var now = _time.GetUtcNow();
        var task = await _tasks.GetAsync(form.TaskId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainValidationException($"callback task {form.TaskId} does not exist");
        var campaign = await CampaignOfAsync(task, cancellationToken).ConfigureAwait(false);
        var noAnswers = form.Validate(campaign.Script, now);
        task.RecordAttempt(form.Result, now, campaign, _calendar, form.CallBackAt);
        var answers = form.Answers.Count == 0 ? null : JsonSerializer.Serialize(form.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary());
        await _tasks.RecordResultAsync(task, answers, form.Notes, cancellationToken).ConfigureAwait(false);
        if (form.Result == CallbackResult.DoNotCall)
        {
            await _campaigns.AddDoNotCallAsync(task.Phone, "customer asked on callback", now, cancellationToken).ConfigureAwait(false);
        }

        int? followUp = null;
        if (noAnswers.Count > 0 && campaign.Kind == CampaignKind.NewPolicy)
        {
            followUp = await OpenMisSellingCheckAsync(task, now, cancellationToken).ConfigureAwait(false);
        }

        return new CallbackSubmission(task, followUp, noAnswers);
    }

    private async Task<int?> OpenMisSellingCheckAsync(CallbackTask task, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var checkCampaign = (await _campaigns.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Kind == CampaignKind.MisSellingCheck);
        if (checkCampaign is null)
        {
            return null;
        }

        // Mis-selling found on a callback is fixed within 15 working days (DOMAIN §3).
        DateTimeOffset? deadline = null;
        var today = BusinessCalendar.DateOf(now);
        if (_calendar is not null && _calendar.Covers(today) && _calendar.Covers(today.AddDays(40)))
        {
            deadline = new DateTimeOffset(_calendar.AddWorkingDays(today, 15).ToDateTime(new TimeOnly(23, 59, 59)), BusinessCalendar.ChinaOffset);
        }

        var followUp = new CallbackTask(0, checkCampaign.Id, task.CustomerId, task.Phone, task.PolicyNumber, task.CaseId, now, deadline, priority: 10,
            source: CallbackTaskSource.FollowUp, timeZoneId: task.TimeZoneId);
        var id = await _tasks.InsertAsync(followUp, $"mis-selling:{task.Id}", cancellationToken).ConfigureAwait(false);
        CampaignLog.MisSellingFollowUp(_logger, task.Id, id);
        return id;
    }

    private async Task<Campaign> CampaignOfAsync(CallbackTask task, CancellationToken cancellationToken) =>
        await _campaigns.GetAsync(task.CampaignId, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"campaign {task.CampaignId} of callback task {task.Id} is gone");
}
