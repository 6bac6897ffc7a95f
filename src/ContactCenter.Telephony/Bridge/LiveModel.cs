using ContactCenter.Core;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Ami;
using Microsoft.Extensions.Logging;

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

/// <summary>
/// The live picture of every site this bridge serves: seats and their state machines, queues and who waits
/// in them, and one contact record per call (keyed by the stable call id, so an overflowed call keeps its
/// record). Changed only by <see cref="Apply"/> (facts from the site adapters), by seat wrap-up timers and
/// by routing decisions; all under one lock, since an overflowed call touches two sites.
/// </summary>
internal sealed partial class LiveModel
{
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

    public bool IsSiteUp(string siteCode)
    {
        lock (_gate)
        {
            return _sites.TryGetValue(siteCode, out var site) && site.IsUp;
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
                OnMember(site, member, outbox);
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
            case SiteResynced resynced:
                Reconcile(site, resynced, outbox);
                break;
            default:
                break;
        }
    }

    // ---------------------------------------------------------------- calls

    private CallState EnsureCall(SiteState site, string callId, ContactDirection direction, string? callerNumber, DateTimeOffset createdAt,
        string? uniqueid, string? channel, Outbox outbox)
    {
        if (!_calls.TryGetValue(callId, out var call))
        {
            var contact = new Contact(callId, direction, site.Code, callerNumber: direction == ContactDirection.Inbound ? Clip(callerNumber) : null,
                ivrEnteredAt: direction == ContactDirection.Inbound ? createdAt : null);
            call = new CallState(contact, site.Code);
            _calls[callId] = call;
            Record(call, outbox);
        }

        if (uniqueid is not null && string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal) && call.Uniqueid is null)
        {
            call.Uniqueid = uniqueid;
            call.Channel = channel;
        }

