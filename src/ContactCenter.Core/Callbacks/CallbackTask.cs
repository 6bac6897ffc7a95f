using ContactCenter.Core.Calendar;

namespace ContactCenter.Core.Callbacks;

public enum CallbackTaskStatus
{
    /// <summary>Waiting for its (next) attempt.</summary>
    Pending,

    /// <summary>An attempt is in progress.</summary>
    Dialing,

    /// <summary>Finished: the customer was reached (whether or not they took part).</summary>
    Completed,

    /// <summary>Given up: attempts used, wrong number, do-not-call, or past the deadline after a failed try.</summary>
    Failed,

    Cancelled,

    /// <summary>The deadline passed before it could be tried again.</summary>
    Expired,
}

/// <summary>What one attempt achieved. Stored in <c>callback_tasks.result</c>.</summary>
public enum CallbackResult
{
    /// <summary>The customer was reached and the callback done (回访成功).</summary>
    Reached,

    /// <summary>Reached, but the customer declined the callback.</summary>
    Refused,

    NoAnswer,
    Busy,
    WrongNumber,

    /// <summary>The customer asked not to be called; the number belongs on the do-not-call list.</summary>
    DoNotCall,

    /// <summary>Reached, but the customer asked to be called again later (at a time they name).</summary>
    CallLater,

    /// <summary>The call could not be placed: congestion, a refused or failed originate (not busy, not no-answer).</summary>
    Unreachable,
}

/// <summary>Where a callback task came from.</summary>
public enum CallbackTaskSource
{
    /// <summary>Created by the system when a complaint or a claim closed, or a policy was issued.</summary>
    Automatic,

    /// <summary>Imported from a CSV list.</summary>
    Import,

    /// <summary>Created by a seat in the wrap-up of a call.</summary>
    Manual,

    /// <summary>Opened by another callback (a "no" on the new-policy checklist opens a mis-selling check).</summary>
    FollowUp,
}

/// <summary>The legal callback task moves, as data. Completed, Failed, Cancelled and Expired are final.</summary>
public static class CallbackTaskRules
{
    private static readonly Dictionary<CallbackTaskStatus, CallbackTaskStatus[]> Next = new()
    {
        [CallbackTaskStatus.Pending] = [CallbackTaskStatus.Dialing, CallbackTaskStatus.Cancelled, CallbackTaskStatus.Expired],
        [CallbackTaskStatus.Dialing] =
        [
            CallbackTaskStatus.Completed,
            CallbackTaskStatus.Failed,
            CallbackTaskStatus.Pending,
            CallbackTaskStatus.Cancelled,
        ],
    };

    public static bool CanMove(CallbackTaskStatus from, CallbackTaskStatus to) =>
        Next.TryGetValue(from, out var targets) && Array.IndexOf(targets, to) >= 0;

    public static bool IsFinal(CallbackTaskStatus status) => !Next.ContainsKey(status);
}

/// <summary>An illegal callback task move, e.g. "cannot go from Completed to Dialing".</summary>
public sealed class CallbackTaskStateException : DomainException
{
    public CallbackTaskStateException(int taskId, CallbackTaskStatus from, CallbackTaskStatus to)
        : base($"callback task {taskId}: cannot go from {from} to {to}")
    {
        From = from;
        To = to;
    }

    public CallbackTaskStatus From { get; }

    public CallbackTaskStatus To { get; }
}

