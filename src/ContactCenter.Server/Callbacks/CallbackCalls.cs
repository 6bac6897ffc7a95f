using System.Collections.Concurrent;
using ContactCenter.Core;
using ContactCenter.Core.Calendar;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Contacts;
using ContactCenter.Data;
using ContactCenter.Data.Campaigns;
using ContactCenter.Server.Desk;
using ContactCenter.Telephony.Bridge;
using Dapper;
using Microsoft.AspNetCore.SignalR;

namespace ContactCenter.Server.Callbacks;

/// <summary>Sent to the seat whose callback could not be placed: busy, no-answer, congestion or failed (OriginateResponse).</summary>
public sealed record CallbackDialFailed(int TaskId, string CallId, string Reason, DateTimeOffset At);

/// <summary>
/// Ties the bridge's records of callback calls to their tasks. The contact of a callback gets the task's number,
/// customer and policy (the bridge only knows the call id: the customer leg is an Originate). When the call ends, the
/// attempt gets its end time; a call that never reached a seat (the customer hung up in callback-confirm, said
/// "wrong person" or "later", or left before a seat answered) records the attempt's result from the customer's answer
/// in the flow (<c>CC_CALLBACK_RESULT</c>, <see cref="CallbackConfirm"/>), so the task is retried or closed instead of
/// waiting for a result form nobody will send. A call that reached a seat waits for the seat's form, and a progressive call
/// taken by another seat of the queue than the one the dialer paired becomes that seat's task.
/// </summary>
public sealed class CallbackCalls(
    CallbackTaskQueries tasks,
    CampaignQueries campaigns,
    DbConnectionFactory db,
    IHubContext<AgentHub, IAgentClient> hub,
    BusinessCalendar calendar,
    TimeProvider time,
    ILogger<CallbackCalls> logger)
{
    private readonly ConcurrentDictionary<string, CallbackTask?> _byCallId = new(StringComparer.Ordinal);

    /// <summary>After the bridge saved an outbound contact: fills in the callback task's number, customer and policy.</summary>
    public async Task ContactSavedAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (contact.Direction != ContactDirection.Outbound || await TaskOfAsync(contact.CallId, cancellationToken) is not { } task)
        {
            return;
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(db.Command(
            """
            UPDATE contacts SET caller_number = COALESCE(caller_number, @Phone), customer_id = COALESCE(customer_id, @CustomerId),
                policy_number = COALESCE(policy_number, @PolicyNumber)
            WHERE call_id = @CallId
            """,
            new { contact.CallId, task.Phone, task.CustomerId, task.PolicyNumber }, cancellationToken));
        if (contact.WasAnswered && contact.SeatId is { } seatId && seatId != task.SeatId)
        {
            // A progressive call queued by kind was taken by another seat than the one the dialer paired: that seat owns the form.
            await connection.ExecuteAsync(db.Command(
                """
                UPDATE callback_tasks SET seat_id = @SeatId WHERE call_id = @CallId AND status = 'dialing';
                UPDATE callback_attempts SET seat_id = @SeatId WHERE call_id = @CallId;
                """,
                new { contact.CallId, SeatId = seatId }, cancellationToken));
            _byCallId.TryRemove(contact.CallId, out _);
        }
    }

    /// <summary>The bridge closed the contact of a call: ends the attempt, and records its result when no seat took it.</summary>
    public async Task ContactClosedAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (contact.Direction != ContactDirection.Outbound || await TaskOfAsync(contact.CallId, cancellationToken) is null)
        {
            return;
        }

        _byCallId.TryRemove(contact.CallId, out _);
        await tasks.RecordCallEndedAsync(contact.CallId, contact.EndedAt ?? time.GetUtcNow(), cancellationToken);
        if (contact.SeatId is not null && contact.WasAnswered)
        {
            return;
        }

        var task = await tasks.FindByCallIdAsync(contact.CallId, cancellationToken);
        if (task is null || task.Status != CallbackTaskStatus.Dialing || task.CallId != contact.CallId
            || await campaigns.GetAsync(task.CampaignId, cancellationToken) is not { } campaign)
        {
            return;
        }

        var answer = contact.IvrData.GetValueOrDefault("callbackResult");
        var result = CallbackConfirm.ResultWithoutSeat(answer);
        try
        {
            task.RecordAttempt(result, time.GetUtcNow(), campaign, calendar);
            await tasks.RecordResultAsync(task, null, null, cancellationToken);
            CallbackLog.EndedInIvr(logger, contact.CallId, task.Id, answer ?? "(none)", DomainCodes.ToCode(result));
        }
        catch (DomainException error)
        {
            // The seat submitted meanwhile, or an operator moved the task.
            CallbackLog.EndedInIvrSkipped(logger, contact.CallId, task.Id, error.Message);
        }
    }

    /// <summary>The originate of a callback ended without reaching the customer: the seat that owns the task hears why.</summary>
    public async Task OriginateFailedAsync(OriginateFailed failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        if (await tasks.FindByCallIdAsync(failed.CallId, cancellationToken) is { SeatId: { } seatId } task)
        {
            await hub.Clients.Group(DeskBoard.Group(seatId)).CallbackDialFailed(new CallbackDialFailed(task.Id, failed.CallId, failed.Reason, failed.At));
        }
    }

    private async Task<CallbackTask?> TaskOfAsync(string callId, CancellationToken cancellationToken)
    {
        if (_byCallId.TryGetValue(callId, out var known))
        {
            return known;
        }

        var task = await tasks.FindByCallIdAsync(callId, cancellationToken);
        _byCallId[callId] = task;
        return task;
    }
}

/// <summary>Reads the bridge's events for <see cref="CallbackCalls"/>: failed originates go to the seat's desk.</summary>
public sealed class CallbackCallWatcher(IBridgeEvents events, CallbackCalls calls, ILogger<CallbackCallWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = events.Subscribe(stoppingToken);
        try
        {
            await foreach (var bridgeEvent in reader.ReadAllAsync(stoppingToken))
            {
                if (bridgeEvent is not OriginateFailed failed)
                {
                    continue;
                }

                try
                {
                    await calls.OriginateFailedAsync(failed, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    CallbackLog.NotifyFailed(logger, failed.CallId, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

/// <summary>Log messages of callback calls (event ids 4200-4299). Call and task ids only: no numbers or names.</summary>
internal static partial class CallbackLog
{
    [LoggerMessage(4200, LogLevel.Information, "Callback call {CallId} (task {TaskId}) ended without a seat; answer in callback-confirm {Answer}: result {Result}")]
    public static partial void EndedInIvr(ILogger logger, string callId, int taskId, string answer, string result);

    [LoggerMessage(4201, LogLevel.Information, "Callback call {CallId} (task {TaskId}) ended without a seat, but the task moved meanwhile: {Reason}")]
    public static partial void EndedInIvrSkipped(ILogger logger, string callId, int taskId, string reason);

    [LoggerMessage(4202, LogLevel.Warning, "Telling the seat that callback {CallId} could not be placed failed")]
    public static partial void NotifyFailed(ILogger logger, string callId, Exception error);
}
