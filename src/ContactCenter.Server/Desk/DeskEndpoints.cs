using ContactCenter.Core;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Users;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Server.Auth;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Desk;

/// <summary>The desktop's writes: the wrap-up (小结) of the seat's own call, and a callback task (预约回访) from it.</summary>
public static class DeskEndpoints
{
    public static RouteGroupBuilder MapDeskEndpoints(this RouteGroupBuilder api)
    {
        var desk = api.MapGroup("/desk").WithTags("Desk").RequireAuthorization(Policies.Seat);
        desk.MapPost("/wrap-up", WrapUpAsync);
        desk.MapPost("/callbacks", CallbackAsync);
        return api;
    }

    /// <summary>A wrap-up code from the configured list is required; notes are optional.</summary>
    public sealed record WrapUpRequest(string? CallId, string? Code, string? Notes);

    /// <summary>Call the customer back at <c>DueAt</c>; without <c>CustomerId</c> the calling number is used.</summary>
    public sealed record CallbackRequest(string? CallId, int? CustomerId, DateTimeOffset? DueAt);

    public sealed record CallbackCreated(int Id, DateTimeOffset DueAt);

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult, ProblemHttpResult>> WrapUpAsync(
        WrapUpRequest request, CurrentUser current, ContactQueries contacts, DeskBoard board, TelephonyBridge bridge, IOptions<DeskOptions> options,
        CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(request.Code) || !options.Value.EffectiveWrapUpCodes.Contains(request.Code, StringComparer.Ordinal))
        {
            return TypedResults.Problem("A wrap-up code from the list is required.", statusCode: StatusCodes.Status400BadRequest, title: "desk.wrapUp.code");
        }

        if (request.Notes is { Length: > 4000 })
        {
            return TypedResults.Problem("Notes are at most 4000 characters.", statusCode: StatusCodes.Status400BadRequest, title: "desk.wrapUp.notes");
        }

        var (contact, refusal) = await OwnCallAsync(request.CallId, user, contacts, cancellationToken);
        if (contact is null)
        {
            return Refuse<NoContent>(refusal);
        }

