using System.Globalization;
using System.Security.Claims;
using ContactCenter.Core.Users;
using ContactCenter.Data.Users;

namespace ContactCenter.Server.Auth;

/// <summary>
/// The signed-in user of this request, read from the database on first use so that a changed role, a moved
/// site or a removed account takes effect at once rather than when the cookie expires.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, UserQueries users)
{
    private User? _user;

    public async Task<User?> GetAsync(CancellationToken cancellationToken)
    {
        if (_user is not null)
        {
            return _user;
        }

        var principal = accessor.HttpContext?.User;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }

        _user = await users.GetByIdAsync(userId, cancellationToken);
        return _user;
    }

    /// <summary>The user, or an exception that the endpoint filter turns into 401 when the account is gone.</summary>
    public async Task<User> RequireAsync(CancellationToken cancellationToken) =>
        await GetAsync(cancellationToken) ?? throw new UnauthorizedAccessException("the signed-in account no longer exists");

    public static ClaimsPrincipal PrincipalFor(User user)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Login),
            new(ClaimTypes.Role, RoleNames.Of(user.Role)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "cookie", ClaimTypes.Name, ClaimTypes.Role));
    }
}
