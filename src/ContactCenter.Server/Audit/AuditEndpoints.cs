using ContactCenter.Data.Audit;
using ContactCenter.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Audit;

/// <summary>The audit log, for administrators.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", QueryAsync).WithTags("Audit").RequireAuthorization(Policies.Admin);
        return api;
    }

    public sealed record AuditView(long Id, DateTimeOffset At, int? UserId, string Action, string Entity, string? EntityId, string? Detail);

    private static async Task<Results<Ok<List<AuditView>>, ProblemHttpResult>> QueryAsync(
        AuditLog audit, string? entity, string? entityId, string? action, int? take, CancellationToken cancellationToken)
    {
        if (take is < 1 or > 1000)
        {
            return TypedResults.Problem("take must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest, title: "audit.take");
        }

        var entries = await audit.QueryAsync(new AuditQuery(Entity: entity, EntityId: entityId, Action: action, Take: take ?? 100), cancellationToken);
        return TypedResults.Ok(entries.Select(e => new AuditView(e.Id, e.At, e.UserId, e.Action, e.Entity, e.EntityId, e.Detail)).ToList());
    }
}
