using System.Globalization;
using System.Security.Claims;
using ContactCenter.Core.Users;
using ContactCenter.Data.Users;
using Microsoft.AspNetCore.SignalR;

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

        _user = await LoadAsync(accessor.HttpContext?.User, users, cancellationToken);
        return _user;
    }

    /// <summary>
    /// The signed-in user of a hub connection, read from the database on first use and kept for the connection's
    /// life; null when the cookie names no user or the account is gone.
    /// </summary>
    public static async Task<User?> OfConnectionAsync(HubCallerContext context, UserQueries users)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(typeof(User), out var cached) && cached is User known)
        {
            return known;
        }

        var user = await LoadAsync(context.User, users, context.ConnectionAborted);
        if (user is not null)
        {
            context.Items[typeof(User)] = user;
        }

        return user;
    }

    /// <summary>The user, or an exception that the endpoint filter turns into 401 when the account is gone.</summary>
    public async Task<User> RequireAsync(CancellationToken cancellationToken) =>
        await GetAsync(cancellationToken) ?? throw new UnauthorizedAccessException("the signed-in account no longer exists");

    private static async Task<User?> LoadAsync(ClaimsPrincipal? principal, UserQueries users, CancellationToken cancellationToken)
    {
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is not null && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? await users.GetByIdAsync(userId, cancellationToken)
            : null;
    }

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
