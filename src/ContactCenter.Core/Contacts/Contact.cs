using ContactCenter.Core.Queues;

namespace ContactCenter.Core.Contacts;

/// <summary>
/// One call or callback from start to outcome: where it entered, the IVR path and data it collected, the
/// queue and seat, every timestamp, overflow hops, recording, and the single outcome set when it closes.
/// <see cref="CallId"/> is stable across sites so the receiving site of an overflow sees the same call.
/// Events take the time explicitly; timestamps must not go backwards.
/// </summary>
public sealed class Contact : IVersioned
{
    private readonly List<OverflowHop> _hops = [];
    private readonly Dictionary<string, string> _ivrData = new(StringComparer.Ordinal);

    /// <summary>Restores a stored contact. For new calls use <see cref="StartInbound"/> or <see cref="StartOutbound"/>.</summary>
    public Contact(
        string callId,
        ContactDirection direction,
        string siteCode,
        string? queueId = null,
        string? seatId = null,
        string? callerNumber = null,
        int? customerId = null,
        string? policyNumber = null,
        string? ivrPath = null,
        IReadOnlyDictionary<string, string>? ivrData = null,
        string? recordingFile = null,
        DateTimeOffset? ivrEnteredAt = null,
        DateTimeOffset? enqueuedAt = null,
        DateTimeOffset? ringingAt = null,
        DateTimeOffset? answeredAt = null,
        DateTimeOffset? endedAt = null,
        ContactOutcome? outcome = null,
        bool shortAbandon = false,
        string? wrapUpCode = null,
        string? notes = null,
        IEnumerable<OverflowHop>? overflowHops = null,
        TimeSpan? afterCallWork = null,
        int version = 1)
    {
        CallId = Guard.Required(callId, "call id", 128);
        Direction = direction;
        SiteCode = Guard.SiteCode(siteCode);
        QueueId = Guard.Optional(queueId, "queue id", 100);
        SeatId = Guard.Optional(seatId, "seat id", 64);
        CallerNumber = Guard.Optional(callerNumber, "caller number", 32);
        CustomerId = customerId;
        PolicyNumber = Guard.Optional(policyNumber, "policy number", 64);
        IvrPath = Guard.Optional(ivrPath, "IVR path", 1000);
        foreach (var (key, value) in ivrData ?? new Dictionary<string, string>())
        {
            _ivrData[key] = value;
        }

        RecordingFile = Guard.Optional(recordingFile, "recording file", 500);
        IvrEnteredAt = ivrEnteredAt;
        EnqueuedAt = enqueuedAt;
        RingingAt = ringingAt;
        AnsweredAt = answeredAt;
        EndedAt = endedAt;
        if (outcome is not null && endedAt is null)
        {
            throw new ContactStateException(CallId, "a closed contact needs its end time");
        }

        Outcome = outcome;
        ShortAbandon = shortAbandon;
        WrapUpCode = Guard.Optional(wrapUpCode, "wrap-up code", 64);
        Notes = Guard.Optional(notes, "notes", 4000);
        _hops.AddRange((overflowHops ?? []).OrderBy(h => h.Seq));
        AfterCallWork = afterCallWork;
        Version = version;
    }

    public string CallId { get; }

    public ContactDirection Direction { get; }

    /// <summary>The site where the call entered; see <see cref="CurrentSiteCode"/> after overflow.</summary>
    public string SiteCode { get; }

    /// <summary>The queue the call is (or was last) in; changes when it overflows to another site's queue.</summary>
    public string? QueueId { get; private set; }

    /// <summary>The seat last rung, or the seat that answered.</summary>
    public string? SeatId { get; private set; }

    public string? CallerNumber { get; }

    public int? CustomerId { get; private set; }

    public string? PolicyNumber { get; private set; }

    /// <summary>IVR nodes visited, joined with '&gt;', e.g. "main&gt;claims&gt;report".</summary>
    public string? IvrPath { get; private set; }

    /// <summary>Data the IVR collected (policy number keyed in, verified flag, ...); travels with an overflowed call.</summary>
    public IReadOnlyDictionary<string, string> IvrData => _ivrData;

    public string? RecordingFile { get; private set; }

    public DateTimeOffset? IvrEnteredAt { get; }

    /// <summary>First time the call joined a queue; kept across overflow so waits count from the caller's view.</summary>
    public DateTimeOffset? EnqueuedAt { get; private set; }

