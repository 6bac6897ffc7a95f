using Microsoft.Extensions.Logging;

namespace ContactCenter.Telephony.Ami;

/// <summary>Log messages of the AMI client (event ids 1000-1099). No caller numbers, names or secrets.</summary>
internal static partial class AmiLog
{
    [LoggerMessage(1000, LogLevel.Debug, "AMI connecting to {Host}:{Port}")]
    public static partial void Connecting(ILogger logger, string host, int port);

    [LoggerMessage(1001, LogLevel.Information, "AMI logged in to {Host}:{Port} ({Banner}), connection {Connection}")]
    public static partial void LoggedIn(ILogger logger, string host, int port, string banner, int connection);

    [LoggerMessage(1002, LogLevel.Warning, "AMI connection {Connection} to {Host}:{Port} lost")]
    public static partial void ConnectionLost(ILogger logger, int connection, string host, int port, Exception error);

    [LoggerMessage(1003, LogLevel.Information, "AMI reconnect attempt {Attempt} in {DelayMs} ms")]
    public static partial void ReconnectScheduled(ILogger logger, int attempt, long delayMs);

    [LoggerMessage(1004, LogLevel.Warning, "AMI reconnect attempt {Attempt} failed")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Exception error);

    [LoggerMessage(1005, LogLevel.Debug, "AMI response with ActionID {ActionId} matches no pending action; dropped")]
    public static partial void UnmatchedResponse(ILogger logger, string actionId);

    [LoggerMessage(1006, LogLevel.Warning, "AMI message that is neither an event nor a response dropped ({Lines} lines); {Total} so far")]
    public static partial void UnclassifiedMessage(ILogger logger, int lines, long total);

    [LoggerMessage(1007, LogLevel.Warning, "AMI input over the limits: {OverlongLines} overlong lines and {DroppedHeaders} excess headers dropped so far")]
    public static partial void LimitsExceeded(ILogger logger, long overlongLines, long droppedHeaders);

    [LoggerMessage(1008, LogLevel.Error, "AMI handler failed on event {EventName}")]
    public static partial void HandlerFailed(ILogger logger, string eventName, Exception error);

    [LoggerMessage(1009, LogLevel.Warning, "AMI event queue full ({Limit}); {Dropped} events dropped so far")]
    public static partial void EventQueueFull(ILogger logger, int limit, long dropped);

    [LoggerMessage(1010, LogLevel.Warning, "AMI keepalive ping failed on connection {Connection}; reconnecting")]
    public static partial void PingFailed(ILogger logger, int connection, Exception error);

    [LoggerMessage(1011, LogLevel.Warning, "AMI saw no FullyBooted within {TimeoutMs} ms; raising resync anyway")]
    public static partial void FullyBootedTimeout(ILogger logger, long timeoutMs);

    [LoggerMessage(1012, LogLevel.Warning, "Asterisk is shutting down ({Shutdown}, restart {Restart})")]
    public static partial void ShutdownReceived(ILogger logger, string shutdown, string restart);

    [LoggerMessage(1013, LogLevel.Information, "AMI connection {Connection} ready; resync raised (reconnect {IsReconnect})")]
    public static partial void Resync(ILogger logger, int connection, bool isReconnect);

    [LoggerMessage(1014, LogLevel.Warning, "AMI write did not complete on connection {Connection}; closing it")]
    public static partial void WriteStalled(ILogger logger, int connection);

    [LoggerMessage(1015, LogLevel.Error, "AMI connection-state handler failed")]
    public static partial void ConnectionHandlerFailed(ILogger logger, Exception error);

    [LoggerMessage(1016, LogLevel.Error, "AMI login to {Host}:{Port} refused ({Failures} in a row): check the AMI user and secret; next attempt in {DelayMs} ms")]
    public static partial void AuthenticationFailed(ILogger logger, string host, int port, int failures, long delayMs, Exception error);

    [LoggerMessage(1017, LogLevel.Warning, "AMI events dropped ({Dropped} so far); raising resync")]
    public static partial void EventsDroppedResync(ILogger logger, long dropped);
}
