using Microsoft.Extensions.Logging;

namespace ContactCenter.Telephony.Ivr;

/// <summary>Log messages of the IVR runtime (event ids 1300-1399). Call ids, flow and node ids only: no numbers, names or keyed digits.</summary>
internal static partial class IvrLog
{
    [LoggerMessage(1300, LogLevel.Information, "IVR loaded {Count} flow(s) from {Directory}")]
    public static partial void Loaded(ILogger logger, int count, string directory);

    [LoggerMessage(1301, LogLevel.Debug, "IVR {Flow} call {CallId} ended {Exit} at {Node} after {Steps} step(s)")]
    public static partial void RunEnded(ILogger logger, string flow, string callId, IvrExit exit, string? node, int steps);

    [LoggerMessage(1302, LogLevel.Warning, "IVR prompt {Flow}/{Prompt} ({Language}) has no audio file; reading its digits with the core sounds")]
    public static partial void PromptMissing(ILogger logger, string flow, string prompt, string language);

    [LoggerMessage(1303, LogLevel.Warning, "IVR {Flow} call {CallId}: customer lookup failed or timed out at {Node}; caller treated as not identified")]
    public static partial void LookupFailed(ILogger logger, string flow, string callId, string node, Exception error);

    [LoggerMessage(1304, LogLevel.Error, "IVR {Flow} call {CallId}: result sink failed")]
    public static partial void SinkFailed(ILogger logger, string flow, string callId, Exception error);

    [LoggerMessage(1305, LogLevel.Error, "IVR {Flow} call {CallId} failed at {Node}")]
    public static partial void RunFailed(ILogger logger, string flow, string callId, string? node, Exception error);

    [LoggerMessage(1306, LogLevel.Warning, "IVR {Flow} call {CallId}: route decision failed at {Node}; queueing at the home site")]
    public static partial void RouteFailed(ILogger logger, string flow, string callId, string node, Exception error);

    [LoggerMessage(1307, LogLevel.Warning, "IVR {Flow} call {CallId}: business-hours check failed at {Node}; treated as open")]
    public static partial void HoursFailed(ILogger logger, string flow, string callId, string node, Exception error);

    [LoggerMessage(1308, LogLevel.Information, "IVR {Flow} call {CallId}: survey {Status} for seat {Seat} queue {Queue}")]
    public static partial void SurveyStored(ILogger logger, string flow, string callId, string status, string? seat, string? queue);
}
