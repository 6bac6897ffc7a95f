using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Bridge;

/// <summary>Where the IVR should queue a caller (<see cref="TelephonyBridge.DecideRoute"/>).</summary>
/// <param name="HomeSite">The site that asked.</param>
/// <param name="QueueName">The queue, the same name at every site.</param>
/// <param name="TargetSite">The site to queue the caller at: the home site unless <see cref="Diverted"/>.</param>
/// <param name="Diverted">True when the caller goes straight to another site.</param>
/// <param name="Reason">Why it was diverted; null when not.</param>
/// <param name="DialplanContext">When diverted: the context to continue in (the home site's overflow context).</param>
/// <param name="DialplanExten">When diverted: the extension, <c>&lt;target&gt;-&lt;queue&gt;</c>.</param>
public sealed record RouteDecision(string HomeSite, string QueueName, string TargetSite, bool Diverted, OverflowReason? Reason,
    string? DialplanContext, string? DialplanExten);

internal sealed partial class LiveModel
{
    /// <summary>
    /// One pass of the overflow watcher. Per site that is up, per queue whose policy fires (rule order T, W, R),
    /// the oldest waiting caller that is not ringing a seat and not already moving goes to the first target in
    /// the policy's order that is up and has more ready seats in the same queue than callers waiting there
    /// (counting the ones moved in this pass). It repeats while the rule still fires on the reduced load.
    /// </summary>
    public void CheckOverflow()
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var reserved = new Dictionary<(string Site, string Queue), int>();
            foreach (var site in _sites.Values.Where(s => s.IsUp))
            {
                foreach (var queue in site.Queues.Values.Where(q => q.Queue.Overflow.IsEnabled && q.Waiting.Count > 0).ToArray())
                {
                    var figures = ComputeFigures(site, queue, now);
                    var load = figures.ToLoad();
                    var movable = queue.Waiting.Where(c => c.PendingOverflow is null && c.RingingSeats.Count == 0 && c.Channel is not null)
                        .OrderBy(c => c.JoinedAt).ToList();
                    var moved = 0;
                    while (moved < movable.Count && queue.Queue.Overflow.Evaluate(load) is { } reason)
                    {
                        var call = movable[moved];
                        var visited = call.Contact.OverflowHops.Select(h => h.FromSite).Append(site.Code);
                        var target = queue.Queue.Overflow.ChooseTarget(visited, t => CanAccept(t, queue.Queue.Name, reserved));
                        if (target is null)
                        {
                            break;
                        }

                        reserved[(target, queue.Queue.Name)] = reserved.GetValueOrDefault((target, queue.Queue.Name)) + 1;
                        StartOverflow(site, call, target, reason, now, outbox);
                        moved++;
                        var waiting = queue.Waiting.Count(c => c.PendingOverflow is null);
                        load = load with
                        {
                            CallsWaiting = waiting,
                            LongestWait = moved < movable.Count && movable[moved].JoinedAt is { } next && now > next ? now - next : TimeSpan.Zero,
                        };
                    }
                }
            }
            Flush(outbox);
        }
    }

    /// <summary>A target accepts when it is up and has more ready seats in the queue than callers waiting or already sent there.</summary>
    private bool CanAccept(string target, string queueName, Dictionary<(string Site, string Queue), int> reserved)
    {
        if (!_sites.TryGetValue(target, out var site) || !site.IsUp)
        {
            return false;
        }

        var figures = ComputeFigures(site, QueueOf(site, queueName), _time.GetUtcNow());
        return figures.AvailableSeats - figures.CallsWaiting - reserved.GetValueOrDefault((target, queueName)) > 0;
    }

    private void StartOverflow(SiteState site, CallState call, string target, OverflowReason reason, DateTimeOffset now, Outbox outbox)
    {
        call.PendingOverflow = new PendingOverflow(site.Code, target, reason, now);
        var queueName = call.QueueName!;
        var callId = call.Contact.CallId;
        BridgeLog.OverflowDecided(_logger, callId, site.Code, target, queueName, reason);
        outbox.Events.Add(new OverflowDecided(site.Code, target, queueName, callId, reason, now));
        var action = new AmiAction("Redirect")
            .Add("Channel", call.Channel!)
            .Add("Context", site.Options.OverflowContext)
            .Add("Exten", $"{target}-{queueName}")
            .Add("Priority", "1");
        outbox.Actions.Add(new OutgoingAction(site.Code, action, "overflow redirect", (ok, error) => OnRedirectResult(callId, site.Code, target, ok, error)));
    }

    private void OnRedirectResult(string callId, string fromSite, string target, bool ok, string? error)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var call) || call.PendingOverflow is not { } pending || pending.ToSite != target)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (!ok)
            {
                call.PendingOverflow = null;
                outbox.Events.Add(new OverflowFailed(fromSite, target, callId, error ?? "refused", now));
            }
            else if (!call.Contact.IsClosed && !call.Contact.WasAnswered && string.Equals(call.SiteCode, fromSite, StringComparison.Ordinal))
            {
                // The caller left the entry site's queue for the trunk: the same record continues at the target.
                LeaveWaitingList(call);
                call.Contact.Overflow(target, pending.Reason, Clamp(call.Contact, pending.DecidedAt));
                call.OverflowedFrom.Add(fromSite);
                call.SiteCode = target;
                call.Uniqueid = null;
                call.Channel = null;
                call.PendingOverflow = null;
                Record(call, outbox);
                if (_sites.TryGetValue(fromSite, out var site) && call.QueueName is { } name)
                {
                    PublishFigures(site, QueueOf(site, name), now, outbox);
                }
            }
            Flush(outbox);
        }
    }

    /// <summary>
    /// Pre-queue routing for the IVR: the home site unless it is down (then the first policy target that is up
    /// and staffed in the queue) or saturated counting this caller (then the first target that can accept).
    /// A diversion of a known call is recorded on its contact as an overflow hop.
    /// </summary>
    public RouteDecision DecideRoute(string siteCode, string queueName, string? callId)
    {
        var outbox = new Outbox();
        RouteDecision decision;
        lock (_gate)
        {
            var site = Site(siteCode);
            var queue = QueueOf(site, queueName);
            var policy = queue.Queue.Overflow;
            var now = _time.GetUtcNow();
            _calls.TryGetValue(callId ?? string.Empty, out var call);
            var visited = (call?.Contact.OverflowHops.Select(h => h.FromSite) ?? []).Append(siteCode);
            OverflowReason? reason = null;
            string? target = null;
            var none = new Dictionary<(string Site, string Queue), int>();
            if (!site.IsUp)
            {
                reason = OverflowReason.SiteUnavailable;
                target = policy.ChooseTarget(visited, t => _sites.TryGetValue(t, out var s) && s.IsUp && ComputeFigures(s, QueueOf(s, queueName), now).StaffedSeats > 0);
            }
            else
            {
                var figures = ComputeFigures(site, queue, now);
                var load = figures.ToLoad() with { CallsWaiting = figures.CallsWaiting + 1 };
                reason = policy.Evaluate(load);
                if (reason is not null)
                {
                    target = policy.ChooseTarget(visited, t => CanAccept(t, queueName, none));
                }
            }

            if (target is null)
            {
                decision = new RouteDecision(siteCode, queueName, siteCode, false, null, null, null);
            }
            else
            {
                decision = new RouteDecision(siteCode, queueName, target, true, reason, site.Options.OverflowContext, $"{target}-{queueName}");
                BridgeLog.OverflowDecided(_logger, callId ?? "(pre-queue)", siteCode, target, queueName, reason!.Value);
                outbox.Events.Add(new OverflowDecided(siteCode, target, queueName, callId, reason.Value, now));
                if (call is { Contact.IsClosed: false, Contact.WasAnswered: false } && call.SiteCode == siteCode)
                {
                    call.Contact.Overflow(target, reason.Value, Clamp(call.Contact, now));
                    call.OverflowedFrom.Add(siteCode);
                    call.SiteCode = target;
                    call.Uniqueid = null;
                    call.Channel = null;
                    Record(call, outbox);
                }
            }
            Flush(outbox);
        }

        return decision;
    }

    /// <summary>The desktop said "done" during wrap-up: Ready now (Asterisk has no pause to lift).</summary>
    public void SeatReadyFromWrapUp(string seatId)
    {
        var outbox = new Outbox();
        lock (_gate)
        {
            foreach (var site in _sites.Values)
            {
                if (site.Seats.TryGetValue(seatId, out var entry) && entry.Seat.State == Core.Seats.AgentState.WrapUp)
                {
                    var now = _time.GetUtcNow();
                    RecordAfterCallWork(entry, now, outbox);
                    Change(site, entry, entry.Seat.SetReady(now), outbox);
                }
            }
            Flush(outbox);
        }
    }

    /// <summary>A supervisor moved a seat into (penalty given) or out of (null) a queue: the configured membership follows.</summary>
    public void ChangeMembership(string seatId, string queueId, int? penalty)
    {
        lock (_gate)
        {
            foreach (var site in _sites.Values)
            {
                if (site.Seats.TryGetValue(seatId, out var entry))
                {
                    if (penalty is { } p)
                    {
                        entry.Seat.JoinQueue(queueId, p);
                    }
                    else
                    {
                        entry.Seat.LeaveQueue(queueId);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- resync

    private void Reconcile(SiteState site, SiteResynced fact, Outbox outbox)
    {
        var at = fact.At;
        var endAt = site.DownSince ?? at;
        var wasDown = site.DownSince is not null;
        var aliveUniqueids = new HashSet<string>(fact.Channels.Select(c => c.Uniqueid), StringComparer.Ordinal);
        var aliveCallIds = new HashSet<string>(fact.Channels.Where(c => c.CallId is not null).Select(c => c.CallId!), StringComparer.Ordinal);

        // 1. Calls that ended while the link was down: close them with their outcome.
        foreach (var call in _calls.Values.Where(c => !c.Contact.IsClosed && c.SiteCode == site.Code).ToArray())
        {
            var alive = (call.Uniqueid is { } u && aliveUniqueids.Contains(u)) || aliveCallIds.Contains(call.Contact.CallId);
            if (!alive)
            {
                var outcome = call.PendingOverflow is not null ? ContactOutcome.Overflowed : OutcomeAtHangup(call);
                BridgeLog.ClosedByResync(_logger, call.Contact.CallId, site.Code, outcome);
                Close(site, call, outcome, endAt, outbox);
            }
        }

        // 2. Waiting callers we did not know (the bridge restarted): start their records now.
        foreach (var entry in fact.Entries)
        {
            var channel = fact.Channels.FirstOrDefault(c => c.Uniqueid == entry.Uniqueid);
            var callId = channel?.CallId ?? entry.Uniqueid;
            var direction = channel is not null && (channel.Outbound || site.Options.OutboundContexts.Contains(channel.Context)) ? ContactDirection.Outbound : ContactDirection.Inbound;
            var joined = at - TimeSpan.FromSeconds(entry.WaitSeconds);
            var call = EnsureCall(site, callId, direction, entry.CallerNumber, joined, entry.Uniqueid, entry.Channel, outbox);
            var queue = QueueOf(site, entry.QueueName);
            if (!call.Contact.IsClosed && !call.Contact.WasAnswered && !queue.Waiting.Contains(call) && call.SiteCode == site.Code)
            {
                LeaveWaitingList(call);
                call.QueueName = entry.QueueName;
                call.JoinedAt = joined;
                call.ArrivedAt.Add(site.Code);
                queue.Waiting.Add(call);
                call.Contact.Enqueue(queue.Queue.Id, Clamp(call.Contact, joined));
                Record(call, outbox);
            }
        }

        // 3. Members as Asterisk lists them now.
        foreach (var seat in site.Seats.Values)
        {
            seat.ActiveQueues.Clear();
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in fact.Members)
        {
            listed.Add(member.SeatId);
            OnMember(site, member, outbox);
        }

        foreach (var entry in site.Seats.Values.Where(s => s.Seat.IsLoggedIn && !listed.Contains(s.Seat.Id)).ToArray())
        {
            var queues = entry.Seat.Queues.Where(q => q.QueueId.StartsWith(site.Code + "/", StringComparison.Ordinal)).ToArray();
            if (wasDown && site.Options.RestoreMembersAfterRestart && queues.Length > 0)
            {
                // Asterisk restarted without persistent members: put the seat back as it was.
                var paused = entry.Seat.State == Core.Seats.AgentState.NotReady;
                foreach (var membership in queues)
                {
                    outbox.Actions.Add(new OutgoingAction(site.Code, SeatActions.QueueAdd(membership.QueueId[(site.Code.Length + 1)..], entry.Interface,
                        membership.Penalty, paused, entry.Seat.Id), "restore member after restart"));
                }

                if (paused && entry.Seat.NotReadyReason is { } reason)
                {
                    outbox.Actions.Add(new OutgoingAction(site.Code, SeatActions.Pause(entry.Interface, reason), "restore pause after restart"));
                }
            }
            else
            {
                ForceLogOut(site, entry, at, outbox);
            }
        }

        // 4. Seats talking or ringing on calls that are gone; seats on calls we did not know.
        foreach (var entry in site.Seats.Values)
        {
            if (entry.Seat.CurrentCallId is { } current && entry.Seat.State is Core.Seats.AgentState.OnCall or Core.Seats.AgentState.Ringing
                && (!_calls.TryGetValue(current, out var call) || call.Contact.IsClosed || !aliveCallIds.Contains(current)))
            {
                if (entry.Seat.State == Core.Seats.AgentState.Ringing)
                {
                    Change(site, entry, entry.Seat.CancelRing(current, at), outbox);
                }
                else
                {
                    EndSeatCall(site, entry, current, endAt, outbox);
                }
            }
        }

        foreach (var channel in fact.Channels.Where(c => c.CallId is not null && c.BridgeId is { Length: > 0 } && c.Uniqueid != c.Linkedid))
        {
            var dash = channel.Channel.LastIndexOf('-');
            if (dash > 0 && site.SeatsByInterface.TryGetValue(channel.Channel[..dash], out var entry) && entry.Seat.IsLoggedIn
                && entry.Seat.State != Core.Seats.AgentState.OnCall && _calls.TryGetValue(channel.CallId!, out var call) && !call.Contact.IsClosed)
            {
                EnsureReady(site, entry, at, outbox);
                Change(site, entry, entry.Seat.Ring(call.Contact.CallId, at), outbox);
                Change(site, entry, entry.Seat.Answer(call.Contact.CallId, at), outbox);
                entry.CallChannel = channel.Channel;
                LeaveWaitingList(call);
                if (!call.Contact.WasAnswered)
                {
                    call.Contact.Answer(entry.Seat.Id, Clamp(call.Contact, at));
                    Record(call, outbox);
                }
            }
        }

        site.IsUp = true;
        site.DownSince = null;
        outbox.Events.Add(new SiteStatusChanged(site.Code, true, at));
        foreach (var queue in site.Queues.Values)
        {
            PublishFigures(site, queue, at, outbox);
        }
    }

    private void ForceLogOut(SiteState site, SeatEntry entry, DateTimeOffset at, Outbox outbox)
    {
        var seat = entry.Seat;
        if (seat.State == Core.Seats.AgentState.Ringing && seat.CurrentCallId is { } ringing)
        {
            Change(site, entry, seat.CancelRing(ringing, at), outbox);
        }

        if (seat.State == Core.Seats.AgentState.OnCall && seat.CurrentCallId is { } talking)
        {
            EndSeatCall(site, entry, talking, at, outbox);
        }

        if (seat.IsLoggedIn)
        {
            RecordAfterCallWorkIfWrapping(entry, at, outbox);
            Change(site, entry, seat.LogOut(at), outbox);
        }
    }
}

/// <summary>The AMI actions of seat control, as the fixtures send them.</summary>
internal static class SeatActions
{
    public static AmiAction QueueAdd(string queueName, string iface, int penalty, bool paused, string memberName) => new AmiAction("QueueAdd")
        .Add("Queue", queueName)
        .Add("Interface", iface)
        .Add("Penalty", penalty.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Add("Paused", paused ? "true" : "false")
        .Add("MemberName", memberName)
        .Add("StateInterface", iface);

    public static AmiAction Pause(string iface, string reason) => new AmiAction("QueuePause")
        .Add("Interface", iface).Add("Paused", "true").Add("Reason", reason);

    public static AmiAction Unpause(string iface) => new AmiAction("QueuePause")
        .Add("Interface", iface).Add("Paused", "false");

    public static AmiAction QueueRemove(string queueName, string iface) => new AmiAction("QueueRemove")
        .Add("Queue", queueName).Add("Interface", iface);

    /// <summary>
    /// The supervisor's phone rings; when it answers it runs ChanSpy on exactly the seat's leg (the full channel
    /// name, so a prefix such as <c>PJSIP/100</c> cannot match <c>PJSIP/1001</c>), as in fixture S5.
    /// </summary>
    public static AmiAction Spy(string supervisorInterface, string seatChannel, SpyMode mode, string callerIdNumber) => new AmiAction("Originate")
        .Add("Channel", supervisorInterface)
        .Add("Application", "ChanSpy")
        .Add("Data", $"{seatChannel},{SpyOptions(mode)}")
        .Add("CallerID", $"\"Supervisor {mode.ToString().ToLowerInvariant()}\" <{callerIdNumber}>")
        .Add("Timeout", "15000")
        .Add("Async", "true");

    /// <summary>q: no beep or name announcement; w: whisper to the seat; B: barge (talk to both); E: leave when the spied channel hangs up.</summary>
    public static string SpyOptions(SpyMode mode) => mode switch
    {
        SpyMode.Listen => "qE",
        SpyMode.Whisper => "qwE",
        SpyMode.Barge => "qBE",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown spy mode"),
    };
}

/// <summary>How a supervisor joins a seat's call (班长监听 / 密语 / 强插).</summary>
public enum SpyMode
{
    /// <summary>监听: hears both sides, nobody hears the supervisor.</summary>
    Listen,

    /// <summary>密语: the seat hears the supervisor, the caller does not.</summary>
    Whisper,

    /// <summary>强插: both sides hear the supervisor.</summary>
    Barge,
}
