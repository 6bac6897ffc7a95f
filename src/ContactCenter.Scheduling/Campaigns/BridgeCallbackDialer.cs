using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Options;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>
/// The dialer's seats and calls through the telephony bridge, over its one AMI link per site.
/// <para>Free seats: ready (就绪, not on a call, not in wrap-up) at a site whose link is up and resynced. The
/// <see cref="CallbackDialer"/> then keeps only the seats assigned to each campaign (<c>campaign_seats</c>).</para>
/// <para>Calls: <see cref="DialRequest.ToOriginate"/> sent with <see cref="TelephonyBridge.OriginateAsync"/>; the outcome
/// is read by the bridge's <see cref="Telephony.Outbound.OriginateTracker"/> (Reason 0 + Hangup cause 17 = busy).</para>
/// </summary>
public sealed class BridgeCallbackDialer : ICallbackDialer, ISeatAvailability
{
    private readonly TelephonyBridge _bridge;
    private readonly DialerOptions _options;

    public BridgeCallbackDialer(TelephonyBridge bridge, IOptions<DialerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bridge = bridge ?? throw new ArgumentNullException(nameof(bridge));
        _options = options.Value;
    }

    /// <inheritdoc />
    public IReadOnlyList<FreeSeat> FreeSeats() =>
    [
        .. _bridge.SiteCodes.Where(_bridge.IsSiteUp)
            .SelectMany(_bridge.SeatsOf)
            .Where(s => s.State == AgentState.Ready && s.CallId is null)
            .Select(s => new FreeSeat(s.SeatId, s.SiteCode, s.Extension)),
    ];

    /// <inheritdoc />
    public async Task<DialOutcome> DialAsync(DialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await _bridge.OriginateAsync(request.SiteCode, request.CallId, request.ToOriginate(_options), _options.RingTimeout + TimeSpan.FromSeconds(30),
            cancellationToken).ConfigureAwait(false);
        return DialOutcome.From(outcome);
    }
}
