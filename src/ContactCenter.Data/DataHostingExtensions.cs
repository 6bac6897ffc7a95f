using ContactCenter.Data.Audit;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Complaints;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;
using ContactCenter.Data.Migrations;
using ContactCenter.Data.Seeding;
using ContactCenter.Data.Sites;
using ContactCenter.Data.Surveys;
using ContactCenter.Data.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContactCenter.Data;

public static class DataHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="DatabaseOptions"/> (section <c>Database</c>, validated on start), and
    /// registers the connection factory, the dialect, the migration runner and the query classes.
    /// Call <see cref="MigrateContactCenterDatabaseAsync"/> after building the host and before running it.
    /// </summary>
    public static IHostApplicationBuilder AddContactCenterData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DbConnectionFactory>();
        services.TryAddSingleton(sp => sp.GetRequiredService<DbConnectionFactory>().Dialect);
        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<UserQueries>();
        services.TryAddSingleton<SiteQueries>();
        services.TryAddSingleton<CustomerQueries>();
        services.TryAddSingleton<ContactQueries>();
        services.TryAddSingleton<CaseQueries>();
        services.TryAddSingleton<SurveyQueries>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<SeedWriter>();
        services.TryAddSingleton<CampaignQueries>();
        services.TryAddSingleton<CallbackTaskQueries>();
        return builder;
    }

    /// <summary>
    /// Checks the configuration, connects, and applies pending migrations. Every failure a operator can fix
    /// (unknown provider, bad connection string, unreachable server, bad SQLite path, edited or unknown
    /// migrations) is a <see cref="DatabaseStartupException"/> whose message is one sentence to print before
    /// exiting non-zero.
    /// </summary>
    public static async Task<MigrationReport> MigrateContactCenterDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            _ = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw new DatabaseStartupException($"Database configuration is invalid: {string.Join(" ", e.Failures)}", e);
        }
        catch (InvalidOperationException e)
        {
            // The binder could not convert a value, most often an unknown provider name.
            var provider = services.GetService<IConfiguration>()?[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"];
            if (provider is not null && !Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out _))
            {
                throw new DatabaseStartupException(
                    $"Database:Provider '{provider}' is not supported; use Sqlite, Postgres or SqlServer.", e);
            }

            throw new DatabaseStartupException($"Database configuration is invalid: {e.Message}", e);
        }

        return await services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
    }
}
