using ContactCenter.Data;
using ContactCenter.Scheduling.Hosting;
using ContactCenter.Server.Ivr;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Hosting;

/// <summary>
/// Builds and runs the ContactCenter web host. Tests build the same host with their own configuration,
/// so what they start is exactly what <c>dotnet run</c> starts.
/// </summary>
public static class ServerHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Settings and pages ship beside the binaries, so the host finds them wherever it is started
            // from. A relative SQLite path still resolves against the working directory.
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);

        // Every environment checks the whole service graph when the host is built (not only Development),
        // so a missing registration fails the tests instead of the first `dotnet run`.
        builder.Host.UseDefaultServiceProvider(provider =>
        {
            provider.ValidateOnBuild = true;
            provider.ValidateScopes = true;
        });

        // Order matters: the server's start-up (migrations, demo seed) runs before the scheduler starts.
        builder.AddContactCenterData();
        builder.AddContactCenterServer();
        builder.AddContactCenterIvrServer();
        builder.AddContactCenterScheduling();

        var app = builder.Build();
        app.MapContactCenter();
        return app;
    }

    /// <summary>Runs the server until it is stopped; bad configuration ends it with one clear line and exit code 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (Exception error) when (IsConfigurationError(error))
        {
            return Fail(error);
        }

        await using (app)
        {
            try
            {
                await StartAsync(app, CancellationToken.None);
            }
            catch (Exception error) when (IsConfigurationError(error))
            {
                return Fail(error);
            }

            await app.WaitForShutdownAsync();
            return 0;
        }
    }

    /// <summary>
    /// Checks every validated setting and migrates the database before the host starts, so a mistake ends
    /// start-up with its own message instead of the host's "failed to start" log and stack trace.
    /// </summary>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.MigrateContactCenterDatabaseAsync(cancellationToken);
        app.Services.GetService<IStartupValidator>()?.Validate();

        await app.StartAsync(cancellationToken);
    }

    private static bool IsConfigurationError(Exception error) =>
        error is DatabaseStartupException or OptionsValidationException
        // The configuration binder could not convert a value (a word where a number belongs).
        || (error is InvalidOperationException { InnerException: FormatException or ArgumentException })
        || (error is AggregateException aggregate && aggregate.InnerExceptions.All(IsConfigurationError));

    private static int Fail(Exception error)
    {
        var messages = error is AggregateException aggregate
            ? aggregate.InnerExceptions.Select(inner => inner.Message)
            : [error.Message];
        foreach (var message in messages.Distinct())
        {
            Console.Error.WriteLine($"ContactCenter cannot start: {message}");
        }

        return 1;
    }
}
