namespace ContactCenter.Core.Users;

/// <summary>What a user may do and see. Stored as "seat", "supervisor", "admin".</summary>
public enum Role
{
    /// <summary>座席: own site, own data.</summary>
    Seat,

    /// <summary>班长/质检/客服管理: everything at their own site.</summary>
    Supervisor,

    /// <summary>Administrator: all sites.</summary>
    Admin,
}

/// <summary>
/// A person who signs in. Scope rules (DOMAIN §7): an admin sees everything; a supervisor sees their own
/// site; a seat sees their own site's shared data and only their own calls, cases and scores.
/// </summary>
public sealed class User : IVersioned
{
    public User(int id, string login, string displayName, string passwordHash, Role role, string? siteCode, string? seatId, int version = 1)
    {
        Id = id;
        Login = Guard.Required(login, "login", 64);
        DisplayName = Guard.Required(displayName, "user display name", 100);
        PasswordHash = Guard.Required(passwordHash, "password hash", 512);
        Version = version;
        (Role, SiteCode, SeatId) = CheckScope(role, siteCode, seatId);
    }

    public int Id { get; }

    public string Login { get; }

    public string DisplayName { get; private set; }

    /// <summary>A <see cref="PasswordHasher"/> string, never the password.</summary>
    public string PasswordHash { get; private set; }

    public Role Role { get; private set; }

    /// <summary>The user's site; null only for admins (all sites).</summary>
    public string? SiteCode { get; private set; }

    /// <summary>The seat a <see cref="Role.Seat"/> user works at; null for other roles.</summary>
    public string? SeatId { get; private set; }

    public int Version { get; set; }

    public bool IsAdmin => Role == Role.Admin;

    public bool CanAccessSite(string siteCode) =>
        IsAdmin || string.Equals(SiteCode, siteCode, StringComparison.Ordinal);

    /// <summary>
    /// Whether the user may see data that belongs to one seat (its calls, cases, QA scores, state history):
    /// an admin always, a supervisor at that seat's site, a seat only its own.
    /// </summary>
    public bool CanAccessSeatData(string seatSiteCode, string seatId) => Role switch
    {
        Role.Admin => true,
        Role.Supervisor => CanAccessSite(seatSiteCode),
        _ => CanAccessSite(seatSiteCode) && string.Equals(SeatId, seatId, StringComparison.Ordinal),
    };

    /// <summary>Supervisors and admins may manage seats (move between queues, force not-ready, listen in).</summary>
    public bool CanSuperviseSite(string siteCode) => Role != Role.Seat && CanAccessSite(siteCode);

    /// <summary>
    /// Whether screens may show a full phone, ID or bank number instead of the mask. Supervisors (own site)
    /// and admins may, and every such view is audited; seats see masks.
    /// </summary>
    public bool CanViewFullPersonalData(string siteCode) => Role != Role.Seat && CanAccessSite(siteCode);

    public void Rename(string displayName) => DisplayName = Guard.Required(displayName, "user display name", 100);

    public void ChangePasswordHash(string passwordHash) => PasswordHash = Guard.Required(passwordHash, "password hash", 512);

    /// <summary>Changes role and scope together so the scope rules always hold.</summary>
    public void ChangeRole(Role role, string? siteCode, string? seatId) =>
        (Role, SiteCode, SeatId) = CheckScope(role, siteCode, seatId);

    private static (Role, string?, string?) CheckScope(Role role, string? siteCode, string? seatId)
    {
        if (!Enum.IsDefined(role))
        {
            throw new DomainValidationException($"unknown role {role}");
        }

        var site = string.IsNullOrWhiteSpace(siteCode) ? null : Guard.SiteCode(siteCode);
        var seat = Guard.Optional(seatId, "seat id", 64);
        return role switch
        {
            Role.Admin when site is not null => throw new DomainValidationException("an admin is not limited to one site"),
            Role.Admin when seat is not null => throw new DomainValidationException("only a seat user has a seat"),
            Role.Supervisor when site is null => throw new DomainValidationException("a supervisor needs a site"),
            Role.Supervisor when seat is not null => throw new DomainValidationException("only a seat user has a seat"),
            Role.Seat when site is null => throw new DomainValidationException("a seat user needs a site"),
            Role.Seat when seat is null => throw new DomainValidationException("a seat user needs a seat"),
            _ => (role, site, seat),
        };
    }
}
