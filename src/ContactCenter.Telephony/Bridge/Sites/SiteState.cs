namespace ContactCenter.Telephony.Bridge;

internal sealed class SiteState(SiteOptions options)
{
    public SiteOptions Options { get; } = options;

    public string Code => Options.Code;

    public bool IsUp { get; set; }

    public DateTimeOffset? DownSince { get; set; }

    /// <summary>When Asterisk announced its shutdown (Event: Shutdown), until the next resync: calls gone by then were cut by it.</summary>
    public DateTimeOffset? ShutDownAt { get; set; }

    public Dictionary<string, SeatEntry> Seats { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SeatEntry> SeatsByInterface { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, QueueState> Queues { get; } = new(StringComparer.Ordinal);
}
