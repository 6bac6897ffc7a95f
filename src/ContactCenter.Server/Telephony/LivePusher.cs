using ContactCenter.Server.Desk;
using ContactCenter.Server.Wallboard;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Telephony;

/// <summary>
/// Reads the bridge's event stream and pushes it through the hubs: each change to its seat's desktop at once
/// (the screen pop is on the ring's path), and to the wallboards as per-site deltas every refresh interval.
/// It subscribes before the bridge connects, so no event is missed.
/// </summary>
public sealed class LivePusher(
    IBridgeEvents events,
    DeskBoard desk,
    WallboardBoard wallboard,
    TimeProvider time,
    IOptions<WallboardOptions> options,
    ILogger<LivePusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = events.Subscribe(stoppingToken);
        try
        {
            await wallboard.InitializeAsync(stoppingToken);
            var refresh = RefreshAsync(stoppingToken);
            await foreach (var bridgeEvent in reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    wallboard.Handle(bridgeEvent);
                    await desk.HandleAsync(bridgeEvent, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LiveLog.PushFailed(logger, bridgeEvent.GetType().Name, error);
                }
            }

            await refresh;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await wallboard.RefreshAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LiveLog.RefreshFailed(logger, error);
            }
        }
    }
}
