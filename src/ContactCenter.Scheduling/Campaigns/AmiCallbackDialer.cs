using ContactCenter.Data.Campaigns;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Outbound;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>
/// <see cref="ICallbackDialer"/> over one stand-alone <see cref="AmiClient"/> per site (events on), for a dialer node
/// without the telephony bridge. Sends <see cref="DialRequest.ToOriginate"/> and reads the outcome with
/// <see cref="OriginateTracker"/>, exactly as the bridge's <see cref="BridgeCallbackDialer"/> does (fixtures S6:
/// Reason 4 answered, 3 no answer, 0 + Hangup cause 17 busy, 5 busy, 8 congestion).
/// </summary>
public sealed class AmiCallbackDialer : IAsyncDisposable, ICallbackDialer
{
    private readonly Dictionary<string, (AmiClient Client, OriginateTracker Tracker)> _sites = new(StringComparer.Ordinal);
    private readonly DialerOptions _options;
    private readonly List<IDisposable> _subscriptions = [];

    /// <summary>Creates the dialer over connected clients, keyed by site code. It does not own the clients.</summary>
    public AmiCallbackDialer(IReadOnlyDictionary<string, AmiClient> sites, DialerOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sites);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        foreach (var (code, client) in sites)
        {
            var tracker = new OriginateTracker(timeProvider);
            _sites[code] = (client, tracker);
            _subscriptions.Add(client.OnEvent((message, _) =>
            {
                tracker.Observe(message, timeProvider.GetUtcNow());
                return ValueTask.CompletedTask;
            }));
        }
    }

    /// <summary>The Originate action for a request (public for tests that compare it with the recorded one).</summary>
    public AmiAction OriginateAction(DialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ToOriginate(_options);
    }

    /// <inheritdoc />
    public async Task<DialOutcome> DialAsync(DialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_sites.TryGetValue(request.SiteCode, out var site))
        {
            return new DialOutcome(DialStatus.Failed);
        }

        var outcome = await site.Tracker.OriginateAsync(site.Client, request.CallId, OriginateAction(request), _options.RingTimeout + TimeSpan.FromSeconds(30),
            cancellationToken).ConfigureAwait(false);
        return DialOutcome.From(outcome);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        foreach (var (_, tracker) in _sites.Values)
        {
            tracker.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
