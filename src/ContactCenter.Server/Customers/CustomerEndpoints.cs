using System.Globalization;
using ContactCenter.Core.Audit;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Audit;
using ContactCenter.Data.Customers;
using ContactCenter.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Customers;

/// <summary>
/// Customer records. Phone and ID numbers are always masked (DOMAIN §7); a supervisor or admin who needs
/// a full value asks for it explicitly, and every such view is written to the audit log.
/// </summary>
public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers").RequireAuthorization();
        customers.MapGet("/{id:int}", GetAsync);
        customers.MapPost("/{id:int}/reveal", RevealAsync).RequireAuthorization(Policies.Supervision);
        return api;
    }

    public sealed record PolicyView(string PolicyNumber, ProductLine ProductLine, string ProductName, decimal Premium, DateOnly StartDate, DateOnly? CoolingOffEnd, PolicyStatus Status, string Branch);

    public sealed record CustomerView(int Id, string Name, Gender Gender, string Mobile, string? Phone2, string IdNumber, string? City, IReadOnlyList<PolicyView> Policies);

    /// <summary>Which personal value to show in full: <c>mobile</c>, <c>phone2</c> or <c>id-number</c>.</summary>
    public sealed record RevealRequest(string? Field);

    public sealed record RevealedValue(string Field, string? Value);

    private static async Task<Results<Ok<CustomerView>, NotFound>> GetAsync(int id, CustomerQueries customers, CancellationToken cancellationToken)
    {
        var customer = await customers.GetByIdAsync(id, cancellationToken);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }

        var policies = await customers.ListPoliciesAsync(id, cancellationToken);
        return TypedResults.Ok(new CustomerView(
            customer.Id,
            customer.Name,
            customer.Gender,
            customer.MaskedMobile,
            customer.Phone2 is null ? null : customer.MaskedPhone2,
            customer.MaskedIdNumber,
            customer.City,
            policies.Select(p => new PolicyView(p.PolicyNumber, p.ProductLine, p.ProductName, p.Premium, p.StartDate, p.CoolingOffEnd, p.Status, p.Branch)).ToList()));
    }

    private static async Task<Results<Ok<RevealedValue>, NotFound, ForbidHttpResult, ProblemHttpResult>> RevealAsync(
        int id, RevealRequest request, CurrentUser current, CustomerQueries customers, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await current.RequireAsync(cancellationToken);
        if (!user.CanViewFullPersonalData(user.SiteCode ?? string.Empty) && !user.IsAdmin)
        {
            return TypedResults.Forbid();
        }

        var customer = await customers.GetByIdAsync(id, cancellationToken);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }

        (string? value, string action)? revealed = request.Field switch
        {
            "mobile" => (customer.Mobile, AuditActions.CustomerViewFullMobile),
            "phone2" => (customer.Phone2, AuditActions.CustomerViewFullMobile),
            "id-number" => (customer.IdNumber, AuditActions.CustomerViewFullIdNumber),
            _ => null,
        };
        if (revealed is not { } shown)
        {
            return TypedResults.Problem("Field must be mobile, phone2 or id-number.", statusCode: StatusCodes.Status400BadRequest, title: "customer.reveal.field");
        }

        // The audit entry names the field, never the value.
        await audit.AppendAsync(AuditEntry.Record(time.GetUtcNow(), user.Id, shown.action, "customer", id.ToString(CultureInfo.InvariantCulture), request.Field), cancellationToken);
        return TypedResults.Ok(new RevealedValue(request.Field!, shown.value));
    }
}
