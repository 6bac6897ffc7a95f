using System.Collections.Concurrent;
using System.Globalization;
using ContactCenter.Core;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>What one dialer tick did.</summary>
public sealed record DialerTickReport(int Claimed, int Dialed, int Blocked, int Deferred, IReadOnlyList<Task> Dials);

/// <summary>
/// The progressive dialer (渐进式外呼) and the preview dial: pairs each free seat assigned to a campaign with one due
/// task, home site first and another site's free seat when the home site has none (overflow, the dialing site is
/// recorded), claims the tasks atomically in the database, and originates one call per seat through
/// <see cref="ICallbackDialer"/>. When the originate ends it records the attempt; an answered call waits for the
/// seat's result form (<see cref="CallbackDesk"/>).
/// </summary>
public sealed class CallbackDialer
{
    private readonly CampaignQueries _campaigns;
    private readonly CallbackTaskQueries _tasks;
    private readonly ICallbackDialer _dialer;
    private readonly ISeatAvailability _seats;
    private readonly BusinessCalendar? _calendar;
    private readonly TimeProvider _time;
    private readonly DialerOptions _options;
    private readonly ILogger<CallbackDialer> _logger;
    private readonly ConcurrentDictionary<string, string> _busySeats = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private long _callCounter;

    public CallbackDialer(CampaignQueries campaigns, CallbackTaskQueries tasks, ICallbackDialer dialer, ISeatAvailability seats, IOptions<DialerOptions> options,
        TimeProvider timeProvider, ILogger<CallbackDialer> logger, BusinessCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _campaigns = campaigns;
        _tasks = tasks;
        _dialer = dialer;
        _seats = seats;
        _calendar = calendar;
        _time = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Originates still waiting for their outcome on this node.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Waits until every originate started on this node has its outcome recorded (shutdown, tests).</summary>
    public Task DrainAsync() => Task.WhenAll(_inFlight.Keys.ToArray());

    /// <summary>One pass of the progressive dialer over every progressive campaign whose calling window is open.</summary>
    public async Task<DialerTickReport> TickAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var campaigns = await _campaigns.ListAsync(cancellationToken).ConfigureAwait(false);
        var assignments = await _campaigns.ListSeatAssignmentsAsync(cancellationToken).ConfigureAwait(false);
        var free = _seats.FreeSeats().Where(s => !_busySeats.ContainsKey(s.SeatId)).ToList();
        int claimed = 0, dialed = 0, blocked = 0, deferred = 0;
        var dials = new List<Task>();
        foreach (var campaign in campaigns.Where(c => c.Mode == DialingMode.Progressive))
        {
            if (free.Count == 0)
            {
                break;
            }

            if (!CallingSchedule.CanCallAt(now, campaign.Window, CallingSchedule.Zone(campaign.TimeZoneId), _calendar, null))
            {
                continue;
            }

            var assigned = assignments[campaign.Id].ToHashSet(StringComparer.Ordinal);
            var seats = free.Where(s => assigned.Contains(s.SeatId))
                .OrderBy(s => string.Equals(s.SiteCode, campaign.HomeSite, StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(s => s.SiteCode, StringComparer.Ordinal).ThenBy(s => s.SeatId, StringComparer.Ordinal)
                .Take(_options.MaxClaimPerCampaign)
                .ToList();
            if (seats.Count == 0)
            {
                continue;
            }

            var tasks = await _tasks.ClaimAsync(campaign.Id, seats.Count, now, cancellationToken).ConfigureAwait(false);
            claimed += tasks.Count;
            var doNotCall = await _campaigns.FindDoNotCallAsync(tasks.Select(t => t.Phone), cancellationToken).ConfigureAwait(false);
            var seatIndex = 0;
            foreach (var task in tasks)
            {
                if (doNotCall.Contains(Core.Customers.Customer.NormalizePhone(task.Phone) ?? task.Phone))
                {
                    task.BlockAsDoNotCall();
                    await _tasks.UpdateAsync(task, cancellationToken).ConfigureAwait(false);
                    blocked++;
                    continue;
                }

                if (task.TimeZoneId is { } zone
                    && !CallingSchedule.CanCallAt(now, campaign.Window, CallingSchedule.Zone(zone), _calendar, task.Deadline))
                {
                    // The customer's own local time is outside the window: back to the queue until it opens.
                    var next = CallingSchedule.NextCallTime(now, campaign.Window, CallingSchedule.Zone(zone), _calendar, task.Deadline);
                    await _tasks.ReleaseAsync(task, next ?? task.Deadline ?? now.AddDays(1), cancellationToken).ConfigureAwait(false);
                    deferred++;
                    continue;
                }

                var seat = seats[seatIndex];
                try
                {
                    dials.Add(await StartAsync(campaign, task, seat, now, cancellationToken).ConfigureAwait(false));
                }
                catch (ConcurrencyConflictException e)
                {
                    // Someone else moved the task since the claim (an operator cancelled it): skip it, keep the seat.
                    CampaignLog.StartConflict(_logger, task.Id, e.Message);
                    continue;
                }

                seatIndex++;
                free.Remove(seat);
                dialed++;
            }
        }

        CampaignLog.Tick(_logger, claimed, dialed, blocked, deferred);
        return new DialerTickReport(claimed, dialed, blocked, deferred, dials);
    }

    /// <summary>
    /// Preview mode (预览式): the seat saw <paramref name="task"/> (claimed with <see cref="CallbackDesk.ClaimPreviewAsync"/>)
    /// and pressed dial. Returns the task that completes when the originate's outcome is recorded.
    /// </summary>
    public async Task<Task> DialClaimedAsync(Campaign campaign, CallbackTask task, FreeSeat seat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(seat);
        return await StartAsync(campaign, task, seat, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records how an originate ended: the attempt's dial status and, unless answered, the task's result and retry.</summary>
    public async Task RecordOutcomeAsync(string callId, DialOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = _time.GetUtcNow();
        await _tasks.RecordDialStatusAsync(callId, outcome.Status, outcome.HangupCause, outcome.Status == DialStatus.Answered ? null : now, cancellationToken)
            .ConfigureAwait(false);
        if (outcome.TaskResult is not { } result)
        {
            return;
        }

        var task = await _tasks.FindByCallIdAsync(callId, cancellationToken).ConfigureAwait(false);
        if (task is null || task.Status != CallbackTaskStatus.Dialing)
        {
            return;
        }

        var campaign = await _campaigns.GetAsync(task.CampaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"campaign {task.CampaignId} of callback task {task.Id} is gone");
        task.RecordAttempt(result, now, campaign, _calendar);
        await _tasks.RecordResultAsync(task, null, null, cancellationToken).ConfigureAwait(false);
        CampaignLog.DialEnded(_logger, callId, task.Id, outcome.Status, outcome.HangupCause);
    }

    private async Task<Task> StartAsync(Campaign campaign, CallbackTask task, FreeSeat seat, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var callId = NewCallId(seat.SiteCode, task, now);
        task.StartAttempt(seat.SiteCode, seat.SeatId, callId, now);
        var overflowed = !string.Equals(seat.SiteCode, campaign.HomeSite, StringComparison.Ordinal);
        await _tasks.StartAttemptAsync(task, overflowed, now, cancellationToken).ConfigureAwait(false);
        if (overflowed)
        {
            CampaignLog.Overflowed(_logger, task.Id, seat.SiteCode, campaign.HomeSite, callId);
        }

        _busySeats[seat.SeatId] = callId;
        // Preview: the seat that pressed dial; progressive: the kind's queue (any assigned seat of it may answer).
        var connect = campaign.ConnectExtension ?? (campaign.Mode == DialingMode.Progressive ? DialRequest.QueueByKind : null);
        var request = new DialRequest(seat.SiteCode, callId, task.Phone, seat.SeatId, seat.Extension, connect,
            DomainCodes.ToCode(campaign.Kind) + "-callback", task.PolicyNumber);
        var dial = DialAndRecordAsync(request, seat.SeatId);
        _inFlight.TryAdd(dial, 0);
        _ = dial.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return dial;
    }

    private async Task DialAndRecordAsync(DialRequest request, string seatId)
    {
        try
        {
            DialOutcome outcome;
            try
            {
                outcome = await _dialer.DialAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CampaignLog.OriginateFailed(_logger, request.CallId, request.SiteCode, ex.Message);
                outcome = new DialOutcome(DialStatus.Failed);
            }

            await RecordOutcomeAsync(request.CallId, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DomainException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            CampaignLog.OutcomeFailed(_logger, request.CallId, ex);
        }
        finally
        {
            _busySeats.TryRemove(seatId, out _);
        }
    }

    /// <summary>A call id unique across nodes and attempts: <c>cb-&lt;site&gt;-&lt;task&gt;-&lt;attempt+1&gt;-&lt;random&gt;</c> (no personal data).</summary>
    private string NewCallId(string siteCode, CallbackTask task, DateTimeOffset now)
    {
        var n = Interlocked.Increment(ref _callCounter);
        return string.Create(CultureInfo.InvariantCulture,
            $"cb-{siteCode}-{task.Id}-{task.Attempts + 1}-{now.ToUnixTimeMilliseconds() % 100_000_000:x}{n:x}{Random.Shared.Next(0x1000):x3}");
    }
}
