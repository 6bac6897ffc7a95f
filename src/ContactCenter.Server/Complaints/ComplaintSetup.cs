using ContactCenter.Core;
using ContactCenter.Core.Complaints;
using ContactCenter.Data.Complaints;
using ContactCenter.Scheduling.Complaints;
using ContactCenter.Scheduling.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Complaints;

/// <summary>Complaint handling settings, bound from <c>Complaints</c> and validated at start-up.</summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";

    /// <summary>The company's rule set: <c>cbirc-2020</c> (default, the current regulation) or <c>company</c> (the older working-day rules).</summary>
    public string RuleSet { get; set; } = "cbirc-2020";

    /// <summary>
    /// The seat center that handles a branch's complaints, for cases an administrator registers (a seat's or
    /// supervisor's case belongs to their own site). Default: 广东分公司 → gz, 上海分公司 → sh (the demo).
    /// </summary>
    public Dictionary<string, string> BranchSites { get; } = new(StringComparer.Ordinal)
    {
        ["广东分公司"] = "gz",
        ["上海分公司"] = "sh",
    };

    public ComplaintRuleSet ParsedRuleSet => DomainCodes.Parse<ComplaintRuleSet>(RuleSet);
}

public static class ComplaintSetup
{
    /// <summary>
    /// Complaint handling: options, the shipped business calendar, the complaint queries, the notification hub and
    /// the deadline watch job (scheduled when the scheduler runs).
    /// </summary>
    public static IHostApplicationBuilder AddComplaints(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ComplaintOptions>()
            .BindConfiguration(ComplaintOptions.Section)
            .Validate(o => DomainCodes.TryParse<ComplaintRuleSet>(o.RuleSet, out _), "Complaints:RuleSet must be cbirc-2020 or company.")
            .ValidateOnStart();
        services.TryAddSingleton<CaseDesk>();
        services.TryAddSingleton<CaseDeadlineQueries>();
        services.TryAddSingleton<ComplaintReports>();
        services.TryAddSingleton<ComplaintVolumeBases>();
        services.AddSignalR();
        services.TryAddSingleton<IComplaintAlertSink, HubAlertSink>();
        var watch = builder.Configuration.GetSection(ComplaintWatchOptions.Section).Get<ComplaintWatchOptions>() ?? new ComplaintWatchOptions();
        var scheduling = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (scheduling.Enabled)
        {
            services.AddComplaintDeadlineWatch(watch);
        }
        else
        {
            services.AddOptions<ComplaintWatchOptions>().BindConfiguration(ComplaintWatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton<ComplaintDeadlineWatch>();
        }

        return builder;
    }

    public static WebApplication MapComplaints(this WebApplication app, RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(app);
        api.MapComplaintEndpoints();
        app.MapHub<NotificationHub>(NotificationHub.Path);
        return app;
    }

    internal static ComplaintRuleSet RuleSet(this IOptions<ComplaintOptions> options) => options.Value.ParsedRuleSet;
}
