namespace ContactCenter.Core.Audit;

/// <summary>Action names written to the audit log ("entity.verb"), so reports can filter on them.</summary>
public static class AuditActions
{
    public const string CaseCreate = "case.create";
    public const string CaseUpdate = "case.update";
    public const string CaseStatusChange = "case.status";
    public const string CustomerUpdate = "customer.update";
    public const string CustomerViewFullMobile = "customer.view-full-mobile";
    public const string CustomerViewFullIdNumber = "customer.view-full-id-number";
    public const string CustomerViewFullBankCard = "customer.view-full-bank-card";
    public const string RecordingPlay = "recording.play";
    public const string UserSignIn = "user.sign-in";
    public const string UserUpdate = "user.update";
    public const string SeatMove = "seat.move-queue";
}

/// <summary>
/// One audited event: every view of a full personal value and every change to a case (DOMAIN §7).
/// <see cref="Detail"/> describes what happened (fields changed, old and new status) and never holds
/// the personal values themselves.
/// </summary>
public sealed record AuditEntry
{
    public AuditEntry(long id, DateTimeOffset at, int? userId, string action, string entity, string? entityId, string? detail)
    {
        var a = Guard.Required(action, "audit action", 64);
        if (!a.Contains('.', StringComparison.Ordinal) || a.Any(c => char.IsUpper(c) || char.IsWhiteSpace(c)))
        {
            throw new DomainValidationException($"audit action '{a}' must look like 'entity.verb' in lower case");
        }

        Id = id;
        At = at;
        UserId = userId;
        Action = a;
        Entity = Guard.Required(entity, "audit entity", 64);
        EntityId = Guard.Optional(entityId, "audit entity id", 128);
        Detail = Guard.Optional(detail, "audit detail", 2000);
    }

    /// <summary>0 until stored.</summary>
    public long Id { get; init; }

    public DateTimeOffset At { get; }

    /// <summary>Null for the system itself.</summary>
    public int? UserId { get; }

    public string Action { get; }

    public string Entity { get; }

    public string? EntityId { get; }

    public string? Detail { get; }

    public static AuditEntry Record(DateTimeOffset at, int? userId, string action, string entity, string? entityId, string? detail = null) =>
        new(0, at, userId, action, entity, entityId, detail);
}
