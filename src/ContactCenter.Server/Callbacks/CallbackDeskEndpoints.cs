using ContactCenter.Core;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Privacy;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Customers;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Server.Auth;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Callbacks;

/// <summary>
/// The seat's side of callbacks (回访), under <c>/api/desk/callbacks</c>, seat role, own tasks only: claim a preview
/// task, see an answered callback call's task, dial a claimed task, and submit the result form (script checklist
/// yes/no, result, notes, call-back time). A "no" on a new-policy confirmation opens the mis-selling follow-up.
/// </summary>
public static class CallbackDeskEndpoints
{
    public static RouteGroupBuilder MapCallbackDeskEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/desk/callbacks").WithTags("Callbacks").RequireAuthorization(Policies.Seat);
        group.MapPost("/preview", ClaimPreviewAsync);
        group.MapGet("/calls/{callId}", GetCallAsync);
        group.MapGet("/tasks/{id:int}", GetTaskAsync);
        group.MapPost("/tasks/{id:int}/dial", DialAsync);
        group.MapPost("/tasks/{id:int}/result", SubmitAsync);
        return api;
    }

    /// <summary>One checklist question in both languages; a "no" on a <c>misSelling</c> item opens a mis-selling check.</summary>
    public sealed record ChecklistItemView(string Code, string TextZhCn, string TextEn, bool MisSelling);

    public sealed record ScriptView(CampaignKind Kind, string TitleZhCn, string TitleEn, string OpeningZhCn, string OpeningEn,
        IReadOnlyList<ChecklistItemView> Checklist, IReadOnlyList<CallbackResult> Results);

    public sealed record PolicyView(string PolicyNumber, string ProductName, DateOnly StartDate, DateOnly? CoolingOffEnd);

    /// <summary>The task as the seat sees it: the phone masked (the dialer calls it), the customer and policy (when known), the script.</summary>
    public sealed record CallbackTaskView(int TaskId, int CampaignId, string CampaignName, CallbackTaskStatus Status, string Phone, string? CustomerName,
        PolicyView? Policy, DateTimeOffset? Deadline, int Attempts, string? CallId, ScriptView Script);

    public sealed record ResultRequest(CallbackResult? Result, Dictionary<string, bool>? Answers, string? Notes, DateTimeOffset? CallBackAt);

    public sealed record ResultView(int TaskId, CallbackTaskStatus Status, CallbackResult? Result, int? FollowUpTaskId, IReadOnlyList<string> NoAnswers);

    public sealed record DialStarted(int TaskId, string CallId);

    private static async Task<Results<Ok<CallbackTaskView>, NoContent, ProblemHttpResult>> ClaimPreviewAsync(
        CurrentUser current, CallbackDesk desk, CallbackTaskQueries tasks, CustomerQueries customers, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        if (user.SeatId is null)
        {
            return TypedResults.Problem("Only a seat can take callback tasks.", statusCode: StatusCodes.Status400BadRequest, title: "callbacks.noSeat");
        }

        var view = await desk.ClaimPreviewAsync(user.SeatId, cancellationToken);
        if (view is null)
        {
            return TypedResults.NoContent();
        }

        // Shown as stored: claimed (dialing, no call id yet) by this seat.
        var stored = await tasks.GetAsync(view.Task.Id, cancellationToken) ?? view.Task;
        return TypedResults.Ok(await ViewAsync(view with { Task = stored }, customers, cancellationToken));
    }

    private static async Task<Results<Ok<CallbackTaskView>, NotFound, ForbidHttpResult>> GetCallAsync(
        string callId, CurrentUser current, CallbackDesk desk, CustomerQueries customers, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var view = await desk.GetCallAsync(callId, cancellationToken);
        if (view is null)
        {
            return TypedResults.NotFound();
        }

        return IsOwn(view.Task, user.SeatId) ? TypedResults.Ok(await ViewAsync(view, customers, cancellationToken)) : TypedResults.Forbid();
    }

    private static async Task<Results<Ok<CallbackTaskView>, NotFound, ForbidHttpResult>> GetTaskAsync(
        int id, CurrentUser current, CallbackTaskQueries tasks, CampaignQueries campaigns, CustomerQueries customers, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var (view, found) = await OwnTaskAsync(id, user.SeatId, tasks, campaigns, cancellationToken);
        return view is not null ? TypedResults.Ok(await ViewAsync(view, customers, cancellationToken)) : found ? TypedResults.Forbid() : TypedResults.NotFound();
    }

    /// <summary>Preview dial: the seat's claimed task is originated through the bridge (customer first, then this seat).</summary>
    private static async Task<Results<Accepted<DialStarted>, NotFound, ForbidHttpResult, ProblemHttpResult>> DialAsync(
        int id, CurrentUser current, CallbackTaskQueries tasks, CampaignQueries campaigns, CallbackDialer dialer, TelephonyBridge bridge,
        CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var (view, found) = await OwnTaskAsync(id, user.SeatId, tasks, campaigns, cancellationToken);
        if (view is null)
        {
            return found ? TypedResults.Forbid() : TypedResults.NotFound();
        }

        if (view.Task.Status != CallbackTaskStatus.Dialing || view.Task.CallId is not null)
        {
            return TypedResults.Problem("The task is not waiting to be dialled.", statusCode: StatusCodes.Status409Conflict, title: "callbacks.notClaimed");
        }

        if (bridge.FindSeat(user.SeatId!) is not { } seat || !bridge.IsSiteUp(seat.SiteCode))
        {
            return TypedResults.Problem("The seat's telephone site is not connected.", statusCode: StatusCodes.Status409Conflict, title: "callbacks.siteDown");
        }

        try
        {
            // A claimed row is "dialing" without a call id; the attempt starts from the task as it was before the claim
            // (CallbackTaskQueries.ClaimAsync), with the row's current version.
            var t = view.Task;
            var claimed = new CallbackTask(t.Id, t.CampaignId, t.CustomerId, t.Phone, t.PolicyNumber, t.CaseId, t.DueAt, t.Deadline, t.Priority, t.Attempts,
                CallbackTaskStatus.Pending, t.Result, t.NextAttemptAt, t.DialedSite, t.Version, t.Source, t.TimeZoneId, null, t.SeatId);
            _ = await dialer.DialClaimedAsync(view.Campaign, claimed, new FreeSeat(seat.SeatId, seat.SiteCode, seat.Extension), cancellationToken);
            return TypedResults.Accepted($"/api/desk/callbacks/tasks/{id}", new DialStarted(id, claimed.CallId!));
        }
        catch (DomainException error)
        {
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status409Conflict, title: "callbacks.conflict");
        }
    }

    private static async Task<Results<Ok<ResultView>, NotFound, ForbidHttpResult, ProblemHttpResult>> SubmitAsync(
        int id, ResultRequest request, CurrentUser current, CallbackTaskQueries tasks, CampaignQueries campaigns, CallbackDesk desk,
        CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        if (request.Result is not { } result)
        {
            return TypedResults.Problem("A result is required.", statusCode: StatusCodes.Status400BadRequest, title: "callbacks.result");
        }

        var (view, found) = await OwnTaskAsync(id, user.SeatId, tasks, campaigns, cancellationToken);
        if (view is null)
        {
            return found ? TypedResults.Forbid() : TypedResults.NotFound();
        }

        if (view.Task.Status != CallbackTaskStatus.Dialing)
        {
            return TypedResults.Problem("The task's result is already recorded.", statusCode: StatusCodes.Status409Conflict, title: "callbacks.done");
        }

        try
        {
            var notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim();
            var submission = await desk.SubmitResultAsync(new CallbackResultForm(id, result, request.Answers ?? [], notes, request.CallBackAt), cancellationToken);
            return TypedResults.Ok(new ResultView(id, submission.Task.Status, submission.Task.Result, submission.FollowUpTaskId,
                [.. submission.NoAnswers.Select(i => i.Code)]));
        }
        catch (DomainValidationException error)
        {
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "callbacks.form");
        }
        catch (DomainException error)
        {
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status409Conflict, title: "callbacks.conflict");
        }
    }

    /// <summary>A task is the seat's when the seat claimed it (preview) or the dialer connected it to the seat.</summary>
    private static bool IsOwn(CallbackTask task, string? seatId) => seatId is not null && string.Equals(task.SeatId, seatId, StringComparison.Ordinal);

    private static async Task<(CallbackCallView? View, bool Found)> OwnTaskAsync(int id, string? seatId, CallbackTaskQueries tasks, CampaignQueries campaigns,
        CancellationToken cancellationToken)
    {
        var task = await tasks.GetAsync(id, cancellationToken);
        if (task is null)
        {
            return (null, false);
        }

        if (!IsOwn(task, seatId) || await campaigns.GetAsync(task.CampaignId, cancellationToken) is not { } campaign)
        {
            return (null, true);
        }

        return (new CallbackCallView(task, campaign, campaign.Script), true);
    }

    private static async Task<CallbackTaskView> ViewAsync(CallbackCallView view, CustomerQueries customers, CancellationToken cancellationToken)
    {
        var task = view.Task;
        string? name = null;
        PolicyView? policy = null;
        if (task.CustomerId is { } customerId)
        {
            name = (await customers.GetByIdAsync(customerId, cancellationToken))?.Name;
            if (task.PolicyNumber is { } number
                && (await customers.ListPoliciesAsync(customerId, cancellationToken)).FirstOrDefault(p => p.PolicyNumber == number) is { } p)
            {
                policy = new PolicyView(p.PolicyNumber, p.ProductName, p.StartDate, p.CoolingOffEnd);
            }
        }

        var script = view.Script;
        return new CallbackTaskView(task.Id, view.Campaign.Id, view.Campaign.Name, task.Status, Mask.Phone(task.Phone), name,
            policy, task.Deadline, task.Attempts, task.CallId,
            new ScriptView(script.Kind, script.TitleZhCn, script.TitleEn, script.OpeningZhCn, script.OpeningEn,
                [.. script.Checklist.Select(i => new ChecklistItemView(i.Code, i.TextZhCn, i.TextEn, i.NoOpensMisSellingCheck))], script.Results));
    }
}
