using ContactCenter.Core.Surveys;
using ContactCenter.Data.Surveys;
using ContactCenter.Server.Desk;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Telephony;

/// <summary>
/// Stores each post-call survey result the bridge reports (tied to the call, its queue and seat). A key outside
/// the scale, or no key, is stored as "not rated", never as a score (DOMAIN §4).
/// </summary>
public sealed class SurveyRecorder(
    IBridgeEvents events,
    TelephonyBridge bridge,
    SurveyQueries surveys,
    TodayContacts today,
    IOptions<DeskOptions> options,
    ILogger<SurveyRecorder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = events.Subscribe(stoppingToken);
        var scale = options.Value.SurveyScale;
        try
        {
            await foreach (var bridgeEvent in reader.ReadAllAsync(stoppingToken))
            {
                if (bridgeEvent is not SurveyCompleted survey)
                {
                    continue;
                }

                try
                {
                    var queueId = bridge.FindContact(survey.CallId)?.QueueId;
                    var score = survey.Score is { } s && s >= 1 && s <= scale ? survey.Score : null;
                    var result = new SurveyResult(survey.CallId, survey.SeatId, queueId, survey.SiteCode, scale, score, survey.At);
                    await surveys.RecordAsync(result, stoppingToken);
                    today.Add(result);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LiveLog.SurveyFailed(logger, survey.CallId, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
