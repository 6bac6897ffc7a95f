using ContactCenter.Core.Users;
using ContactCenter.Data.Sites;
using ContactCenter.Data.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Auth;

/// <summary>Sign-in, sign-out and "who am I". Passwords are checked against PBKDF2 hashes; failures say nothing about which part was wrong.</summary>
public static class AuthEndpoints
{
    public const string LoginRateLimit = "login";

    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        auth.MapPost("/logout", (Delegate)LogoutAsync).AllowAnonymous();
        api.MapGet("/me", MeAsync).RequireAuthorization().WithTags("Auth");
        return api;
    }

    public sealed record LoginRequest(string? Login, string? Password);

    /// <summary>The signed-in user as the pages see it; <c>Home</c> is the page their role starts on.</summary>
    public sealed record SignedInUser(int Id, string Login, string DisplayName, string Role, string? SiteCode, string? SiteName, string? SeatId, string Home);

    private static async Task<Results<Ok<SignedInUser>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, UserQueries users, SiteQueries sites, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var log = loggers.CreateLogger(typeof(AuthEndpoints));
        if (string.IsNullOrWhiteSpace(request.Login) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Login and password are required.", statusCode: StatusCodes.Status400BadRequest, title: "auth.missing");
        }

        var user = await users.GetByLoginAsync(request.Login.Trim(), cancellationToken);
        if (user is null || !PasswordHasher.Verify(request.Password, user.PasswordHash))
        {
            AuthLog.SignInFailed(log);
            return TypedResults.Problem("Wrong login or password.", statusCode: StatusCodes.Status401Unauthorized, title: "auth.failed");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, CurrentUser.PrincipalFor(user));
        AuthLog.SignedIn(log, user.Id, user.Role);
        return TypedResults.Ok(await DescribeAsync(user, sites, cancellationToken));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SignedInUser>, UnauthorizedHttpResult>> MeAsync(CurrentUser current, SiteQueries sites, CancellationToken cancellationToken)
    {
        var user = await current.GetAsync(cancellationToken);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(await DescribeAsync(user, sites, cancellationToken));
    }

    private static async Task<SignedInUser> DescribeAsync(User user, SiteQueries sites, CancellationToken cancellationToken)
    {
        var site = user.SiteCode is null ? null : await sites.GetSiteAsync(user.SiteCode, cancellationToken);
        var home = user.Role switch
        {
            Role.Seat => "/desk.html",
            Role.Supervisor => "/wallboard.html",
            _ => "/",
        };
        return new SignedInUser(user.Id, user.Login, user.DisplayName, RoleNames.Of(user.Role), user.SiteCode, site?.Name, user.SeatId, home);
    }
}

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "User {UserId} signed in as {Role}")]
    public static partial void SignedIn(ILogger logger, int userId, Role role);

    // The login name is not logged: it can be a phone number or a person's name.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "A sign-in failed")]
    public static partial void SignInFailed(ILogger logger);
}
