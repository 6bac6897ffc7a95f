using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Outbound;

/// <summary>How an <c>Originate</c> ended, as Asterisk 22 reports it (fixtures S6).</summary>
public enum OriginateStatus
{
    Answered,
    NoAnswer,
    Busy,
    Congestion,
    Failed,
}

/// <summary>An originate's end: the OriginateResponse reason, refined by the channel's hang-up cause (Q.850) when known.</summary>
public sealed record OriginateOutcome(OriginateStatus Status, int? HangupCause = null)
{
    /// <summary>The short label the bridge reports (<c>answered</c>, <c>no-answer</c>, <c>busy</c>, <c>congestion</c>, <c>failed</c>).</summary>
    public string Label => Status switch
    {
        OriginateStatus.Answered => "answered",
        OriginateStatus.NoAnswer => "no-answer",
        OriginateStatus.Busy => "busy",
        OriginateStatus.Congestion => "congestion",
        _ => "failed",
    };

    /// <summary>Q.850 causes: 17 user busy; 18/19 no answer; 34/38/41/42 congestion; anything else a failure.</summary>
    public static OriginateOutcome FromCause(int? cause) => cause switch
    {
        17 => new(OriginateStatus.Busy, cause),
        18 or 19 => new(OriginateStatus.NoAnswer, cause),
        34 or 38 or 41 or 42 => new(OriginateStatus.Congestion, cause),
        _ => new(OriginateStatus.Failed, cause),
    };
}

/// <summary>
/// Matches <c>Originate Async: true</c> actions to their outcome on one AMI link (events on). It is the one place that
/// reads Asterisk 22's originate results (fixtures S6):
/// <list type="bullet">
/// <item><c>OriginateResponse</c> <c>Response: Success</c> (<c>Reason: 4</c>): answered.</item>
/// <item><c>Failure</c>, <c>Reason: 3</c> (rang out) or <c>1</c> (hung up before answer): no answer.</item>
/// <item><c>Failure</c>, <c>Reason: 0</c>: a 486 Busy comes back like this, not as Reason 5. The channel's
/// <c>HangupRequest</c>/<c>Hangup</c> <c>Cause: 17</c> (just before or just after) tells busy from other failures,
/// so a Reason 0 waits up to <see cref="HangupCauseWait"/> for it.</item>
/// <item><c>Reason: 5</c> busy, <c>Reason: 8</c> congestion.</item>
/// <item>A failure with no channel has <c>Uniqueid: &lt;unknown&gt;</c> and is matched by its ActionID; every other
/// response is matched by its Uniqueid only (the ActionIDs of two nodes' clients differ, see
/// <see cref="AmiOptions.ActionIdPrefix"/>, yet a response with a channel never needs them).</item>
/// </list>
/// An originate is keyed by its call id, which is the <c>ChannelId</c> and so the Uniqueid. Originates this tracker
/// did not send (another node's) are classified the same way and reported through the settled callback.
/// Thread-safe: events arrive on the link's reader, requests from the dialers, timers from the pool.
/// </summary>
public sealed class OriginateTracker : IDisposable
{
    /// <summary>How long a Reason 0 failure waits for the channel's hang-up cause.</summary>
    public static readonly TimeSpan HangupCauseWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan OrphanLifetime = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (OriginateOutcome Outcome, DateTimeOffset At)> _orphans = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Action<string, OriginateOutcome, DateTimeOffset>? _settled;
    private bool _disposed;

