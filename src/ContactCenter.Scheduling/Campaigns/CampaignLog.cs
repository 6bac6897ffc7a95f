using Microsoft.Extensions.Logging;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>Log messages of the callback dialer (no phone numbers or names: task ids and call ids only).</summary>
internal static partial class CampaignLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Dialer tick: {Claimed} tasks claimed, {Dialed} dialed, {Blocked} on the do-not-call list, {Deferred} deferred")]
    public static partial void Tick(ILogger logger, int claimed, int dialed, int blocked, int deferred);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Callback task {TaskId} dialed at {SiteCode} (overflow from {HomeSite}) as {CallId}")]
    public static partial void Overflowed(ILogger logger, int taskId, string siteCode, string homeSite, string callId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Callback {CallId} of task {TaskId} ended {Status} (hangup cause {Cause})")]
    public static partial void DialEnded(ILogger logger, string callId, int taskId, ContactCenter.Data.Campaigns.DialStatus status, int? cause);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Recording the outcome of callback {CallId} failed")]
    public static partial void OutcomeFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Originate of callback {CallId} at site {SiteCode} failed: {Error}")]
    public static partial void OriginateFailed(ILogger logger, string callId, string siteCode, string error);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Callback maintenance: {Expired} tasks expired, {Requeued} stale claims requeued, {Generated} new-policy tasks generated")]
    public static partial void Maintenance(ILogger logger, int expired, int requeued, int generated);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Callback KPIs for {Day}: {Due} due, {Reached} reached")]
    public static partial void KpiRollup(ILogger logger, DateOnly day, int due, int reached);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Callback task {TaskId} changed after it was claimed; not dialed: {Reason}")]
    public static partial void StartConflict(ILogger logger, int taskId, string reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Callback task {TaskId}: a no on the checklist opened mis-selling check task {FollowUpId}")]
    public static partial void MisSellingFollowUp(ILogger logger, int taskId, int followUpId);
}
