using ContactCenter.Data.Contacts;
using ContactCenter.Data.Sites;
using ContactCenter.Data.Surveys;
using ContactCenter.Telephony.Bridge;

namespace ContactCenter.Server.Telephony;

/// <summary>
/// At start-up, after migrations and the demo seed and before the bridge connects: loads the queues (service
/// level, short-abandon threshold, overflow policy) and seats (extension, queues, penalties) into the bridge,
/// and today's closed contacts and survey results into <see cref="TodayContacts"/>.
/// </summary>
public sealed class BridgeConfigurationLoader(
    TelephonyBridge bridge,
    SiteQueries sites,
    ContactQueries contacts,
    SurveyQueries surveys,
    TodayContacts today,
    TimeProvider time,
    ILogger<BridgeConfigurationLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queues = await sites.ListQueuesAsync(null, cancellationToken);
        var seats = await sites.ListSeatsAsync(null, cancellationToken);
        bridge.ConfigureQueues(queues);
        bridge.ConfigureSeats(seats);
        LiveLog.Configured(logger, queues.Count, seats.Count);

        var now = time.GetUtcNow();
        var period = new ContactPeriod(now.AddDays(-1), now.AddDays(1));
        var ended = await contacts.ListEndedAsync(period, cancellationToken);
        foreach (var contact in ended)
        {
            today.Add(contact);
        }

        var rated = await surveys.ListAsync(new SurveyPeriod(period.From, period.To), cancellationToken);
        foreach (var survey in rated)
        {
            today.Add(survey);
        }

        LiveLog.TodayLoaded(logger, ended.Count, rated.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
