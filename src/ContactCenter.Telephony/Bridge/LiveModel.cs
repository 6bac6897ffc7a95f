using ContactCenter.Core;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// The live picture of every site this bridge serves: seats and their state machines, queues and who waits
/// in them, and one contact record per call (keyed by the stable call id, so an overflowed call keeps its
/// record). Changed only by <see cref="Apply"/> (facts from the site adapters), by seat wrap-up timers and
/// by routing decisions; all under one lock, since an overflowed call touches two sites.
/// </summary>
internal sealed partial class LiveModel
{
    /// <summary>FullyBooted's Uptime is whole seconds and the link loss is seen a moment after a crash: the start may seem that much early.</summary>
    private static readonly TimeSpan RestartSlack = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SiteState> _sites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallState> _calls = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset ClosedAt, string CallId)> _closedOrder = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<Outbox> _flush;

    public LiveModel(IEnumerable<SiteOptions> sites, TimeProvider timeProvider, ILogger logger, Action<Outbox> flush)
    {
        _time = timeProvider;
        _logger = logger;
        _flush = flush;
        foreach (var site in sites)
        {
            _sites[site.Code] = new SiteState(site);
        }
    }

    /// <summary>How long a closed contact stays in memory (for late survey results and after-call work).</summary>
    public TimeSpan ClosedRetention { get; init; } = TimeSpan.FromMinutes(30);

    public IReadOnlyCollection<string> SiteCodes => _sites.Keys;

    public void ConfigureQueue(Queue queue)
    {
        lock (_gate)
        {
            var site = Site(queue.SiteCode);
            if (site.Queues.TryGetValue(queue.Name, out var existing))
            {
                existing.Queue = queue;
            }
            else
            {
                site.Queues[queue.Name] = new QueueState(queue);
            }
        }
    }

    public void ConfigureSeat(Seat seat)
    {
        lock (_gate)
        {
            var site = Site(seat.SiteCode);
            var entry = new SeatEntry(seat, $"{site.Options.SeatTechnology}/{seat.Extension}");
            site.Seats[seat.Id] = entry;
            site.SeatsByInterface[entry.Interface] = entry;
        }
    }

    public bool IsSiteUp(string siteCode) => SiteStatus(siteCode)?.IsUp == true;

    /// <summary>Whether the site is up and, when down, since when (null: never up yet); null for an unknown site.</summary>
    public (bool IsUp, DateTimeOffset? DownSince)? SiteStatus(string siteCode)
    {
        lock (_gate)
        {
            return _sites.TryGetValue(siteCode, out var site) ? (site.IsUp, site.DownSince) : null;
        }
    }

    /// <summary>A copy of the contact, or null when the call is unknown (or closed long ago).</summary>
    public Contact? FindContact(string callId)
    {
        lock (_gate)
        {
            return _calls.TryGetValue(callId, out var call) ? ContactCopy.Of(call.Contact) : null;
        }
    }

    /// <summary>The seat's state as (state, reason, call id, wrap-up deadline); null when unknown.</summary>
    public SeatSnapshot? FindSeat(string seatId)
    {
        lock (_gate)
        {
            foreach (var site in _sites.Values)
            {
                if (site.Seats.TryGetValue(seatId, out var entry))
                {
                    return SeatSnapshot.Of(entry);
                }
            }

            return null;
        }
    }

    /// <summary>Every seat of a site, for the desktop and wallboard when they connect.</summary>
    public IReadOnlyList<SeatSnapshot> SeatsOf(string siteCode)
    {
        lock (_gate)
        {
            return _sites.TryGetValue(siteCode, out var site) ? [.. site.Seats.Values.Select(SeatSnapshot.Of)] : [];
        }
    }

    /// <summary>Contacts still open (waiting, ringing or talking).</summary>
    public IReadOnlyList<Contact> OpenContacts()
    {
        lock (_gate)
        {
            return [.. _calls.Values.Where(c => !c.Contact.IsClosed).Select(c => ContactCopy.Of(c.Contact))];
        }
    }

    public QueueFigures? Figures(string siteCode, string queueName)
    {
        lock (_gate)
        {
            return _sites.TryGetValue(siteCode, out var site) && site.Queues.TryGetValue(queueName, out var queue)
                ? ComputeFigures(site, queue, _time.GetUtcNow())
                : null;
        }
    }

    /// <summary>Reads a seat for a desktop command, under the lock.</summary>
    public (SeatSnapshot Seat, string Interface, IReadOnlyList<SeatQueueMembership> Queues, string SiteCode) SeatForCommand(string seatId)
    {
        lock (_gate)
        {
            foreach (var site in _sites.Values)
            {
                if (site.Seats.TryGetValue(seatId, out var entry))
                {
                    return (SeatSnapshot.Of(entry), entry.Interface, [.. entry.Seat.Queues], site.Code);
                }
            }
        }

        throw new DomainValidationException($"seat {seatId} is not configured at any site this bridge serves");
    }

    /// <summary>Applies one fact and flushes what it produced.</summary>
    public void Apply(TelephonyFact fact)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            try
            {
                ApplyLocked(fact, outbox);
            }
            catch (DomainException ex)
            {
                // A fact that contradicts the model (events out of order, a state we missed): keep going.
                BridgeLog.FactRejected(_logger, fact.GetType().Name, fact.SiteCode, ex.Message);
            }

            Prune(fact.At);
            Flush(outbox);
        }
    }

    private void ApplyLocked(TelephonyFact fact, Outbox outbox)
    {
        var site = Site(fact.SiteCode);
        switch (fact)
        {
            case CallSeen seen:
                EnsureCall(site, seen.CallId, seen.Direction, seen.CallerNumber, seen.ChannelCreatedAt, seen.Uniqueid, seen.Channel, outbox);
                break;
            case CallVariableSet variable:
                OnVariable(variable, outbox);
                break;
            case CallQueued queued:
                OnQueued(site, queued, outbox);
                break;
            case CallAbandoned abandoned:
                OnAbandoned(site, abandoned, outbox);
                break;
            case CallLeftWaitingList left:
                OnLeftQueue(site, left, outbox);
                break;
            case SeatRang rang:
                OnRang(site, rang, outbox);
                break;
            case SeatDidNotAnswer noAnswer:
                OnRingNoAnswer(site, noAnswer, outbox);
                break;
            case SeatDumped dumped:
                if (_calls.TryGetValue(dumped.CallId, out var dumpedCall) && KnownSeat(site, dumped.SeatId, dumped.Interface) is { } dumpedSeat)
                {
                    dumpedCall.RingingSeats.Remove(dumpedSeat.Seat.Id);
                }

                OnDumped(site, dumped, outbox);
                break;
            case SeatConnected connected:
                OnConnected(site, connected, outbox);
                break;
            case SeatCallCompleted completed:
                OnCompleted(site, completed, outbox);
                break;
            case CallHungUp hungUp:
                OnHungUp(site, hungUp, outbox);
                break;
            case MemberObserved member:
                _ = OnMember(site, member, outbox);
                break;
            case SurveyReported survey:
                outbox.Events.Add(new SurveyCompleted(site.Code, survey.CallId, survey.SeatId, survey.Score, survey.At));
                break;
            case OriginateFailedFact failed:
                outbox.Events.Add(new OriginateFailed(site.Code, failed.CallId, failed.Reason, failed.At));
                break;
            case SiteLinkLost lost:
                if (site.IsUp || site.DownSince is null)
                {
                    site.IsUp = false;
                    site.DownSince = lost.At;
                    outbox.Events.Add(new SiteStatusChanged(site.Code, false, lost.At));
                }

                break;
            case SiteShuttingDown shutdown:
                site.ShutDownAt ??= shutdown.At;
                break;
            case SiteBooted booted:
                // Started after the link was lost: a restart or crash with no Event: Shutdown seen (Uptime is whole seconds).
                if (site.DownSince is { } down && booted.At - booted.Uptime >= down - RestartSlack)
                {
                    site.ShutDownAt ??= booted.At - booted.Uptime;
                }

                break;
            case SiteResynced resynced:
                Reconcile(site, resynced, outbox);
                break;
            default:
                break;
        }
    }

    /// <summary>Hands events and records over inside the lock, so every subscriber and the sink see changes in model order.</summary>
    private void Flush(Outbox outbox)
    {
        if (!outbox.IsEmpty)
        {
            _flush(outbox);
        }
    }

    private static void Record(CallState call, Outbox outbox) => outbox.Records.Add((ContactCopy.Of(call.Contact), call.Contact.IsClosed));

    private void Prune(DateTimeOffset now)
    {
        while (_closedOrder.TryPeek(out var oldest) && now - oldest.ClosedAt > ClosedRetention)
        {
            _closedOrder.Dequeue();
            if (_calls.TryGetValue(oldest.CallId, out var call) && call.Contact.IsClosed)
            {
                _calls.Remove(oldest.CallId);
            }
        }
    }

    private SiteState Site(string code) =>
        _sites.TryGetValue(code, out var site) ? site : throw new DomainValidationException($"site {code} is not served by this bridge");
}