/// <summary>
/// One customer to call back in a campaign: due time, optional hard deadline (e.g. the end of the
/// cooling-off period for a new-policy callback), attempts, status and last result.
/// </summary>
public sealed class CallbackTask : IVersioned
{
    public CallbackTask(
        int id,
        int campaignId,
        int? customerId,
        string phone,
        string? policyNumber,
        int? caseId,
        DateTimeOffset dueAt,
        DateTimeOffset? deadline,
        int priority = 0,
        int attempts = 0,
        CallbackTaskStatus status = CallbackTaskStatus.Pending,
        CallbackResult? result = null,
        DateTimeOffset? nextAttemptAt = null,
        string? dialedSite = null,
        int version = 1,
        CallbackTaskSource source = CallbackTaskSource.Automatic,
        string? timeZoneId = null,
        string? callId = null,
        string? seatId = null)
    {
        if (deadline is { } d && d < dueAt)
        {
            throw new DomainValidationException($"callback deadline {d:O} is before its due time {dueAt:O}");
        }

        if (attempts < 0)
        {
            throw new DomainValidationException($"attempts must be 0 or more, not {attempts}");
        }

        Id = id;
        CampaignId = campaignId;
        CustomerId = customerId;
        Phone = Guard.Required(phone, "phone", 32);
        PolicyNumber = Guard.Optional(policyNumber, "policy number", 64);
        CaseId = caseId;
        DueAt = dueAt;
        Deadline = deadline;
        Priority = priority;
        Attempts = attempts;
        Status = status;
        Result = result;
        NextAttemptAt = nextAttemptAt;
        DialedSite = dialedSite is null ? null : Guard.SiteCode(dialedSite, "dialed site");
        Version = version;
        Source = source;
        TimeZoneId = Guard.Optional(timeZoneId, "time zone", 64);
        CallId = Guard.Optional(callId, "call id", 64);
        SeatId = Guard.Optional(seatId, "seat id", 64);
    }

    public int Id { get; }

    public int CampaignId { get; }

    public int? CustomerId { get; }

    public string Phone { get; }

    public string? PolicyNumber { get; }

    public int? CaseId { get; }

    public DateTimeOffset DueAt { get; }

    /// <summary>Must be done by then (e.g. cooling-off end); null = no hard deadline.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Higher is dialed first.</summary>
    public int Priority { get; private set; }

    public int Attempts { get; private set; }

    public CallbackTaskStatus Status { get; private set; }

    public CallbackResult? Result { get; private set; }

    /// <summary>When the next attempt may start; null = at <see cref="DueAt"/>.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>The site whose seat made the last attempt.</summary>
    public string? DialedSite { get; private set; }

    public int Version { get; set; }

    public CallbackTaskSource Source { get; }

    /// <summary>The customer's time zone (IANA id) when it differs from the campaign's; the calling window is in this zone.</summary>
    public string? TimeZoneId { get; }

    /// <summary>The call id (CC_CALLID, also the Originate ChannelId) of the current or last attempt.</summary>
    public string? CallId { get; private set; }

    /// <summary>The seat the current or last attempt was connected to.</summary>
    public string? SeatId { get; private set; }

    public bool IsFinal => CallbackTaskRules.IsFinal(Status);

    /// <summary>Whether the task counts as reached for 回访成功率.</summary>
    public bool IsSuccessful => Status == CallbackTaskStatus.Completed && Result == CallbackResult.Reached;

    /// <summary>Pending, due (its next attempt time has come) and not past the deadline.</summary>
    public bool IsDue(DateTimeOffset now) =>
        Status == CallbackTaskStatus.Pending && (NextAttemptAt ?? DueAt) <= now && (Deadline is null || now <= Deadline);

    /// <summary>A seat at <paramref name="siteCode"/> starts dialing: Pending → Dialing, one more attempt.</summary>
    public void StartAttempt(string siteCode, DateTimeOffset now)
    {
        if (Status == CallbackTaskStatus.Pending && !IsDue(now))
        {
            throw new DomainValidationException($"callback task {Id} is not due at {now:O}");
        }

        Move(CallbackTaskStatus.Dialing);
        Attempts++;
        DialedSite = Guard.SiteCode(siteCode, "dialed site");
    }

    /// <summary>
    /// <see cref="StartAttempt(string, DateTimeOffset)"/> for a seat: records the seat and the call id (the
    /// Originate ChannelId, so the Uniqueid is known before Asterisk answers).
    /// </summary>
    public void StartAttempt(string siteCode, string seatId, string callId, DateTimeOffset now)
    {
        StartAttempt(siteCode, now);
        SeatId = Guard.Required(seatId, "seat id", 64);
        CallId = Guard.Required(callId, "call id", 64);
    }