        return call;
    }

    private static string? Clip(string? number) =>
        string.IsNullOrWhiteSpace(number) || number.StartsWith('<') ? null : number.Length > 32 ? number[..32] : number;

    private void OnVariable(CallVariableSet fact, Outbox outbox)
    {
        if (!_calls.TryGetValue(fact.CallId, out var call))
        {
            return;
        }

        var contact = call.Contact;
        switch (fact.Name)
        {
            case "CC_POLICY" when fact.Value.Length > 0 && !contact.IsClosed:
                contact.Identify(contact.CustomerId, fact.Value);
                contact.SetIvrData("policy", fact.Value);
                break;
            case "CC_INTENT" when fact.Value.Length > 0 && !contact.IsClosed:
                if (!contact.IvrData.TryGetValue("menu", out var menu) || menu != fact.Value)
                {
                    contact.SetIvrData("menu", fact.Value);
                    contact.RecordIvrStep(fact.Value);
                }

                break;
            case "CC_CALLBACK_RESULT" when fact.Value.Length > 0 && !contact.IsClosed:
                contact.SetIvrData("callbackResult", fact.Value);
                break;
            case "MIXMONITOR_FILENAME" when fact.Value.Length > 0:
                contact.AttachRecording(Path.GetFileName(fact.Value));
                break;
            case "QUEUESTATUS":
            case "CC_OUTCOME":
                call.Variables[fact.Name] = fact.Value;
                return;
            default:
                return;
        }

        Record(call, outbox);
    }

    private void OnQueued(SiteState site, CallQueued fact, Outbox outbox)
    {
        var call = EnsureCall(site, fact.CallId, fact.Direction, fact.CallerNumber, fact.ChannelCreatedAt, fact.Uniqueid, fact.Channel, outbox);
        if (call.Contact.IsClosed)
        {
            return;
        }

        if (!string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            // The call arrived from another site (overflow). Record the hop if the Redirect answer is not in yet.
            ArriveAt(call, site.Code, fact.At, outbox);
            call.Uniqueid = fact.Uniqueid;
            call.Channel = fact.Channel;
        }

        call.ArrivedAt.Add(site.Code);
        var queue = QueueOf(site, fact.QueueName);
        LeaveWaitingList(call);
        call.QueueName = fact.QueueName;
        call.JoinedAt = fact.At;
        call.LastExit = null;
        queue.Waiting.Add(call);
        call.Contact.Enqueue(queue.Queue.Id, Clamp(call.Contact, fact.At));
        Record(call, outbox);
        outbox.Events.Add(new CallWaiting(site.Code, queue.Queue.Id, call.Contact.CallId, fact.At));
        PublishFigures(site, queue, fact.At, outbox);
    }

    private static void ArriveAt(CallState call, string siteCode, DateTimeOffset at, Outbox outbox)
    {
        var reason = call.PendingOverflow is { } pending && pending.ToSite == siteCode ? pending.Reason : OverflowReason.Manual;
        if (!string.Equals(call.Contact.CurrentSiteCode, siteCode, StringComparison.Ordinal))
        {
            call.Contact.Overflow(siteCode, reason, Clamp(call.Contact, call.PendingOverflow?.DecidedAt ?? at));
        }

        call.PendingOverflow = null;
        call.OverflowedFrom.Add(call.SiteCode);
        call.SiteCode = siteCode;
        Record(call, outbox);
    }

    private void OnAbandoned(SiteState site, CallAbandoned fact, Outbox outbox)
    {
        if (!_calls.TryGetValue(fact.CallId, out var call) || !string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            return;
        }

        // A Redirect out of Queue() is reported as an abandon: if we sent one, the call is overflowing.
        call.LastExit = call.PendingOverflow is not null || call.OverflowedFrom.Contains(site.Code) ? QueueExit.Overflowed : QueueExit.Abandoned;
        call.LastExitAt = fact.At;
        LeaveQueue(site, call, fact.At, outbox);
    }

    private void OnLeftQueue(SiteState site, CallLeftWaitingList fact, Outbox outbox)
    {
        if (_calls.TryGetValue(fact.CallId, out var call) && string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            LeaveQueue(site, call, fact.At, outbox);
        }
    }

    private void LeaveQueue(SiteState site, CallState call, DateTimeOffset at, Outbox outbox)
    {
        if (call.QueueName is { } name && LeaveWaitingList(call))
        {
            PublishFigures(site, QueueOf(site, name), at, outbox);
        }
    }

    private bool LeaveWaitingList(CallState call)
    {
        if (call.QueueName is null)
        {
            return false;
        }

        foreach (var site in _sites.Values)
        {
            if (site.Queues.TryGetValue(call.QueueName, out var queue) && queue.Waiting.Remove(call))
            {
                return true;
            }
        }

        return false;
    }

    private void OnRang(SiteState site, SeatRang fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, fact.QueueName);
        if (!_calls.TryGetValue(fact.CallId, out var call) || call.Contact.IsClosed)
        {
            return;
        }

        EnsureReady(site, entry, fact.At, outbox);
        Change(site, entry, entry.Seat.Ring(fact.CallId, fact.At), outbox);
        entry.CallChannel = fact.AgentChannel;
        call.RingingSeats.Add(entry.Seat.Id);
        call.Contact.Ring(entry.Seat.Id, Clamp(call.Contact, fact.At));
        Record(call, outbox);
        PublishFigures(site, QueueOf(site, fact.QueueName), fact.At, outbox);
    }

    private void OnRingNoAnswer(SiteState site, SeatDidNotAnswer fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, null);
        if (_calls.TryGetValue(fact.CallId, out var call))
        {
            call.RingingSeats.Remove(entry.Seat.Id);
        }

        if (entry.Seat.State != AgentState.Ringing)
        {
            return;
        }

        Change(site, entry, entry.Seat.RingNoAnswer(fact.CallId, fact.At), outbox);

        // Stop ringing an empty desk: pause the member in every queue with the reason 未接.
        outbox.Actions.Add(new OutgoingAction(site.Code, new AmiAction("QueuePause")
            .Add("Interface", entry.Interface).Add("Paused", "true").Add("Reason", NotReadyReasons.RingNoAnswer), "pause after ring-no-answer"));
    }

    private void OnConnected(SiteState site, SeatConnected fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, fact.QueueName);
        if (!_calls.TryGetValue(fact.CallId, out var call) || call.Contact.IsClosed)
        {
            return;
        }

        LeaveWaitingList(call);
        CancelOtherRings(site, call, entry.Seat.Id, fact.At, outbox);
        if (entry.Seat.State != AgentState.Ringing || entry.Seat.CurrentCallId != fact.CallId)
        {
            EnsureReady(site, entry, fact.At, outbox);
            Change(site, entry, entry.Seat.Ring(fact.CallId, fact.At), outbox);
        }

        Change(site, entry, entry.Seat.Answer(fact.CallId, fact.At), outbox);
        entry.CallChannel = fact.AgentChannel ?? entry.CallChannel;
        var queue = QueueOf(site, fact.QueueName);
        call.Contact.Answer(entry.Seat.Id, Clamp(call.Contact, fact.At));
        if (call.Contact.AnswerWait is { } wait)
        {
            queue.AverageWaitSeconds = queue.AnsweredCount == 0 ? wait.TotalSeconds : (0.8 * queue.AverageWaitSeconds) + (0.2 * wait.TotalSeconds);
            queue.AnsweredCount++;
        }

        Record(call, outbox);
        outbox.Events.Add(new CallAnswered(site.Code, queue.Queue.Id, fact.CallId, entry.Seat.Id, fact.At));
        PublishFigures(site, queue, fact.At, outbox);
    }

    private void OnCompleted(SiteState site, SeatCallCompleted fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, null, null);
        if (_calls.TryGetValue(fact.CallId, out var call) && !call.Contact.IsClosed && call.Contact.WasAnswered)
        {
            Close(site, call, ContactOutcome.Answered, fact.At, outbox);
        }

        EndSeatCall(site, entry, fact.CallId, fact.At, outbox);
    }

    private void OnHungUp(SiteState site, CallHungUp fact, Outbox outbox)
    {
        if (!_calls.TryGetValue(fact.CallId, out var call) || call.Contact.IsClosed)
        {
            return;
        }

        if (!string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            // The entry site's leg of an overflowed call: the receiving site ends the record, unless the call never got there.
            if (call.ArrivedAt.Contains(call.SiteCode))
            {
                return;
            }

            Close(site, call, ContactOutcome.Overflowed, fact.At, outbox);
            return;
        }

        if (call.Uniqueid is not null && !string.Equals(call.Uniqueid, fact.Uniqueid, StringComparison.Ordinal))
        {
            return;
        }

        if (call.PendingOverflow is not null || call.LastExit == QueueExit.Overflowed)
        {
            Close(site, call, ContactOutcome.Overflowed, fact.At, outbox);
            return;
        }

        var outcome = OutcomeAtHangup(call);
        var at = outcome == ContactOutcome.Abandoned && call.LastExit == QueueExit.Abandoned && call.LastExitAt is { } left ? left : fact.At;
        Close(site, call, outcome, at, outbox);
    }

    private static ContactOutcome OutcomeAtHangup(CallState call)
    {
        if (call.Contact.WasAnswered)
        {
            return call.Variables.TryGetValue("CC_OUTCOME", out var forced) && forced.Equals("transferred", StringComparison.OrdinalIgnoreCase)
                ? ContactOutcome.Transferred
                : ContactOutcome.Answered;
        }

        if (call.Variables.TryGetValue("CC_OUTCOME", out var hint) && DomainCodes.TryParse<ContactOutcome>(hint, out var hinted) && hinted != ContactOutcome.Answered)
        {
            return hinted;
        }

        if (call.LastExit != QueueExit.Abandoned && call.Variables.TryGetValue("QUEUESTATUS", out var status))
        {
            switch (status.ToUpperInvariant())
            {
                case "TIMEOUT":
                    return ContactOutcome.Timeout;
                case "FULL":
                    return ContactOutcome.Full;
                case "JOINEMPTY" or "JOINUNAVAIL":
                    return ContactOutcome.JoinEmpty;
                case "LEAVEEMPTY" or "LEAVEUNAVAIL":
                    return ContactOutcome.LeaveEmpty;
                default:
                    break;
            }
        }

        return ContactOutcome.Abandoned;
    }

    private void Close(SiteState site, CallState call, ContactOutcome outcome, DateTimeOffset at, Outbox outbox)
    {
        LeaveWaitingList(call);
        var threshold = call.QueueName is { } name && _sites.TryGetValue(call.SiteCode, out var current) && current.Queues.TryGetValue(name, out var queue)
            ? queue.Queue.ShortAbandonThreshold
            : TimeSpan.FromSeconds(site.Options.ShortAbandonSeconds);
        call.Contact.Close(outcome, Clamp(call.Contact, at), threshold);
        _closedOrder.Enqueue((at, call.Contact.CallId));
        CancelOtherRings(site, call, null, at, outbox);
        outbox.Records.Add((ContactCopy.Of(call.Contact), true));
        outbox.Events.Add(new CallEnded(call.SiteCode, call.Contact.CallId, outcome, call.Contact.ShortAbandon, at));
        if (call.QueueName is { } queueName && _sites.TryGetValue(call.SiteCode, out var at2) && at2.Queues.TryGetValue(queueName, out var q2))
        {
            PublishFigures(at2, q2, at, outbox);
        }
    }

    private static void CancelOtherRings(SiteState site, CallState call, string? except, DateTimeOffset at, Outbox outbox)
    {
        foreach (var seatId in call.RingingSeats.ToArray())
        {
            if (seatId != except && site.Seats.TryGetValue(seatId, out var other) && other.Seat.State == AgentState.Ringing
                && other.Seat.CurrentCallId == call.Contact.CallId)
            {
                Change(site, other, other.Seat.CancelRing(call.Contact.CallId, at), outbox);
            }
        }

        call.RingingSeats.Clear();
    }

    private static DateTimeOffset Clamp(Contact contact, DateTimeOffset at)
    {
        var latest = contact.EndedAt ?? contact.AnsweredAt ?? contact.RingingAt ?? contact.EnqueuedAt ?? contact.IvrEnteredAt;
        if (contact.OverflowHops.Count > 0 && contact.OverflowHops[^1].DecidedAt > latest)
        {
            latest = contact.OverflowHops[^1].DecidedAt;
        }

        return latest is { } l && l > at ? l : at;
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

    // ---------------------------------------------------------------- seats

    private static SeatEntry SeatOf(SiteState site, string seatId, string? iface, string? queueName)
    {
        if (site.Seats.TryGetValue(seatId, out var entry))
        {
            return entry;
        }

        // A member nobody configured (added from the CLI, or before the server loaded seats): track it anyway.
        var extension = iface is { } i && i.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? i[(slash + 1)..] : seatId;
        var seat = new Seat(seatId, site.Code, extension, seatId);
        if (queueName is not null)
        {
            seat.JoinQueue(Queue.MakeId(site.Code, queueName));
        }

        entry = new SeatEntry(seat, iface ?? $"{site.Options.SeatTechnology}/{extension}");
        site.Seats[seatId] = entry;
        site.SeatsByInterface[entry.Interface] = entry;
        return entry;
    }

    /// <summary>Asterisk offers calls only to logged-in, unpaused members: bring a seat we thought otherwise in line.</summary>
    private void EnsureReady(SiteState site, SeatEntry entry, DateTimeOffset at, Outbox outbox)
    {
        var seat = entry.Seat;
        switch (seat.State)
        {
            case AgentState.LoggedOut:
                Change(site, entry, seat.LogIn(ready: true, at), outbox);
                break;
            case AgentState.NotReady or AgentState.WrapUp:
                Change(site, entry, seat.SetReady(at), outbox);
                break;
            case AgentState.Ringing when seat.CurrentCallId is { } other:
                Change(site, entry, seat.CancelRing(other, at), outbox);
                break;
            case AgentState.OnCall when seat.CurrentCallId is { } other:
                EndSeatCall(site, entry, other, at, outbox);
                if (seat.State != AgentState.Ready)
                {
                    Change(site, entry, seat.SetReady(at), outbox);
                }

                break;
            default:
                break;
        }
    }

    private void EndSeatCall(SiteState site, SeatEntry entry, string callId, DateTimeOffset at, Outbox outbox)
    {
        var seat = entry.Seat;
        if (seat.State != AgentState.OnCall || seat.CurrentCallId != callId)
        {
            return;
        }

        var wrapUp = TimeSpan.FromSeconds(site.Options.WrapUpSeconds);
        Change(site, entry, seat.EndCall(callId, wrapUp, at), outbox);
        entry.LastCallId = callId;
        if (entry.PendingNotReady is { } reason)
        {
            entry.PendingNotReady = null;
            Change(site, entry, seat.SetNotReady(reason, at), outbox);
            RecordAfterCallWork(entry, at, outbox);
            return;
        }

        if (seat.State == AgentState.WrapUp && seat.WrapUpDeadline is { } deadline)
        {
            entry.WrapTimer?.Dispose();
            entry.WrapTimer = _time.CreateTimer(_ => CompleteWrapUp(site.Code, entry.Seat.Id, deadline), null, wrapUp, Timeout.InfiniteTimeSpan);
        }
    }

    private void CompleteWrapUp(string siteCode, string seatId, DateTimeOffset deadline)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            if (!_sites.TryGetValue(siteCode, out var site) || !site.Seats.TryGetValue(seatId, out var entry))
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (entry.Seat.WrapUpDeadline is { } current && current == deadline
                && entry.Seat.CompleteWrapUpIfDue(now > deadline ? now : deadline) is { } change)
            {
                Note(site, change, outbox);
                RecordAfterCallWork(entry, change.At, outbox);
            }
            Flush(outbox);
        }
    }

    private void RecordAfterCallWork(SeatEntry entry, DateTimeOffset endedAt, Outbox outbox)
    {
        if (entry.LastCallId is { } callId && _calls.TryGetValue(callId, out var call) && call.Contact.EndedAt is { } ended && call.Contact.WasAnswered)
        {
            call.Contact.RecordAfterCallWork(endedAt > ended ? endedAt - ended : TimeSpan.Zero);
            outbox.Records.Add((ContactCopy.Of(call.Contact), call.Contact.IsClosed));
        }

        entry.LastCallId = null;
    }

    private void OnMember(SiteState site, MemberObserved fact, Outbox outbox)
    {
        var entry = SeatOf(site, fact.SeatId, fact.Interface, fact.QueueName);
        var seat = entry.Seat;
        switch (fact.Change)
        {
            case MemberChange.Removed:
                entry.ActiveQueues.Remove(fact.QueueName);
                if (entry.ActiveQueues.Count == 0 && seat.State is AgentState.Ready or AgentState.NotReady or AgentState.WrapUp)
                {
                    entry.WrapTimer?.Dispose();
                    RecordAfterCallWorkIfWrapping(entry, fact.At, outbox);
                    Change(site, entry, seat.LogOut(fact.At), outbox);
                }

                break;
            default:
                entry.ActiveQueues.Add(fact.QueueName);
                if (seat.State == AgentState.LoggedOut)
                {
                    Change(site, entry, seat.LogIn(!fact.Paused, fact.At), outbox);
                    if (fact.Paused && fact.PausedReason is { Length: > 0 } firstReason)
                    {
                        Change(site, entry, seat.SetNotReady(firstReason, fact.At), outbox);
                    }
                }
                else if (fact.Paused)
                {
                    var reason = string.IsNullOrWhiteSpace(fact.PausedReason) ? "示忙" : fact.PausedReason;
                    if (seat.State is AgentState.Ready or AgentState.WrapUp
                        || (seat.State == AgentState.NotReady && seat.NotReadyReason != reason))
                    {
                        RecordAfterCallWorkIfWrapping(entry, fact.At, outbox);
                        Change(site, entry, seat.SetNotReady(reason, fact.At), outbox);
                    }
                    else if (seat.State is AgentState.OnCall or AgentState.Ringing)
                    {
                        entry.PendingNotReady = reason;
                    }
                }
                else if (seat.State == AgentState.NotReady)
                {
                    Change(site, entry, seat.SetReady(fact.At), outbox);
                }
                else if (seat.State is AgentState.OnCall or AgentState.Ringing)
                {
                    entry.PendingNotReady = null;
                }

                break;
        }

        foreach (var queue in site.Queues.Values.Where(q => q.Queue.Name == fact.QueueName))
        {
            PublishFigures(site, queue, fact.At, outbox);
        }
    }

    private void RecordAfterCallWorkIfWrapping(SeatEntry entry, DateTimeOffset at, Outbox outbox)
    {
        if (entry.Seat.State == AgentState.WrapUp)
        {
            entry.WrapTimer?.Dispose();
            RecordAfterCallWork(entry, at, outbox);
        }
    }

    private static void Change(SiteState site, SeatEntry entry, AgentStateChange change, Outbox outbox)
    {
        if (change.From == AgentState.WrapUp && change.To != AgentState.WrapUp)
        {
            entry.WrapTimer?.Dispose();
            entry.WrapTimer = null;
        }

        Note(site, change, outbox);
    }

    private static void Note(SiteState site, AgentStateChange change, Outbox outbox)
    {
        if (change.From != change.To || change.Reason is not null)
        {
            outbox.Events.Add(new SeatStateChanged(site.Code, change));
        }
    }

    // ---------------------------------------------------------------- queues

    private static QueueState QueueOf(SiteState site, string queueName)
    {
        if (!site.Queues.TryGetValue(queueName, out var queue))
        {
            queue = new QueueState(new Queue(site.Code, queueName, queueName, shortAbandonSeconds: site.Options.ShortAbandonSeconds));
            site.Queues[queueName] = queue;
        }

        return queue;
    }

    private static QueueFigures ComputeFigures(SiteState site, QueueState queue, DateTimeOffset now)
    {
        var available = 0;
        var staffed = 0;
        foreach (var entry in site.Seats.Values)
        {
            if (entry.ActiveQueues.Contains(queue.Queue.Name))
            {
                staffed++;
                if (entry.Seat.State == AgentState.Ready)
                {
                    available++;
                }
            }
        }

        var waiting = queue.Waiting.Count;
        var longest = waiting > 0 && queue.Waiting.Min(c => c.JoinedAt) is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;
        var estimated = waiting < available ? TimeSpan.Zero : TimeSpan.FromSeconds(queue.AverageWaitSeconds);
        return new QueueFigures(site.Code, queue.Queue.Id, waiting, longest, estimated, available, staffed);
    }

    private void PublishFigures(SiteState site, QueueState queue, DateTimeOffset at, Outbox outbox)
    {
        var now = _time.GetUtcNow();
        outbox.Events.Add(new QueueFiguresChanged(ComputeFigures(site, queue, now > at ? now : at), at));
    }

    private SiteState Site(string code) =>
        _sites.TryGetValue(code, out var site) ? site : throw new DomainValidationException($"site {code} is not served by this bridge");

    // ---------------------------------------------------------------- state

    internal sealed class SiteState(SiteOptions options)
    {
        public SiteOptions Options { get; } = options;

        public string Code => Options.Code;

        public bool IsUp { get; set; }

        public DateTimeOffset? DownSince { get; set; }

        public Dictionary<string, SeatEntry> Seats { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SeatEntry> SeatsByInterface { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, QueueState> Queues { get; } = new(StringComparer.Ordinal);
    }

    internal sealed class QueueState(Queue queue)
    {
        public Queue Queue { get; set; } = queue;

        /// <summary>Waiting callers in join order.</summary>
        public List<CallState> Waiting { get; } = [];

        public double AverageWaitSeconds { get; set; }

        public long AnsweredCount { get; set; }
    }

    internal sealed class SeatEntry(Seat seat, string iface)
    {
        public Seat Seat { get; } = seat;

        public string Interface { get; } = iface;

        /// <summary>Queues Asterisk has the seat in right now (names).</summary>
        public HashSet<string> ActiveQueues { get; } = new(StringComparer.Ordinal);

        /// <summary>A pause that arrived during a call, applied when it ends.</summary>
        public string? PendingNotReady { get; set; }

        public ITimer? WrapTimer { get; set; }

        public string? LastCallId { get; set; }

        /// <summary>The seat's leg of its current call (e.g. <c>PJSIP/1001-00000008</c>); meaningful only while it rings or talks.</summary>
        public string? CallChannel { get; set; }
    }

    internal enum QueueExit
    {
        Abandoned,
        Overflowed,
    }

    internal sealed record PendingOverflow(string FromSite, string ToSite, OverflowReason Reason, DateTimeOffset DecidedAt);

    internal sealed class CallState(Contact contact, string siteCode)
    {
        public Contact Contact { get; } = contact;

        /// <summary>The site the call is at now.</summary>
        public string SiteCode { get; set; } = siteCode;

        /// <summary>The channel that carries the call at <see cref="SiteCode"/>.</summary>
        public string? Uniqueid { get; set; }

        public string? Channel { get; set; }

        public string? QueueName { get; set; }

        public DateTimeOffset? JoinedAt { get; set; }

        public QueueExit? LastExit { get; set; }

        public DateTimeOffset? LastExitAt { get; set; }

        public PendingOverflow? PendingOverflow { get; set; }

        public HashSet<string> OverflowedFrom { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ArrivedAt { get; } = new(StringComparer.Ordinal);

        public HashSet<string> RingingSeats { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>A seat as the desktop and the wallboard see it.</summary>
/// <param name="CallChannel">The seat's leg while a call rings or is connected (full channel name, for ChanSpy); otherwise null.</param>
public sealed record SeatSnapshot(string SeatId, string SiteCode, string Extension, AgentState State, string? NotReadyReason, string? CallId,
    DateTimeOffset? StateEnteredAt, DateTimeOffset? WrapUpDeadline, IReadOnlyList<string> ActiveQueues, string? CallChannel = null)
{
    /// <summary>The queues the seat is configured for (ids with penalties), whether or not it is logged in.</summary>
    public IReadOnlyList<SeatQueueMembership> Queues { get; init; } = [];

    internal static SeatSnapshot Of(LiveModel.SeatEntry entry) => new(entry.Seat.Id, entry.Seat.SiteCode, entry.Seat.Extension, entry.Seat.State,
        entry.Seat.NotReadyReason, entry.Seat.CurrentCallId, entry.Seat.StateEnteredAt, entry.Seat.WrapUpDeadline, [.. entry.ActiveQueues.Order(StringComparer.Ordinal)],
        entry.Seat.State is AgentState.Ringing or AgentState.OnCall ? entry.CallChannel : null)
    {
        Queues = [.. entry.Seat.Queues],
    };
}

/// <summary>Copies a contact so the sink and the callers never see it change under them.</summary>
internal static class ContactCopy
{
    public static Contact Of(Contact c) => new(c.CallId, c.Direction, c.SiteCode, c.QueueId, c.SeatId, c.CallerNumber, c.CustomerId, c.PolicyNumber,
        c.IvrPath, new Dictionary<string, string>(c.IvrData, StringComparer.Ordinal), c.RecordingFile, c.IvrEnteredAt, c.EnqueuedAt, c.RingingAt,
        c.AnsweredAt, c.EndedAt, c.Outcome, c.ShortAbandon, c.WrapUpCode, c.Notes, [.. c.OverflowHops], c.AfterCallWork, c.Version);
}
