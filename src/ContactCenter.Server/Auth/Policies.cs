using ContactCenter.Core.Users;

namespace ContactCenter.Server.Auth;

/// <summary>Authorization policy names used by the endpoints.</summary>
public static class Policies
{
    /// <summary>Seats only (the agent desktop).</summary>
    public const string Seat = "seat";

    /// <summary>Supervisors and administrators (wallboard, seat management, full personal data on request).</summary>
    public const string Supervision = "supervision";

    /// <summary>Administrators only.</summary>
    public const string Admin = "admin";
}

/// <summary>Role claim values, the same words the database stores.</summary>
public static class RoleNames
{
    public const string Seat = "seat";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static string Of(Role role) => role switch
    {
        Role.Seat => Seat,
        Role.Supervisor => Supervisor,
        Role.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };
}