    /// <summary>When a seat's phone last started ringing (for outbound: when dialing started).</summary>
    public DateTimeOffset? RingingAt { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Null while the call is live; set exactly once by <see cref="Close"/>.</summary>
    public ContactOutcome? Outcome { get; private set; }

    /// <summary>Abandoned in queue before the queue's short-abandon threshold; left out of the service level.</summary>
    public bool ShortAbandon { get; private set; }

    public string? WrapUpCode { get; private set; }

    public string? Notes { get; private set; }

    /// <summary>After-call work the seat spent in wrap-up on this call; part of AHT.</summary>
    public TimeSpan? AfterCallWork { get; private set; }

    public IReadOnlyList<OverflowHop> OverflowHops => _hops;

    public int Version { get; set; }

    public bool IsClosed => Outcome is not null;

    public bool WasAnswered => AnsweredAt is not null;

    /// <summary>When the call began: IVR entry, else the first timestamp known.</summary>
    public DateTimeOffset? StartedAt => IvrEnteredAt ?? EnqueuedAt ?? RingingAt ?? AnsweredAt ?? EndedAt;

    public string CurrentSiteCode => _hops.Count > 0 ? _hops[^1].ToSite : SiteCode;

    /// <summary>An inbound call that asked for a seat: it joined a queue, or tried to and found it full or empty.</summary>
    public bool AskedForSeat =>
        Direction == ContactDirection.Inbound
        && (EnqueuedAt is not null || Outcome is ContactOutcome.Full or ContactOutcome.JoinEmpty);

    /// <summary>Still waiting in a queue: enqueued, not answered, not closed.</summary>
    public bool IsWaiting => EnqueuedAt is not null && AnsweredAt is null && Outcome is null;

    /// <summary>Queue wait of an answered call (enqueue → answer); null if not both.</summary>
    public TimeSpan? AnswerWait => AnsweredAt - EnqueuedAt;

    /// <summary>Time in queue until answer or hang-up; null if never enqueued or still waiting.</summary>
    public TimeSpan? QueueWait => (AnsweredAt ?? EndedAt) - EnqueuedAt;

    /// <summary>Connected time, answer → end (includes hold, which happens inside the bridged call).</summary>
    public TimeSpan? TalkTime => EndedAt - AnsweredAt;

    /// <summary>Talk (incl. hold) + after-call work; null unless answered and ended.</summary>
    public TimeSpan? HandleTime => TalkTime is { } talk ? talk + (AfterCallWork ?? TimeSpan.Zero) : null;

    public static Contact StartInbound(string callId, string siteCode, string? callerNumber, DateTimeOffset now) =>
        new(callId, ContactDirection.Inbound, siteCode, callerNumber: callerNumber, ivrEnteredAt: now);

    /// <summary>A seat dials out (callback); ringing starts now.</summary>
    public static Contact StartOutbound(string callId, string siteCode, string seatId, string number, DateTimeOffset now) =>
        new(callId, ContactDirection.Outbound, siteCode, seatId: Guard.Required(seatId, "seat id", 64),
            callerNumber: Guard.Required(number, "number", 32), ringingAt: now);

    public void RecordIvrStep(string node)
    {
        EnsureOpen("record an IVR step");
        var step = Guard.Required(node, "IVR node", 64);
        IvrPath = IvrPath is null ? step : $"{IvrPath}>{step}";
    }

    /// <summary>
    /// The IVR's own account of the caller's way through the flow (node ids joined with <c>&gt;</c>, <c>CC_IVR_PATH</c>), which
    /// replaces the steps seen so far; a path longer than 1,000 characters keeps its end (where the caller left the IVR).
    /// </summary>
    public void SetIvrPath(string path)
    {
        EnsureOpen("set the IVR path");
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        IvrPath = path.Length > 1000 ? path[^1000..] : path;
    }

    public void SetIvrData(string key, string value)
    {
        EnsureOpen("set IVR data");
        _ivrData[Guard.Required(key, "IVR data key", 64)] = value ?? string.Empty;
    }

    public void Identify(int? customerId, string? policyNumber)
    {
        CustomerId = customerId;
        PolicyNumber = Guard.Optional(policyNumber, "policy number", 64);
    }

    public void Enqueue(string queueId, DateTimeOffset now)
    {
        EnsureOpen("enqueue");
        if (AnsweredAt is not null)
        {
            throw new ContactStateException(CallId, "an answered call cannot join a queue again");
        }

        Guard.NotBefore(now, IvrEnteredAt, "enqueue time", "IVR entry");
        QueueId = Guard.Required(queueId, "queue id", 100);
        EnqueuedAt ??= now;
    }

    public void Ring(string seatId, DateTimeOffset now)
    {
        EnsureOpen("ring a seat");
        if (AnsweredAt is not null)
        {
            throw new ContactStateException(CallId, "an answered call cannot ring another seat");
        }

        Guard.NotBefore(now, EnqueuedAt ?? IvrEnteredAt, "ring time", "enqueue");
        SeatId = Guard.Required(seatId, "seat id", 64);

        // The first ring at this site: a seat that does not answer and the next one rung do not move it.
        RingingAt ??= now;
    }

    public void Answer(string seatId, DateTimeOffset now)
    {
        EnsureOpen("answer");
        if (AnsweredAt is not null)
        {
            throw new ContactStateException(CallId, "the call was already answered");
        }

        Guard.NotBefore(now, RingingAt ?? EnqueuedAt ?? IvrEnteredAt, "answer time", "ring");
        SeatId = Guard.Required(seatId, "seat id", 64);
        AnsweredAt = now;
    }

    /// <summary>
    /// Moves a waiting call to another site (same call id, same IVR data). The receiving site then calls
    /// <see cref="Enqueue"/> with its queue. Only an unanswered, open call overflows, never to where it is.
    /// </summary>
    public OverflowHop Overflow(string toSite, OverflowReason reason, DateTimeOffset now)
    {
        EnsureOpen("overflow");
        if (AnsweredAt is not null)
        {
            throw new ContactStateException(CallId, "an answered call cannot overflow");
        }

        var to = Guard.SiteCode(toSite, "overflow target");
        if (string.Equals(to, CurrentSiteCode, StringComparison.Ordinal))
        {
            throw new ContactStateException(CallId, $"cannot overflow to {to}: the call is already there");
        }

        Guard.NotBefore(now, _hops.Count > 0 ? _hops[^1].DecidedAt : EnqueuedAt ?? IvrEnteredAt, "overflow time", "the previous step");
        var hop = new OverflowHop(_hops.Count + 1, CurrentSiteCode, to, reason, now);
        _hops.Add(hop);
        SeatId = null;
        RingingAt = null;
        return hop;
    }

    public void AttachRecording(string file) => RecordingFile = Guard.Required(file, "recording file", 500);

    /// <summary>
    /// Ends the call with its one outcome. "Answered" needs an answer; the not-answered outcomes
    /// (abandoned, timeout, overflowed, full, joinempty, leaveempty, closed, failed) need none. An abandon in queue
    /// shorter than <paramref name="shortAbandonThreshold"/> is flagged short. A second close throws
    /// <see cref="ContactAlreadyClosedException"/>.
    /// </summary>
    public void Close(ContactOutcome outcome, DateTimeOffset now, TimeSpan shortAbandonThreshold)
    {
        if (Outcome is { } existing)
        {
            throw new ContactAlreadyClosedException(CallId, existing, $"close it again as {DomainCodes.ToCode(outcome)}");
        }

        if (!Enum.IsDefined(outcome))
        {
            throw new DomainValidationException($"unknown contact outcome {outcome}");
        }

        if (outcome == ContactOutcome.Answered && AnsweredAt is null)
        {
            throw new ContactStateException(CallId, "outcome answered needs an answer time");
        }

        if (outcome is not (ContactOutcome.Answered or ContactOutcome.Transferred) && AnsweredAt is not null)
        {
            throw new ContactStateException(CallId, $"an answered call cannot end as {DomainCodes.ToCode(outcome)}");
        }

        Guard.NotBefore(now, AnsweredAt ?? RingingAt ?? EnqueuedAt ?? IvrEnteredAt, "end time", "the previous step");
        EndedAt = now;
        Outcome = outcome;
        ShortAbandon = outcome == ContactOutcome.Abandoned && EnqueuedAt is { } enqueued && now - enqueued < shortAbandonThreshold;
    }

    /// <summary>Close using the queue's short-abandon threshold (zero when the call never reached a queue).</summary>
    public void Close(ContactOutcome outcome, DateTimeOffset now, Queue? queue) =>
        Close(outcome, now, queue?.ShortAbandonThreshold ?? TimeSpan.Zero);

    /// <summary>The seat's wrap-up (小结): code and notes, editable after the call ends, only on an answered call.</summary>
    public void RecordWrapUp(string code, string? notes)
    {
        if (AnsweredAt is null)
        {
            throw new ContactStateException(CallId, "only an answered call has a wrap-up");
        }

        WrapUpCode = Guard.Required(code, "wrap-up code", 64);
        Notes = Guard.Optional(notes, "notes", 4000);
    }

    public void RecordAfterCallWork(TimeSpan duration)
    {
        if (AnsweredAt is null)
        {
            throw new ContactStateException(CallId, "only an answered call has after-call work");
        }

        AfterCallWork = duration >= TimeSpan.Zero
            ? duration
            : throw new DomainValidationException($"after-call work must be 0 or more, not {duration}");
    }

    private void EnsureOpen(string attempted)
    {
        if (Outcome is { } existing)
        {
            throw new ContactAlreadyClosedException(CallId, existing, attempted);
        }
    }
}
