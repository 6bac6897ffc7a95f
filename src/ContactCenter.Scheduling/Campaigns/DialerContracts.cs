using System.Globalization;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Outbound;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>
/// One outbound callback call to place: customer first (AMI <c>Originate</c>, <c>Async: true</c>) through the
/// site's trunk, then to the chosen seat. <see cref="CallId"/> is both the Originate <c>ChannelId</c> (so the
/// Uniqueid is known before Asterisk answers) and <c>CC_CALLID</c>.
/// </summary>
/// <param name="SiteCode">The site whose trunk and seat are used (the campaign's home site, or an overflow site).</param>
/// <param name="ConnectExtension">
/// Where the answered customer goes in the <c>outbound-connect</c> context: the campaign's own extension, <see cref="QueueByKind"/>
/// (progressive: the queue callback-confirm picks from the kind), or null for <c>seat-&lt;extension&gt;</c> (preview: the seat that dialled).
/// </param>
/// <param name="Intent">CC_INTENT, e.g. <c>new-policy-callback</c>.</param>
/// <param name="PolicyNumber">CC_POLICY, the task's policy: the seat's screen pop shows its customer.</param>
public sealed record DialRequest(string SiteCode, string CallId, string Phone, string SeatId, string SeatExtension, string? ConnectExtension, string Intent,
    string? PolicyNumber = null)
{
    /// <summary>The <c>outbound-connect</c> extension whose queue follows the campaign kind (CC_INTENT) in callback-confirm.</summary>
    public const string QueueByKind = "callback";

    /// <summary>The <c>outbound-connect</c> extension of a preview call: <c>seat-&lt;extension&gt;</c> dials that seat after callback-confirm.</summary>
    public static string SeatConnectExtension(string seatExtension) => "seat-" + seatExtension;

    /// <summary>
    /// The Originate for this call (the one place it is built): customer first through the trunk
    /// (<c>PJSIP/&lt;phone&gt;@&lt;trunk&gt;</c>), then <c>Context</c>/<c>Exten</c> = <see cref="ConnectExtension"/> or
    /// <c>seat-&lt;extension&gt;</c>, <c>ChannelId</c> = the call id, <c>CC_CALLID</c>, <c>CC_INTENT</c>, <c>CC_SEAT</c>, <c>Async: true</c>.
    /// </summary>
    public AmiAction ToOriginate(DialerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var originate = new AmiAction("Originate")
            .Add("Channel", $"PJSIP/{Phone}@{options.Trunk}")
            .Add("Context", options.ConnectContext)
            .Add("Exten", ConnectExtension ?? SeatConnectExtension(SeatExtension))
            .Add("Priority", "1")
            .Add("CallerID", $"\"{options.CallerId}\" <{options.CallerId}>")
            .Add("Timeout", ((long)options.RingTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
            .Add("ChannelId", CallId)
            // Escaped, one per header: Asterisk splits a Variable value on commas.
            .AddVariable("CC_CALLID", CallId)
            .AddVariable("CC_INTENT", Intent)
            .AddVariable("CC_SEAT", SeatId);
        if (PolicyNumber is { Length: > 0 } policy)
        {
            originate.AddVariable("CC_POLICY", policy);
        }

        return originate.Add("Async", "true");
    }
}

/// <summary>How an originate ended: the OriginateResponse reason, refined by the channel's Hangup cause.</summary>
public sealed record DialOutcome(DialStatus Status, int? HangupCause = null)
{
    /// <summary>The task result of a call that did not reach a seat; null when answered (the seat submits the result).</summary>
    public CallbackResult? TaskResult => Status switch
    {
        DialStatus.Answered => null,
        DialStatus.NoAnswer => CallbackResult.NoAnswer,
        DialStatus.Busy => CallbackResult.Busy,
        _ when HangupCause is 1 or 22 or 28 => CallbackResult.WrongNumber,
        _ => CallbackResult.Unreachable,
    };

    /// <summary>The dialer's view of an originate's end as <see cref="OriginateTracker"/> read it.</summary>
    public static DialOutcome From(OriginateOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var status = outcome.Status switch
        {
            OriginateStatus.Answered => DialStatus.Answered,
            OriginateStatus.NoAnswer => DialStatus.NoAnswer,
            OriginateStatus.Busy => DialStatus.Busy,
            OriginateStatus.Congestion => DialStatus.Congestion,
            _ => DialStatus.Failed,
        };
        return new DialOutcome(status, outcome.HangupCause);
    }
}

/// <summary>
/// Places callback calls. The telephony bridge implements it over its per-site AMI links; <see cref="AmiCallbackDialer"/>
/// is a stand-alone implementation over <see cref="Telephony.Ami.AmiClient"/>s. The task completes when Asterisk
/// says how the originate ended (answered, busy, no answer, congestion, failed); it never throws for a refused call.
/// </summary>
public interface ICallbackDialer
{
    Task<DialOutcome> DialAsync(DialRequest request, CancellationToken cancellationToken);
}

/// <summary>A seat that is logged in, ready and not on a call.</summary>
public sealed record FreeSeat(string SeatId, string SiteCode, string Extension);

/// <summary>Which seats are free now, across every site (the bridge's live model implements it).</summary>
public interface ISeatAvailability
{
    IReadOnlyList<FreeSeat> FreeSeats();
}

/// <summary>No seats at all: the default until the bridge registers its own, so the dialer never calls without a seat.</summary>
internal sealed class NoSeatAvailability : ISeatAvailability
{
    public IReadOnlyList<FreeSeat> FreeSeats() => [];
}
