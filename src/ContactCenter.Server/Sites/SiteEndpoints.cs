using ContactCenter.Server.Auth;
using ContactCenter.Data.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Sites;

/// <summary>Seat centers, their queues and seats, as far as the signed-in user's scope reaches.</summary>
public static class SiteEndpoints
{
    public static RouteGroupBuilder MapSiteEndpoints(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites").RequireAuthorization();
        sites.MapGet("/", ListAsync);
        sites.MapGet("/{code}/seats", ListSeatsAsync).RequireAuthorization(Policies.Supervision);
        return api;
    }

    public sealed record QueueView(string Id, string Name, string DisplayName, int ServiceLevelSeconds, double ServiceLevelTarget);

    public sealed record SiteView(string Code, string Name, IReadOnlyList<QueueView> Queues, int SeatCount);

    public sealed record SeatView(string Id, string Extension, string DisplayName, IReadOnlyList<string> Queues);

    /// <summary>An admin sees every site; a supervisor or seat only their own.</summary>
    private static async Task<Ok<List<SiteView>>> ListAsync(CurrentUser current, SiteQueries queries, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        var queues = await queries.ListQueuesAsync(user.SiteCode, cancellationToken);
        var seats = await queries.ListSeatsAsync(user.SiteCode, cancellationToken);
        var views = (await queries.ListSitesAsync(cancellationToken))
            .Where(site => user.CanAccessSite(site.Code))
            .Select(site => new SiteView(
                site.Code,
                site.Name,
                queues.Where(q => q.SiteCode == site.Code)
                    .Select(q => new QueueView(q.Id, q.Name, q.DisplayName, q.ServiceLevelSeconds, q.ServiceLevelTarget))
                    .ToList(),
                seats.Count(s => s.SiteCode == site.Code)))
            .ToList();
        return TypedResults.Ok(views);
    }

    /// <summary>The seats of one site, for the supervisor of that site or an admin.</summary>
    private static async Task<Results<Ok<List<SeatView>>, ForbidHttpResult>> ListSeatsAsync(
        string code, CurrentUser current, SiteQueries queries, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        if (!user.CanSuperviseSite(code))
        {
            return TypedResults.Forbid();
        }

        var seats = await queries.ListSeatsAsync(code, cancellationToken);
        return TypedResults.Ok(seats
            .Select(s => new SeatView(s.Id, s.Extension, s.DisplayName, s.Queues.Select(q => q.QueueId).ToList()))
            .ToList());
    }
}
