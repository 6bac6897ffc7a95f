using ContactCenter.Core.Seats;
using ContactCenter.Telephony.Bridge;

namespace ContactCenter.Server.Wallboard;

/// <summary>What the server pushes to a supervisor's wallboard: one snapshot, then numbered deltas per site.</summary>
public interface IWallboardClient
{
    Task Snapshot(WallboardSnapshot snapshot);

    /// <summary>What changed at one site since its previous sequence number.</summary>
    Task Delta(SiteDelta delta);
}

/// <summary>The sites in the supervisor's scope (own site; every site for an admin).</summary>
public sealed record WallboardSnapshot(DateTimeOffset ServerNow, IReadOnlyList<SiteBoard> Sites, Thresholds Thresholds);

/// <summary>Alert thresholds; a queue's own service-level target and threshold travel with its figures.</summary>
public sealed record Thresholds(int LongestWaitAlertSeconds, double AbandonRateAlert, double AnswerRateTarget, double SatisfactionTarget);

/// <summary>A site's board; <paramref name="LinkProblem"/> says why the link is down (null while up).</summary>
public sealed record SiteBoard(string SiteCode, string SiteName, long Seq, bool IsUp, QueueBoard Total, IReadOnlyList<QueueBoard> Queues, IReadOnlyList<SeatBoard> Seats,
    SiteLinkProblem? LinkProblem = null);

/// <summary>Changed parts only: a null list means unchanged.</summary>
public sealed record SiteDelta(string SiteCode, long Seq, DateTimeOffset ServerNow, bool IsUp, QueueBoard? Total, IReadOnlyList<QueueBoard>? Queues, IReadOnlyList<SeatBoard>? Seats,
    SiteLinkProblem? LinkProblem = null);

/// <summary>
/// One queue's figures (or the site's total, QueueId "*"): live ones from the bridge (waiting, longest wait, seats)
/// and today's KPIs computed from contact records with the KPI calculator. Rates are 0..1, null when there is no data.
/// </summary>
public sealed record QueueBoard(
    string QueueId,
    string DisplayName,
    int Waiting,
    double LongestWaitSeconds,
    int AvailableSeats,
    int StaffedSeats,
    int Offered,
    int Answered,
    double? ServiceLevel,
    double ServiceLevelTarget,
    int ServiceLevelSeconds,
    double? AnswerRate,
    double? AbandonRate,
    double? AsaSeconds,
    double? AhtSeconds,
    double? Satisfaction,
    int Rated);

/// <summary>A seat as the supervisor sees it; no caller data.</summary>
public sealed record SeatBoard(
    string SeatId,
    string Extension,
    string DisplayName,
    AgentState State,
    string? Reason,
    DateTimeOffset? Since,
    bool OnCall,
    IReadOnlyList<string> ActiveQueues,
    IReadOnlyList<string> Queues);
