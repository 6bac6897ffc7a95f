using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Log messages of the telephony bridge (event ids 1200-1299). Call ids and seat ids only: no numbers, names or IVR digits.</summary>
internal static partial class BridgeLog
{
    [LoggerMessage(1200, LogLevel.Information, "Telephony bridge starting with {SiteCount} site(s)")]
    public static partial void Starting(ILogger logger, int siteCount);

    [LoggerMessage(1201, LogLevel.Warning, "Site {Site}: AMI link down; routing stops sending it work")]
    public static partial void SiteDown(ILogger logger, string site);

    [LoggerMessage(1202, LogLevel.Information, "Site {Site}: resynced ({Members} members, {Entries} waiting, {Channels} channels)")]
    public static partial void Resynced(ILogger logger, string site, int members, int entries, int channels);

    [LoggerMessage(1203, LogLevel.Warning, "Site {Site}: resync failed ({Reason}); the site stays down and the lists are asked again in {Delay}")]
    public static partial void ResyncFailed(ILogger logger, string site, string reason, TimeSpan delay);

    [LoggerMessage(1204, LogLevel.Warning, "Fact {Fact} from site {Site} rejected by the model: {Reason}")]
    public static partial void FactRejected(ILogger logger, string fact, string site, string reason);

    [LoggerMessage(1205, LogLevel.Information, "Overflow of call {CallId} from {FromSite} to {ToSite} in queue {Queue}: {Reason}")]
    public static partial void OverflowDecided(ILogger logger, string callId, string fromSite, string toSite, string queue, OverflowReason reason);

    [LoggerMessage(1206, LogLevel.Information, "Call {CallId} at site {Site} ended while the link was down; closed as {Outcome}")]
    public static partial void ClosedByResync(ILogger logger, string callId, string site, ContactOutcome outcome);

    [LoggerMessage(1207, LogLevel.Warning, "Site {Site}: AMI action {Action} ({Purpose}) failed: {Error}")]
    public static partial void ActionFailed(ILogger logger, string site, string action, string purpose, string error);

    [LoggerMessage(1208, LogLevel.Error, "Contact record sink failed for call {CallId}")]
    public static partial void SinkFailed(ILogger logger, string callId, Exception error);

    [LoggerMessage(1209, LogLevel.Warning, "Site {Site}: first AMI connection failed; retrying in the background")]
    public static partial void FirstConnectFailed(ILogger logger, string site, Exception error);

    [LoggerMessage(1211, LogLevel.Warning, "Site {Site}: queue member {Interface} (MemberName {MemberName}) is not a configured seat; shown as unconfigured seat {SeatId} until it is configured")]
    public static partial void UnknownMember(ILogger logger, string site, string @interface, string memberName, string seatId);

    [LoggerMessage(1210, LogLevel.Error, "Site {Site}: handling AMI event {Event} failed")]
    public static partial void EventFailed(ILogger logger, string site, string @event, Exception error);
}
