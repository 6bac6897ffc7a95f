using System.Collections.Concurrent;
using System.Globalization;
using ContactCenter.Data.Campaigns;
using ContactCenter.Telephony.Ami;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>
/// <see cref="ICallbackDialer"/> over one <see cref="AmiClient"/> per site (events on). Sends
/// <c>Originate Async: true</c> with <c>ChannelId</c> = the call id, <c>Variable: CC_CALLID</c> and
/// <c>CC_INTENT</c>, and matches the outcome on the Uniqueid (which the ChannelId becomes), as recorded on
/// Asterisk 22 (fixtures S6):
/// <list type="bullet">
/// <item><c>Response: Success</c>, <c>Reason: 4</c>: answered.</item>
/// <item><c>Failure</c>, <c>Reason: 3</c>: rang out, no answer (the Hangup cause is 0).</item>
/// <item><c>Failure</c>, <c>Reason: 0</c>: a 486 Busy comes back like this, not as Reason 5; the channel's Hangup
/// <c>Cause: 17</c> (arriving just after) tells busy from other failures, so a Reason 0 waits briefly for it.</item>
/// <item><c>Reason: 5</c> busy, <c>Reason: 8</c> congestion, <c>Reason: 1</c> hung up before answer (no answer).</item>
/// </list>
/// </summary>
public sealed class AmiCallbackDialer : IAsyncDisposable, ICallbackDialer
{
    /// <summary>How long a Reason 0 failure waits for the channel's Hangup cause.</summary>
    public static readonly TimeSpan HangupCauseWait = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyDictionary<string, AmiClient> _sites;
    private readonly DialerOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, PendingDial> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DialOutcome Outcome, DateTimeOffset At)> _orphans = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];

    /// <summary>Creates the dialer over connected clients, keyed by site code. It does not own the clients.</summary>
    public AmiCallbackDialer(IReadOnlyDictionary<string, AmiClient> sites, DialerOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sites);
        _sites = sites;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider;
        foreach (var client in sites.Values)
        {
            _subscriptions.Add(client.OnEvent(OnEventAsync));
        }
    }

    /// <summary>The Originate action for a request (public for tests that compare it with the recorded one).</summary>
    public AmiAction OriginateAction(DialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new AmiAction("Originate")
            .Add("Channel", $"PJSIP/{request.Phone}@{_options.Trunk}")
            .Add("Context", _options.ConnectContext)
            .Add("Exten", request.ConnectExtension ?? request.SeatExtension)
            .Add("Priority", "1")
            .Add("CallerID", $"\"{_options.CallerId}\" <{_options.CallerId}>")
            .Add("Timeout", ((long)_options.RingTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
            .Add("ChannelId", request.CallId)
            .Add("Variable", $"CC_CALLID={request.CallId}")
            .Add("Variable", $"CC_INTENT={request.Intent}")
            .Add("Variable", $"CC_SEAT={request.SeatId}")
            .Add("Async", "true");
    }

    /// <inheritdoc />
    public async Task<DialOutcome> DialAsync(DialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_sites.TryGetValue(request.SiteCode, out var client))
        {
            return new DialOutcome(DialStatus.Failed);
        }

        var pending = new PendingDial();
        _pending[request.CallId] = pending;
        try
        {
            AmiMessage response;
            try
            {
                response = await client.SendActionAsync(OriginateAction(request), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmiException or TimeoutException or IOException)
            {
                return new DialOutcome(DialStatus.Failed);
            }

            if (!response.IsSuccess)
            {
                return new DialOutcome(DialStatus.Failed);
            }

            // A failure with no channel (Uniqueid <unknown>) can only be matched by its ActionID.
            if (response.ActionId is { } actionId && _orphans.TryRemove(actionId, out var orphan))
            {
                return orphan.Outcome;
            }

            pending.ActionId = response.ActionId;
            var ringLimit = _options.RingTimeout + TimeSpan.FromSeconds(30);
            return await pending.Outcome.Task.WaitAsync(ringLimit, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new DialOutcome(DialStatus.Failed);
        }
        finally
        {
            _pending.TryRemove(request.CallId, out _);
            pending.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        foreach (var pending in _pending.Values)
        {
            pending.Outcome.TrySetResult(new DialOutcome(DialStatus.Failed));
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnEventAsync(AmiMessage message, CancellationToken cancellationToken)
    {
        if (AmiOriginateResponseEvent.TryFrom(message, out var originate))
        {
            OnOriginateResponse(originate);
        }
        else if (message.IsEvent("Hangup") && message["Uniqueid"] is { } uniqueid && _pending.TryGetValue(uniqueid, out var pending))
        {
            var cause = message.GetInt32("Cause");
            pending.HangupCause = cause;
            if (pending.AwaitingCause)
            {
                pending.Outcome.TrySetResult(FromCause(cause));
            }
        }

        return ValueTask.CompletedTask;
    }

    private void OnOriginateResponse(AmiOriginateResponseEvent view)
    {
        var uniqueid = view.Uniqueid;
        if (uniqueid is null || !_pending.TryGetValue(uniqueid, out var pending))
        {
            pending = _pending.Values.FirstOrDefault(p => p.ActionId is not null && string.Equals(p.ActionId, view.ActionId, StringComparison.Ordinal));
            if (pending is null)
            {
                if (view.ActionId is { } actionId && !view.IsSuccess)
                {
                    _orphans[actionId] = (new DialOutcome(DialStatus.Failed), _time.GetUtcNow());
                }

                return;
            }
        }

        if (view.IsSuccess)
        {
            pending.Outcome.TrySetResult(new DialOutcome(DialStatus.Answered));
            return;
        }

        switch (view.Reason)
        {
            case 3 or 1:
                pending.Outcome.TrySetResult(new DialOutcome(DialStatus.NoAnswer, pending.HangupCause));
                break;
            case 5:
                pending.Outcome.TrySetResult(new DialOutcome(DialStatus.Busy, pending.HangupCause ?? 17));
                break;
            case 8:
                pending.Outcome.TrySetResult(new DialOutcome(DialStatus.Congestion, pending.HangupCause));
                break;
            default:
                if (pending.HangupCause is { } cause)
                {
                    pending.Outcome.TrySetResult(FromCause(cause));
                }
                else
                {
                    // S6b: the Hangup with Cause 17 arrives just after the OriginateResponse.
                    pending.AwaitingCause = true;
                    pending.Timer = _time.CreateTimer(
                        static state => ((PendingDial)state!).Outcome.TrySetResult(new DialOutcome(DialStatus.Failed)),
                        pending, HangupCauseWait, Timeout.InfiniteTimeSpan);
                }

                break;
        }
    }

    /// <summary>Q.850 causes: 17 user busy; 18/19 no answer; 34/38/41/42 congestion; anything else a failure.</summary>
    private static DialOutcome FromCause(int? cause) => cause switch
    {
        17 => new DialOutcome(DialStatus.Busy, cause),
        18 or 19 => new DialOutcome(DialStatus.NoAnswer, cause),
        34 or 38 or 41 or 42 => new DialOutcome(DialStatus.Congestion, cause),
        _ => new DialOutcome(DialStatus.Failed, cause),
    };

    private sealed class PendingDial : IDisposable
    {
        public TaskCompletionSource<DialOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile string? ActionId;

        public int? HangupCause { get; set; }

        public bool AwaitingCause { get; set; }

        public ITimer? Timer { get; set; }

        public void Dispose() => Timer?.Dispose();
    }
}
