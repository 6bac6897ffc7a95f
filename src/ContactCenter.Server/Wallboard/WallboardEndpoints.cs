using ContactCenter.Core;
using ContactCenter.Core.Audit;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Users;
using ContactCenter.Data.Audit;
using ContactCenter.Data.Sites;
using ContactCenter.Server.Auth;
using ContactCenter.Server.Telephony;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Wallboard;

/// <summary>
/// Supervisor actions on a seat: listen / whisper / barge (ChanSpy on the seat's call), force not ready, force
/// log-out, add to or remove from a queue. Each is checked against the supervisor's site scope and written to
/// the audit log before it is sent.
/// </summary>
public static class WallboardEndpoints
{
    public const string AuditSpy = "seat.spy";
    public const string AuditForceNotReady = "seat.force-not-ready";
    public const string AuditForceLogOut = "seat.force-log-out";

    public static RouteGroupBuilder MapWallboardEndpoints(this RouteGroupBuilder api)
    {
        var seats = api.MapGroup("/wallboard/seats/{seatId}").WithTags("Wallboard").RequireAuthorization(Policies.Supervision);
        seats.MapPost("/spy", SpyAsync);
        seats.MapPost("/force-not-ready", ForceNotReadyAsync);
        seats.MapPost("/force-log-out", ForceLogOutAsync);
        seats.MapPut("/queues/{queue}", AddToQueueAsync);
        seats.MapDelete("/queues/{queue}", RemoveFromQueueAsync);
        return api;
    }

    /// <summary><c>Mode</c> listen, whisper or barge; <c>Phone</c> the supervisor's extension when none is configured for them.</summary>
    public sealed record SpyRequest(SpyMode? Mode, string? Phone);

    public sealed record NotReadyRequest(string? Reason);

    public sealed record QueueRequest(int? Penalty);

    private static async Task<Results<Accepted, NotFound, ForbidHttpResult, ProblemHttpResult>> SpyAsync(
        string seatId, SpyRequest request, Scope scope, IOptions<WallboardOptions> options, IOptions<BridgeOptions> telephony, CancellationToken cancellationToken)
    {
        var (user, site, refusal) = await scope.CheckAsync(seatId, cancellationToken);
        if (refusal is not null)
        {
            return refusal.Value.Map<Accepted>();
        }

        if (request.Mode is not { } mode)
        {
            return TypedResults.Problem("mode must be listen, whisper or barge.", statusCode: StatusCodes.Status400BadRequest, title: "wallboard.spy.mode");
        }

        string phone;
        if (options.Value.SupervisorPhones.TryGetValue(user!.Login, out var configured))
        {
            phone = configured;
        }
        else if (request.Phone is { Length: >= 2 and <= 16 } extension && extension.All(char.IsAsciiDigit))
        {
            var technology = telephony.Value.Sites.FirstOrDefault(s => s.Code == site)?.SeatTechnology ?? "PJSIP";
            phone = $"{technology}/{extension}";
        }
        else
        {
            return TypedResults.Problem("Enter the extension of your phone.", statusCode: StatusCodes.Status400BadRequest, title: "wallboard.spy.phone");
        }

        return await scope.RunAsync(user, AuditSpy, seatId, $"{mode.ToString().ToLowerInvariant()} from {phone}",
            ct => scope.Bridge.SpyAsync(seatId, phone, mode, ct), TypedResults.Accepted((string?)null), cancellationToken);
    }

