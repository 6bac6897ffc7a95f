namespace ContactCenter.Telephony.Bridge;

/// <summary>How a supervisor joins a seat's call (班长监听 / 密语 / 强插).</summary>
public enum SpyMode
{
    /// <summary>监听: hears both sides, nobody hears the supervisor.</summary>
    Listen,

    /// <summary>密语: the seat hears the supervisor, the caller does not.</summary>
    Whisper,

    /// <summary>强插: both sides hear the supervisor.</summary>
    Barge,
}
