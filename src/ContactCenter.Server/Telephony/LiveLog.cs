namespace ContactCenter.Server.Telephony;

/// <summary>Log messages of the live side (event ids 3000-3099). Call ids and seat ids only: no numbers or names.</summary>
internal static partial class LiveLog
{
    [LoggerMessage(3000, LogLevel.Information, "Loaded {Queues} queue(s) and {Seats} seat(s) into the telephony bridge")]
    public static partial void Configured(ILogger logger, int queues, int seats);

    [LoggerMessage(3002, LogLevel.Error, "Pushing bridge event {Event} failed")]
    public static partial void PushFailed(ILogger logger, string @event, Exception error);

    [LoggerMessage(3003, LogLevel.Error, "Storing the survey result of call {CallId} failed")]
    public static partial void SurveyFailed(ILogger logger, string callId, Exception error);

    [LoggerMessage(3004, LogLevel.Warning, "Screen pop lookup for call {CallId} failed; the seat gets the call without a customer")]
    public static partial void PopLookupFailed(ILogger logger, string callId, Exception error);

    [LoggerMessage(3005, LogLevel.Error, "Wallboard refresh failed")]
    public static partial void RefreshFailed(ILogger logger, Exception error);

    [LoggerMessage(3006, LogLevel.Information, "Supervisor {UserId}: {Action} on seat {SeatId}")]
    public static partial void SupervisorAction(ILogger logger, int userId, string action, string seatId);

    [LoggerMessage(3007, LogLevel.Information, "Loaded {Contacts} contact(s) and {Surveys} survey result(s) of today for the wallboard")]
    public static partial void TodayLoaded(ILogger logger, int contacts, int surveys);
}
