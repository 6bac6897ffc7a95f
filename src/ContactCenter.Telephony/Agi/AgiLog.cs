using Microsoft.Extensions.Logging;

namespace ContactCenter.Telephony.Agi;

/// <summary>Log messages of the FastAGI server (event ids 1100-1199). No caller numbers, names or digits.</summary>
internal static partial class AgiLog
{
    [LoggerMessage(1100, LogLevel.Information, "FastAGI listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(1101, LogLevel.Warning, "FastAGI session from {Peer} sent no script we know ({Script}); closing")]
    public static partial void UnknownScript(ILogger logger, string peer, string script);

    [LoggerMessage(1102, LogLevel.Debug, "FastAGI session {UniqueId} script {Script}: HANGUP received")]
    public static partial void Hangup(ILogger logger, string uniqueId, string script);

    [LoggerMessage(1103, LogLevel.Debug, "FastAGI session {UniqueId} script {Script} ended by hang-up or close")]
    public static partial void EndedByHangup(ILogger logger, string uniqueId, string script);

    [LoggerMessage(1104, LogLevel.Error, "FastAGI script {Script} failed in session {UniqueId}")]
    public static partial void ScriptFailed(ILogger logger, string script, string uniqueId, Exception error);

    [LoggerMessage(1105, LogLevel.Warning, "FastAGI session from {Peer} broke the protocol")]
    public static partial void ProtocolError(ILogger logger, string peer, Exception error);

    [LoggerMessage(1106, LogLevel.Debug, "FastAGI session {UniqueId}: line with no command outstanding dropped")]
    public static partial void UnexpectedLine(ILogger logger, string uniqueId);

    [LoggerMessage(1107, LogLevel.Warning, "FastAGI refused a connection: {Active} sessions is the limit")]
    public static partial void TooManySessions(ILogger logger, int active);

    [LoggerMessage(1108, LogLevel.Error, "FastAGI accept failed")]
    public static partial void AcceptFailed(ILogger logger, Exception error);

    [LoggerMessage(1109, LogLevel.Warning, "FastAGI session {UniqueId}: {Verb} got no reply within {TimeoutMs} ms; closing the session")]
    public static partial void ReplyTimeout(ILogger logger, string uniqueId, string verb, long timeoutMs);

    [LoggerMessage(1110, LogLevel.Warning, "FastAGI session {UniqueId} idle for {TimeoutMs} ms with no command; closing it")]
    public static partial void IdleTimeout(ILogger logger, string uniqueId, long timeoutMs);
}
