using ContactCenter.Core.Contacts;
using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Bridge;

/// <summary>An AMI action the model wants sent after it releases its lock, with what to do with the outcome.</summary>
internal sealed record OutgoingAction(string SiteCode, AmiAction Action, string Purpose, Action<bool, string?>? Completed = null);

/// <summary>What one change produced: events for the hubs, records for the sink, actions for Asterisk. Flushed outside the lock.</summary>
internal sealed class Outbox
{
    public List<BridgeEvent> Events { get; } = [];

    public List<(Contact Copy, bool Closed)> Records { get; } = [];

    public List<OutgoingAction> Actions { get; } = [];

    public bool IsEmpty => Events.Count == 0 && Records.Count == 0 && Actions.Count == 0;
}