    /// <summary>Creates the tracker; <paramref name="settled"/> hears every classified originate (call id or Uniqueid, outcome, event time).</summary>
    public OriginateTracker(TimeProvider timeProvider, Action<string, OriginateOutcome, DateTimeOffset>? settled = null)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _settled = settled;
    }

    /// <summary>
    /// Sends <paramref name="originate"/> (<c>Async: true</c>, <c>ChannelId</c> = <paramref name="callId"/>) on
    /// <paramref name="client"/> and waits for its outcome, at most <paramref name="limit"/>. Never throws for a refused
    /// call or a link failure: those are <see cref="OriginateStatus.Failed"/>.
    /// </summary>
    public async Task<OriginateOutcome> OriginateAsync(AmiClient client, string callId, AmiAction originate, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(originate);
        var outcome = Expect(callId);
        try
        {
            AmiMessage response;
            try
            {
                response = await client.SendActionAsync(originate, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmiException or TimeoutException or IOException)
            {
                return Settle(callId, new OriginateOutcome(OriginateStatus.Failed));
            }

            if (!response.IsSuccess)
            {
                return Settle(callId, new OriginateOutcome(OriginateStatus.Failed));
            }

            Accepted(callId, response.ActionId);
            return await outcome.WaitAsync(limit, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return Settle(callId, new OriginateOutcome(OriginateStatus.Failed));
        }
        finally
        {
            Forget(callId);
        }
    }

    /// <summary>Feeds one event from the link: <c>OriginateResponse</c>, <c>HangupRequest</c> and <c>Hangup</c> are read, others ignored.</summary>
    public void Observe(AmiMessage message, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (AmiOriginateResponseEvent.TryFrom(message, out var view))
        {
            OnOriginateResponse(view, at);
        }
        else if ((message.IsEvent("Hangup") || message.IsEvent("HangupRequest") || message.IsEvent("SoftHangupRequest"))
            && message["Uniqueid"] is { } uniqueid && message.GetInt32("Cause") is { } cause)
        {
            Pending? settle = null;
            lock (_gate)
            {
                if (_pending.TryGetValue(uniqueid, out var pending))
                {
                    // Hangup is the final word; a request's cause only fills a gap.
                    if (message.IsEvent("Hangup") || pending.HangupCause is null)
                    {
                        pending.HangupCause = cause;
                    }

                    if (pending.AwaitingCause)
                    {
                        settle = pending;
                    }
                }
            }

            if (settle is not null)
            {
                Complete(settle, OriginateOutcome.FromCause(cause), at);
            }
        }
    }

    /// <summary>Fails every originate still waiting (the link is closing).</summary>
    public void Dispose()
    {
        List<Pending> open;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            open = [.. _pending.Values];
        }

        foreach (var pending in open)
        {
            Complete(pending, new OriginateOutcome(OriginateStatus.Failed), _time.GetUtcNow());
        }
    }

    /// <summary>The ActionID an accepted originate waits under, or null (tests: a sync point after the response).</summary>
    internal string? ActionIdOf(string callId)
    {
        lock (_gate)
        {
            return _pending.TryGetValue(callId, out var pending) ? pending.ActionId : null;
        }
    }

    private Task<OriginateOutcome> Expect(string callId)
    {
        var pending = new Pending(callId, tracked: true);
        lock (_gate)
        {
            if (_disposed)
            {
                return Task.FromResult(new OriginateOutcome(OriginateStatus.Failed));
            }

            if (!_pending.TryAdd(callId, pending))
            {
                throw new InvalidOperationException($"an originate with call id {callId} is already waiting");
            }
        }

        return pending.Outcome.Task;
    }

    /// <summary>Asterisk queued the originate: a failure that came before the response, matched by ActionID, settles it now.</summary>
    private void Accepted(string callId, string? actionId)
    {
        Pending? pending;
        OriginateOutcome? early = null;
        lock (_gate)
        {
            if (!_pending.TryGetValue(callId, out pending))
            {
                return;
            }

            pending.ActionId = actionId;
            if (actionId is not null && _orphans.Remove(actionId, out var orphan))
            {
                early = orphan.Outcome;
            }
        }

        if (early is not null)
        {
            Complete(pending, early, _time.GetUtcNow());
        }
    }

    private OriginateOutcome Settle(string callId, OriginateOutcome outcome)
    {
        Pending? pending;
        lock (_gate)
        {
            _pending.TryGetValue(callId, out pending);
        }

        if (pending is not null)
        {
            Complete(pending, outcome, _time.GetUtcNow());
            return pending.Outcome.Task.Result;
        }

        return outcome;
    }

    private void Forget(string callId)
    {
        lock (_gate)
        {
            if (_pending.Remove(callId, out var pending))
            {
                pending.Timer?.Dispose();
            }
        }
    }

    private void OnOriginateResponse(AmiOriginateResponseEvent view, DateTimeOffset at)
    {
        var uniqueid = view.Uniqueid is { } u && !u.StartsWith('<') ? u : null;
        Pending? pending = null;
        lock (_gate)
        {
            if (uniqueid is not null)
            {
                // A known channel is matched by its Uniqueid only: every AMI session with `call` read permission gets
                // every OriginateResponse, so an ActionID match here could be another node's originate.
                _pending.TryGetValue(uniqueid, out pending);
            }
            else if (view.ActionId is { } id)
            {
                pending = _pending.Values.FirstOrDefault(p => p.Tracked && string.Equals(p.ActionId, id, StringComparison.Ordinal));
            }

            if (pending is null)
            {
                if (uniqueid is null)
                {
                    // No channel and no waiting originate with that ActionID (yet): keep it for Accepted.
                    if (view.ActionId is { } actionId && !view.IsSuccess)
                    {
                        var now = _time.GetUtcNow();
                        foreach (var stale in _orphans.Where(o => now - o.Value.At > OrphanLifetime).Select(o => o.Key).ToList())
                        {
                            _orphans.Remove(stale);
                        }

                        _orphans[actionId] = (new OriginateOutcome(OriginateStatus.Failed), now);
                    }

                    return;
                }

                // Another node's originate on the same Asterisk: classify it all the same.
                pending = new Pending(uniqueid, tracked: false);
                if (!view.IsSuccess && view.Reason is not (1 or 3 or 5 or 8))
                {
                    _pending[uniqueid] = pending;
                }
            }
        }

        if (view.IsSuccess)
        {
            Complete(pending, new OriginateOutcome(OriginateStatus.Answered), at);
            return;
        }

        switch (view.Reason)
        {
            case 3 or 1:
                Complete(pending, new OriginateOutcome(OriginateStatus.NoAnswer, pending.HangupCause), at);
                break;
            case 5:
                Complete(pending, new OriginateOutcome(OriginateStatus.Busy, pending.HangupCause ?? 17), at);
                break;
            case 8:
                Complete(pending, new OriginateOutcome(OriginateStatus.Congestion, pending.HangupCause), at);
                break;
            default:
                lock (_gate)
                {
                    if (pending.HangupCause is null)
                    {
                        // S6b: the Hangup with Cause 17 arrives just after the OriginateResponse.
                        pending.AwaitingCause = true;
                        pending.Timer = _time.CreateTimer(
                            state => Complete((Pending)state!, new OriginateOutcome(OriginateStatus.Failed), at),
                            pending, HangupCauseWait, Timeout.InfiniteTimeSpan);
                        return;
                    }
                }

                Complete(pending, OriginateOutcome.FromCause(pending.HangupCause), at);
                break;
        }
    }

    private void Complete(Pending pending, OriginateOutcome outcome, DateTimeOffset at)
    {
        if (!pending.Outcome.TrySetResult(outcome))
        {
            return;
        }

        if (!pending.Tracked)
        {
            lock (_gate)
            {
                if (_pending.TryGetValue(pending.Key, out var current) && ReferenceEquals(current, pending))
                {
                    _pending.Remove(pending.Key);
                }
            }

            pending.Timer?.Dispose();
        }

        _settled?.Invoke(pending.Key, outcome, at);
    }

    private sealed class Pending(string key, bool tracked)
    {
        public string Key { get; } = key;

        public bool Tracked { get; } = tracked;

        public TaskCompletionSource<OriginateOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? ActionId { get; set; }

        public int? HangupCause { get; set; }

        public bool AwaitingCause { get; set; }

        public ITimer? Timer { get; set; }
    }
}
