using ContactCenter.Core.Calendar;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using ContactCenter.Server.Audit;
using ContactCenter.Server.Auth;
using ContactCenter.Server.Callbacks;
using ContactCenter.Server.Complaints;
using ContactCenter.Server.Customers;
using ContactCenter.Server.Demo;
using ContactCenter.Server.Sites;
using ContactCenter.Server.Telephony;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContactCenter.Server.Hosting;

public static class ServerSetup
{
    public static IHostApplicationBuilder AddContactCenterServer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // TryAdd: a test host may bring its own clock.
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddOpenApi();
        // The business calendar (working days, holidays, 调休) shipped beside the binaries, read once.
        services.TryAddSingleton(_ => BusinessCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, BusinessCalendar.ShippedFileName))));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<CalendarHealthCheck>("calendar")
            .AddCheck<TelephonyHealthCheck>("telephony");

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "cc-auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/login.html";
                // The HTTP API answers 401/403; only pages are redirected to the sign-in page.
                cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Seat, policy => policy.RequireRole(RoleNames.Seat))
            .AddPolicy(Policies.Supervision, policy => policy.RequireRole(RoleNames.Supervisor, RoleNames.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(RoleNames.Admin));
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(AuthEndpoints.LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<DemoSeeder>();
        services.AddHostedService<StartupBanner>();
        builder.AddComplaints();
        builder.AddContactCenterLive();
        builder.AddCallbacks();
        return builder;
    }

    public static WebApplication MapContactCenter(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        var api = app.MapGroup("/api");
        api.MapAuthEndpoints();
        api.MapSiteEndpoints();
        api.MapCustomerEndpoints();
        api.MapAuditEndpoints();
        app.MapComplaints(api);
        app.MapContactCenterLive(api);
        api.MapCallbacks();
        return app;
    }

    private static Task RedirectOrStatus(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
