using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>
/// One outbound callback call to place: customer first (AMI <c>Originate</c>, <c>Async: true</c>) through the
/// site's trunk, then to the chosen seat. <see cref="CallId"/> is both the Originate <c>ChannelId</c> (so the
/// Uniqueid is known before Asterisk answers) and <c>CC_CALLID</c>.
/// </summary>
/// <param name="SiteCode">The site whose trunk and seat are used (the campaign's home site, or an overflow site).</param>
/// <param name="ConnectExtension">Where the answered customer goes in the <c>outbound-connect</c> context: the campaign's queue, or null for the seat's extension.</param>
/// <param name="Intent">CC_INTENT, e.g. <c>new-policy-callback</c>.</param>
public sealed record DialRequest(string SiteCode, string CallId, string Phone, string SeatId, string SeatExtension, string? ConnectExtension, string Intent);

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