    /// <summary>
    /// Records the attempt's result under the campaign's rules: Reached/Refused complete the task;
    /// DoNotCall fails it; every other result retries after the policy's delay for it (CallLater at
    /// <paramref name="callBackAt"/> when the customer named a time), moved to the next calling window on a
    /// working day, unless the policy says no retry, <see cref="Campaign.MaxAttempts"/> are used, or there is
    /// no calling time left before the deadline: then the task fails.
    /// </summary>
    public void RecordAttempt(CallbackResult result, DateTimeOffset now, Campaign campaign, BusinessCalendar? calendar, DateTimeOffset? callBackAt = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        DateTimeOffset? retryAt = null;
        if (result is not (CallbackResult.Reached or CallbackResult.Refused or CallbackResult.DoNotCall)
            && campaign.Retry.DelayFor(result) is { } delay
            && Attempts < campaign.MaxAttempts)
        {
            var earliest = result == CallbackResult.CallLater && callBackAt is { } asked && asked > now ? asked : now + delay;
            var zone = CallingSchedule.Zone(TimeZoneId ?? campaign.TimeZoneId);
            retryAt = CallingSchedule.NextCallTime(earliest, campaign.Window, zone, calendar, Deadline);
        }

        var next = result switch
        {
            CallbackResult.Reached or CallbackResult.Refused => CallbackTaskStatus.Completed,
            _ when retryAt is null => CallbackTaskStatus.Failed,
            _ => CallbackTaskStatus.Pending,
        };
        Move(next);
        Result = result;
        NextAttemptAt = retryAt;
    }

    /// <summary>The number is on the do-not-call list: a pending or dialing task fails without a call.</summary>
    public void BlockAsDoNotCall()
    {
        if (Status == CallbackTaskStatus.Pending)
        {
            Move(CallbackTaskStatus.Dialing);
        }

        Move(CallbackTaskStatus.Failed);
        Result = CallbackResult.DoNotCall;
        NextAttemptAt = null;
    }

    /// <summary>
    /// Records the attempt's result. Reached/Refused complete the task; WrongNumber/DoNotCall fail it;
    /// NoAnswer/Busy retry after <paramref name="retryDelay"/> unless <paramref name="maxAttempts"/> are used
    /// or the retry would fall after the deadline, in which case the task fails.
    /// </summary>
    public void RecordAttempt(CallbackResult result, DateTimeOffset now, TimeSpan retryDelay, int maxAttempts)
    {
        if (retryDelay < TimeSpan.Zero)
        {
            throw new DomainValidationException($"retry delay must be 0 or more, not {retryDelay}");
        }

        var retryAt = now + retryDelay;
        var next = result switch
        {
            CallbackResult.Reached or CallbackResult.Refused => CallbackTaskStatus.Completed,
            CallbackResult.WrongNumber or CallbackResult.DoNotCall => CallbackTaskStatus.Failed,
            _ when Attempts >= maxAttempts || (Deadline is { } d && retryAt > d) => CallbackTaskStatus.Failed,
            _ => CallbackTaskStatus.Pending,
        };
        Move(next);
        Result = result;
        NextAttemptAt = next == CallbackTaskStatus.Pending ? retryAt : null;
    }

    public void Cancel() => Move(CallbackTaskStatus.Cancelled);

    /// <summary>Pending past its deadline → Expired. Returns whether it expired.</summary>
    public bool ExpireIfOverdue(DateTimeOffset now)
    {
        if (Status != CallbackTaskStatus.Pending || Deadline is not { } d || now <= d)
        {
            return false;
        }

        Move(CallbackTaskStatus.Expired);
        NextAttemptAt = null;
        return true;
    }

    public void Reprioritize(int priority) => Priority = priority;

    private void Move(CallbackTaskStatus to)
    {
        if (!CallbackTaskRules.CanMove(Status, to))
        {
            throw new CallbackTaskStateException(Id, Status, to);
        }

        Status = to;
    }
}