    private static async Task<Results<Accepted, NotFound, ForbidHttpResult, ProblemHttpResult>> ForceNotReadyAsync(
        string seatId, NotReadyRequest request, Scope scope, CancellationToken cancellationToken)
    {
        var (user, _, refusal) = await scope.CheckAsync(seatId, cancellationToken);
        if (refusal is not null)
        {
            return refusal.Value.Map<Accepted>();
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "班长示忙" : request.Reason.Trim();
        if (reason.Length > 50)
        {
            return TypedResults.Problem("The reason is at most 50 characters.", statusCode: StatusCodes.Status400BadRequest, title: "wallboard.reason");
        }

        return await scope.RunAsync(user!, AuditForceNotReady, seatId, reason,
            ct => scope.Bridge.SetNotReadyAsync(seatId, reason, ct), TypedResults.Accepted((string?)null), cancellationToken);
    }

    private static async Task<Results<Accepted, NotFound, ForbidHttpResult, ProblemHttpResult>> ForceLogOutAsync(
        string seatId, Scope scope, CancellationToken cancellationToken)
    {
        var (user, _, refusal) = await scope.CheckAsync(seatId, cancellationToken);
        if (refusal is not null)
        {
            return refusal.Value.Map<Accepted>();
        }

        return await scope.RunAsync(user!, AuditForceLogOut, seatId, null,
            ct => scope.Bridge.LogOutAsync(seatId, ct), TypedResults.Accepted((string?)null), cancellationToken);
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> AddToQueueAsync(
        string seatId, string queue, QueueRequest request, Scope scope, SiteQueries sites, CancellationToken cancellationToken)
    {
        var (user, site, refusal) = await scope.CheckAsync(seatId, cancellationToken);
        if (refusal is not null)
        {
            return refusal.Value.Map<NoContent>();
        }

        if (await sites.GetQueueAsync(Queue.MakeId(site!, queue), cancellationToken) is null || request.Penalty is < 0 or > 100)
        {
            return TypedResults.Problem("No such queue at the seat's site, or a penalty outside 0-100.", statusCode: StatusCodes.Status400BadRequest, title: "wallboard.queue.invalid");
        }

        var penalty = request.Penalty ?? 0;
        return await scope.RunAsync(user!, AuditActions.SeatMove, seatId, $"add {queue} penalty {penalty}", async ct =>
        {
            await scope.Bridge.AddToQueueAsync(seatId, queue, penalty, ct);
            await PersistAsync(sites, seatId, s => s.JoinQueue(Queue.MakeId(site!, queue), penalty), ct);
        }, TypedResults.NoContent(), cancellationToken);
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> RemoveFromQueueAsync(
        string seatId, string queue, Scope scope, SiteQueries sites, CancellationToken cancellationToken)
    {
        var (user, site, refusal) = await scope.CheckAsync(seatId, cancellationToken);
        if (refusal is not null)
        {
            return refusal.Value.Map<NoContent>();
        }

        return await scope.RunAsync(user!, AuditActions.SeatMove, seatId, $"remove {queue}", async ct =>
        {
            await scope.Bridge.RemoveFromQueueAsync(seatId, queue, ct);
            await PersistAsync(sites, seatId, s => s.LeaveQueue(Queue.MakeId(site!, queue)), ct);
        }, TypedResults.NoContent(), cancellationToken);
    }

    private static async Task PersistAsync(SiteQueries sites, string seatId, Action<Core.Seats.Seat> change, CancellationToken cancellationToken)
    {
        if (await sites.GetSeatAsync(seatId, cancellationToken) is { } stored)
        {
            change(stored);
            await sites.UpsertSeatAsync(stored, cancellationToken);
        }
    }

    /// <summary>Why an action is refused before it reaches the bridge.</summary>
    internal enum Refusal
    {
        UnknownSeat,
        OutOfScope,
    }

    internal static Results<TOk, NotFound, ForbidHttpResult, ProblemHttpResult> Map<TOk>(this Refusal refusal)
        where TOk : IResult =>
        refusal == Refusal.UnknownSeat ? TypedResults.NotFound() : TypedResults.Forbid();

    /// <summary>The scope check and audit shared by the actions.</summary>
    internal sealed class Scope(CurrentUser current, TelephonyBridge bridge, SiteQueries sites, AuditLog audit, TimeProvider time, ILogger<Scope> logger)
    {
        public TelephonyBridge Bridge => bridge;

        /// <summary>The supervisor, the seat's site, or why not: a seat of another site is forbidden, an unknown seat not found.</summary>
        public async Task<(User? User, string? Site, Refusal? Refusal)> CheckAsync(string seatId, CancellationToken cancellationToken)
        {
            var user = await current.RequireAsync(cancellationToken);
            var site = bridge.FindSeat(seatId)?.SiteCode ?? (await sites.GetSeatAsync(seatId, cancellationToken))?.SiteCode;
            if (site is null)
            {
                return (user, null, Refusal.UnknownSeat);
            }

            return user.CanSuperviseSite(site) ? (user, site, null) : (user, site, Refusal.OutOfScope);
        }

        /// <summary>Audits, then runs the action; a refusal by the state machine or Asterisk becomes 409.</summary>
        public async Task<Results<TOk, NotFound, ForbidHttpResult, ProblemHttpResult>> RunAsync<TOk>(
            User user, string action, string seatId, string? detail, Func<CancellationToken, Task> run, TOk ok, CancellationToken cancellationToken)
            where TOk : IResult
        {
            await audit.AppendAsync(AuditEntry.Record(time.GetUtcNow(), user.Id, action, "seat", seatId, detail), cancellationToken);
            LiveLog.SupervisorAction(logger, user.Id, action, seatId);
            try
            {
                await run(cancellationToken);
                return ok;
            }
            catch (DomainValidationException)
            {
                return TypedResults.Problem("The seat is not at a site this server's telephony serves.", statusCode: StatusCodes.Status409Conflict, title: "wallboard.noTelephony");
            }
            catch (Exception error) when (error is DomainException or TelephonyCommandException)
            {
                return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status409Conflict, title: "wallboard.refused");
            }
        }
    }
}