        try
        {
            contact.RecordWrapUp(request.Code, string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim());
            await contacts.SaveWrapUpAsync(contact, cancellationToken);
        }
        catch (DomainException error)
        {
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status409Conflict, title: "desk.wrapUp.conflict");
        }

        await board.ClearCallAsync(user.SeatId!, contact.CallId, cancellationToken);
        if (bridge.FindSeat(user.SeatId!) is { State: AgentState.WrapUp } seat && seat.CallId == contact.CallId)
        {
            // Wrap-up done before its timer: the seat is ready for the next call.
            try
            {
                await bridge.SetReadyAsync(user.SeatId!, cancellationToken);
            }
            catch (Exception error) when (error is DomainException or TelephonyCommandException)
            {
                // The timer ran out meanwhile, or the seat changed state itself; the wrap-up is saved either way.
            }
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<CallbackCreated>, NotFound, ForbidHttpResult, ProblemHttpResult>> CallbackAsync(
        CallbackRequest request, CurrentUser current, ContactQueries contacts, CustomerQueries customers, CampaignQueries campaigns, CallbackTaskSources sources,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (request.DueAt is not { } due || due < now.AddMinutes(-1) || due > now.AddDays(90))
        {
            return TypedResults.Problem("The callback time must be between now and 90 days ahead.", statusCode: StatusCodes.Status400BadRequest, title: "desk.callback.due");
        }

        var (contact, refusal) = await OwnCallAsync(request.CallId, user, contacts, cancellationToken);
        if (contact is null)
        {
            return Refuse<Created<CallbackCreated>>(refusal);
        }

        string? phone = contact.CallerNumber;
        string? policyNumber = null;
        if (request.CustomerId is { } customerId)
        {
            // Only a customer this call matched: by the calling number or by the policy number keyed in the IVR.
            var customer = await customers.GetByIdAsync(customerId, cancellationToken);
            var policies = customer is null ? [] : await customers.ListPoliciesAsync(customerId, cancellationToken);
            var caller = Customer.NormalizePhone(contact.CallerNumber);
            var byPhone = caller is not null && (Customer.NormalizePhone(customer?.Mobile) == caller || Customer.NormalizePhone(customer?.Phone2) == caller);
            var byPolicy = contact.PolicyNumber is { } keyed && policies.Any(p => p.PolicyNumber == keyed);
            if (customer is null || !(byPhone || byPolicy))
            {
                return TypedResults.Forbid();
            }

            phone = byPhone ? contact.CallerNumber : customer.Mobile ?? customer.Phone2;
            policyNumber = byPolicy ? contact.PolicyNumber : null;
        }

        if (string.IsNullOrWhiteSpace(phone))
        {
            return TypedResults.Problem("The call has no number to call back.", statusCode: StatusCodes.Status400BadRequest, title: "desk.callback.phone");
        }

        var campaignId = await ManualCampaignAsync(user.SiteCode!, user.SeatId!, campaigns, cancellationToken);
        int id;
        try
        {
            id = await sources.CreateManualAsync(campaignId, phone, due, null, request.CustomerId, policyNumber, cancellationToken);
        }
        catch (DomainException error)
        {
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest, title: "desk.callback.phone");
        }

        return TypedResults.Created($"/api/callbacks/{id}", new CallbackCreated(id, due));
    }

    /// <summary>
    /// The campaign seats' own callbacks (预约回访) of a site go into: "坐席预约回访", made on first use. It is a preview
    /// campaign and every seat that books into it is assigned to it, so the seats see and dial their bookings (a
    /// progressive campaign without seats was never dialled); one made progressive by an earlier version is switched.
    /// </summary>
    public const string ManualCampaignName = "坐席预约回访";

    private static async Task<int> ManualCampaignAsync(string siteCode, string seatId, CampaignQueries campaigns, CancellationToken cancellationToken)
    {
        var existing = (await campaigns.ListAsync(cancellationToken))
            .Where(c => c.Name == ManualCampaignName && c.HomeSite == siteCode).OrderBy(c => c.Id).FirstOrDefault();
        if (existing is { Mode: DialingMode.Progressive })
        {
            existing.ChangeDialing(DialingMode.Preview, existing.Retry);
            await campaigns.UpdateAsync(existing, cancellationToken);
        }

        var id = existing?.Id ?? await campaigns.InsertAsync(
            new Campaign(0, ManualCampaignName, CampaignKind.Satisfaction, siteCode, new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0)), 3,
                mode: DialingMode.Preview),
            cancellationToken);
        if (!(await campaigns.ListSeatAssignmentsAsync(cancellationToken))[id].Contains(seatId, StringComparer.Ordinal))
        {
            await campaigns.AssignSeatsAsync(id, [seatId], cancellationToken);
        }

        return id;
    }

    private enum Refusal
    {
        None,
        MissingCallId,
        NotFound,
        NotOwnCall,
    }

    /// <summary>The contact, if it is a call this seat took; otherwise why not.</summary>
    private static async Task<(Contact? Contact, Refusal Refusal)> OwnCallAsync(string? callId, User user, ContactQueries contacts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(callId) || user.SeatId is null)
        {
            return (null, Refusal.MissingCallId);
        }

        var contact = await contacts.GetByCallIdAsync(callId, cancellationToken);
        if (contact is null)
        {
            return (null, Refusal.NotFound);
        }

        // A seat sees and edits only its own calls (DOMAIN §7).
        return contact.SeatId is { } seatId && user.CanAccessSeatData(contact.CurrentSiteCode, seatId) ? (contact, Refusal.None) : (null, Refusal.NotOwnCall);
    }

    private static Results<TOk, NotFound, ForbidHttpResult, ProblemHttpResult> Refuse<TOk>(Refusal refusal)
        where TOk : IResult => refusal switch
    {
        Refusal.NotFound => TypedResults.NotFound(),
        Refusal.NotOwnCall => TypedResults.Forbid(),
        _ => TypedResults.Problem("callId is required.", statusCode: StatusCodes.Status400BadRequest, title: "desk.callId"),
    };
}
