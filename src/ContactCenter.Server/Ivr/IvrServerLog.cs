namespace ContactCenter.Server.Ivr;

/// <summary>Log messages of the IVR's server side (event ids 6400-6499). Call ids, flow and node ids only: never numbers or keys.</summary>
internal static partial class IvrServerLog
{
    [LoggerMessage(6400, LogLevel.Debug, "IVR run {Flow} of call {CallId} stored ({Exit} at {LastNode}, {Steps} step(s))")]
    public static partial void RunStored(ILogger logger, string flow, string callId, string exit, string? lastNode, int steps);

    [LoggerMessage(6401, LogLevel.Warning, "IVR run {Flow} has no call id; its record is not stored")]
    public static partial void NoCallId(ILogger logger, string flow);

    [LoggerMessage(6402, LogLevel.Warning, "IVR schedule {Schedule} is not configured (Ivr:Schedules:{Schedule}); treated as open 7x24")]
    public static partial void UnknownSchedule(ILogger logger, string schedule);

    [LoggerMessage(6403, LogLevel.Warning, "The business calendar has no data for {Date}; IVR schedule {Schedule} treats it as a working day if it is Monday to Friday. Add the year to calendar/china-working-days.json")]
    public static partial void CalendarOutOfRange(ILogger logger, DateOnly date, string schedule);

    [LoggerMessage(6404, LogLevel.Information, "IVR business hours: {Count} schedule(s) configured ({Names})")]
    public static partial void SchedulesLoaded(ILogger logger, int count, string names);
}
