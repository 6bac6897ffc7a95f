using System.Text.Json.Serialization;
using ContactCenter.Server.Desk;
using ContactCenter.Server.Wallboard;
using ContactCenter.Telephony.Bridge;

namespace ContactCenter.Server.Telephony;

/// <summary>
/// The live side of the server: the telephony bridge with its contact records in the database, the seat
/// desktop and the wallboard hubs, and the background service that pushes the bridge's changes to them.
/// </summary>
public static class LiveSetup
{
    public static IHostApplicationBuilder AddContactCenterLive(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WallboardOptions>().BindConfiguration(WallboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<TodayContacts>();
        services.AddSingleton<IContactRecordSink, ContactRecordSink>();
        services.AddSingleton<ScreenPopBuilder>();
        services.AddSingleton<DeskBoard>();
        services.AddSingleton<WallboardBoard>();

        // Queues and seats go into the bridge before it connects (hosted services start in this order).
        // Those reading the bridge's events subscribe before it connects.
        services.AddHostedService<BridgeConfigurationLoader>();
        services.AddHostedService<SurveyRecorder>();
        services.AddHostedService<LivePusher>();
        services.AddScoped<WallboardEndpoints.Scope>();
        builder.AddContactCenterTelephony();

        services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 16 * 1024)
            .AddJsonProtocol(json =>
            {
                json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
                json.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            });
        return builder;
    }

    public static WebApplication MapContactCenterLive(this WebApplication app, RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        app.MapHub<AgentHub>(AgentHub.Path);
        app.MapHub<WallboardHub>(WallboardHub.Path);
        api.MapDeskEndpoints();
        api.MapWallboardEndpoints();
        return app;
    }
}
