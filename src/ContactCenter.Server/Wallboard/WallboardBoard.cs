using ContactCenter.Core.Contacts;
using ContactCenter.Core.Kpis;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Users;
using ContactCenter.Data.Sites;
using ContactCenter.Server.Telephony;
using ContactCenter.Telephony.Bridge;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Wallboard;

/// <summary>
/// The wallboard of every site: seats as the bridge reports them, each queue's live figures from the bridge
/// (waiting, longest wait, ready seats) and today's KPIs computed from contact records with
/// <see cref="KpiCalculator"/> (never from counters). Bridge events mark what changed; every
/// <see cref="WallboardOptions.RefreshInterval"/> the changed parts go to the site's group as one numbered delta.
/// </summary>
public sealed class WallboardBoard(
    TelephonyBridge bridge,
    SiteQueries siteQueries,
    TodayContacts today,
    IHubContext<WallboardHub, IWallboardClient> hub,
    IOptions<WallboardOptions> options,
    TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SiteState> _sites = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _send.Dispose();

    public static string Group(string siteCode) => $"site:{siteCode}";

    /// <summary>Loads the sites, queues and seat names; the hub waits for it before its first snapshot.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var sites = await siteQueries.ListSitesAsync(cancellationToken);
        var queues = await siteQueries.ListQueuesAsync(null, cancellationToken);
        var seats = await siteQueries.ListSeatsAsync(null, cancellationToken);
        lock (_gate)
        {
            foreach (var site in sites)
            {
                TimeZoneInfo zone;
                try
                {
                    zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
                }
                catch (TimeZoneNotFoundException)
                {
                    zone = TimeZoneInfo.Utc;
                }

                var state = new SiteState(site.Code, site.Name, zone, [.. queues.Where(q => q.SiteCode == site.Code)]);
                foreach (var seat in seats.Where(s => s.SiteCode == site.Code))
                {
                    state.Names[seat.Id] = (seat.DisplayName, seat.Extension);
                    state.Seats[seat.Id] = SeatRow(state, bridge.FindSeat(seat.Id), seat.Id, seat.Extension, [.. seat.Queues.Select(q => q.QueueId)]);
                }

                _sites[site.Code] = state;
            }
        }

        await RefreshAsync(cancellationToken);
        _loaded.TrySetResult();
    }

    /// <summary>The sites a user may watch: an admin all, a supervisor their own.</summary>
    public IReadOnlyList<string> SitesFor(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            return [.. _sites.Keys.Where(user.CanSuperviseSite).Order(StringComparer.Ordinal)];
        }
    }

    public void Handle(BridgeEvent bridgeEvent)
    {
        lock (_gate)
        {
            switch (bridgeEvent)
            {
                case SeatStateChanged changed when Site(changed.SiteCode) is { } site:
                    var live = bridge.FindSeat(changed.Change.SeatId);
                    var known = site.Names.TryGetValue(changed.Change.SeatId, out var name) ? name.Extension : live?.Extension ?? changed.Change.SeatId;
                    site.Seats[changed.Change.SeatId] = SeatRow(site, live, changed.Change.SeatId, known, live?.Queues.Select(q => q.QueueId).ToList() ?? []);
                    site.DirtySeats.Add(changed.Change.SeatId);
                    break;
                case SiteStatusChanged status when Site(status.SiteCode) is { } site:
                    site.Dirty = true;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Recomputes every site's figures and sends each site's changes to its group.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<SiteState> sites;
        lock (_gate)
        {
            sites = [.. _sites.Values];
        }

        var open = bridge.OpenContacts();
        var computed = sites.Select(site => (Site: site, Boards: Compute(site, open, now))).ToList();
        await _send.WaitAsync(cancellationToken);
        try
        {
            foreach (var (site, (total, queues)) in computed)
            {
                SiteDelta? delta = null;
                lock (_gate)
                {
                    var link = bridge.SiteLink(site.Code);
                    var queuesChanged = site.Queues is null || !site.Queues.SequenceEqual(queues) || site.Total != total;
                    if (queuesChanged || site.DirtySeats.Count > 0 || site.Dirty || site.LinkProblem != link.WhyDown)
                    {
                        var seats = site.DirtySeats.Select(id => site.Seats[id]).ToList();
                        site.DirtySeats.Clear();
                        site.Dirty = false;
                        site.LinkProblem = link.WhyDown;
                        site.Queues = queues;
                        site.Total = total;
                        delta = new SiteDelta(site.Code, ++site.Seq, now, link.IsUp, queuesChanged ? total : null, queuesChanged ? queues : null, seats.Count > 0 ? seats : null, link.WhyDown);
                    }
                }

                if (delta is not null)
                {
                    await hub.Clients.Group(Group(site.Code)).Delta(delta);
                }
            }
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Adds the connection to its sites' groups and sends the snapshot, with no delta in between.</summary>
    public async Task ConnectAsync(string connectionId, IReadOnlyList<string> siteCodes, IGroupManager groups, IWallboardClient caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(siteCodes);
        await _loaded.Task.WaitAsync(cancellationToken);
        await _send.WaitAsync(cancellationToken);
        try
        {
            foreach (var code in siteCodes)
            {
                await groups.AddToGroupAsync(connectionId, Group(code), cancellationToken);
            }

            await caller.Snapshot(Snapshot(siteCodes));
        }
        finally
        {
            _send.Release();
        }
    }

    public WallboardSnapshot Snapshot(IReadOnlyList<string> siteCodes)
    {
        ArgumentNullException.ThrowIfNull(siteCodes);
        var o = options.Value;
        lock (_gate)
        {
            var boards = siteCodes.Select(code => _sites[code])
                .Select(s => (Site: s, Link: bridge.SiteLink(s.Code)))
                .Select(x => new SiteBoard(x.Site.Code, x.Site.Name, x.Site.Seq, x.Link.IsUp, x.Site.Total!, x.Site.Queues ?? [],
                    [.. x.Site.Seats.Values.OrderBy(s => s.SeatId, StringComparer.Ordinal)], x.Link.WhyDown))
                .ToList();
            return new WallboardSnapshot(time.GetUtcNow(), boards, new Thresholds(o.LongestWaitAlertSeconds, o.AbandonRateAlert, o.AnswerRateTarget, o.SatisfactionTarget));
        }
    }

    private (QueueBoard Total, List<QueueBoard> Queues) Compute(SiteState site, IReadOnlyList<Contact> open, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, site.Zone);
        var dayStart = new DateTimeOffset(local.Date, local.Offset);
        var byCall = new Dictionary<string, Contact>(StringComparer.Ordinal);
        var prefix = site.Code + "/";
        foreach (var contact in open.Where(c => c.QueueId?.StartsWith(prefix, StringComparison.Ordinal) == true))
        {
            byCall[contact.CallId] = contact;
        }

        foreach (var contact in today.ContactsOf(site.Code, dayStart))
        {
            byCall[contact.CallId] = contact;
        }

        var surveys = today.SurveysOf(site.Code, dayStart);
        var rows = new List<QueueBoard>(site.Config.Count);
        var sums = new Sums();
        foreach (var queue in site.Config)
        {
            var contacts = byCall.Values.Where(c => c.QueueId == queue.Id).ToList();
            var kpis = KpiCalculator.Compute(contacts, queue.ServiceLevelThreshold, now);
            var figures = bridge.Figures(site.Code, queue.Name);
            var rated = surveys.Where(s => s.QueueId == queue.Id).ToList();
            rows.Add(new QueueBoard(
                queue.Id,
                queue.DisplayName,
                figures?.CallsWaiting ?? 0,
                Math.Floor((figures?.LongestWait ?? TimeSpan.Zero).TotalSeconds),
                figures?.AvailableSeats ?? 0,
                figures?.StaffedSeats ?? 0,
                kpis.Offered,
                kpis.Answered,
                kpis.ServiceLevel,
                queue.ServiceLevelTarget,
                queue.ServiceLevelSeconds,
                kpis.AnswerRate,
                kpis.AbandonRate,
                kpis.AverageSpeedOfAnswer?.TotalSeconds,
                kpis.AverageHandleTime?.TotalSeconds,
                KpiCalculator.Satisfaction(rated),
                rated.Count(s => s.IsRated)));
            sums.Add(kpis, figures);
        }

        var seats = site.Seats.Values;
        var allRated = surveys.Where(s => s.QueueId is null || s.QueueId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var total = new QueueBoard(
            "*",
            site.Name,
            sums.Waiting,
            Math.Floor(sums.Longest.TotalSeconds),
            seats.Count(s => s.State == AgentState.Ready),
            seats.Count(s => s.State != AgentState.LoggedOut),
            sums.Offered,
            sums.Answered,
            KpiCalculator.Rate(sums.Within, sums.Offered - sums.ShortAbandons),
            site.Config.Count == 0 ? 0.8 : site.Config.Average(q => q.ServiceLevelTarget),
            site.Config.Count == 0 ? 20 : site.Config.Min(q => q.ServiceLevelSeconds),
            KpiCalculator.Rate(sums.Answered, sums.Offered),
            KpiCalculator.Rate(sums.Abandoned, sums.Queued),
            sums.Answered == 0 ? null : sums.Wait.TotalSeconds / sums.Answered,
            sums.Handled == 0 ? null : sums.Handle.TotalSeconds / sums.Handled,
            KpiCalculator.Satisfaction(allRated),
            allRated.Count(s => s.IsRated));
        return (total, rows);
    }

    private static SeatBoard SeatRow(SiteState site, SeatSnapshot? live, string seatId, string extension, IReadOnlyList<string> configured)
    {
        var name = site.Names.TryGetValue(seatId, out var known) ? known.Name : seatId;
        return live is null
            ? new SeatBoard(seatId, extension, name, AgentState.LoggedOut, null, null, false, [], configured)
            : new SeatBoard(seatId, live.Extension, name, live.State, live.NotReadyReason, live.StateEnteredAt, live.State == AgentState.OnCall,
                live.ActiveQueues, live.Queues.Count > 0 ? [.. live.Queues.Select(q => q.QueueId)] : configured);
    }

    private SiteState? Site(string code) => _sites.GetValueOrDefault(code);

    private sealed class Sums
    {
        public int Offered { get; private set; }

        public int Answered { get; private set; }

        public int Within { get; private set; }

        public int ShortAbandons { get; private set; }

        public int Queued { get; private set; }

        public int Abandoned { get; private set; }

        public int Handled { get; private set; }

        public int Waiting { get; private set; }

        public TimeSpan Longest { get; private set; }

        public TimeSpan Wait { get; private set; }

        public TimeSpan Handle { get; private set; }

        public void Add(ContactKpis k, QueueFigures? f)
        {
            Offered += k.Offered;
            Answered += k.Answered;
            Within += k.AnsweredWithinThreshold;
            ShortAbandons += k.ShortAbandons;
            Queued += k.Queued;
            Abandoned += k.AbandonedInQueue;
            Handled += k.Handled;
            Wait += (k.AverageSpeedOfAnswer ?? TimeSpan.Zero) * k.Answered;
            Handle += (k.AverageHandleTime ?? TimeSpan.Zero) * k.Handled;
            Waiting += f?.CallsWaiting ?? 0;
            if (f is not null && f.LongestWait > Longest)
            {
                Longest = f.LongestWait;
            }
        }
    }

    private sealed class SiteState(string code, string name, TimeZoneInfo zone, List<Queue> config)
    {
        public string Code { get; } = code;

        public string Name { get; } = name;

        public TimeZoneInfo Zone { get; } = zone;

        public List<Queue> Config { get; } = config;

        public Dictionary<string, (string Name, string Extension)> Names { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SeatBoard> Seats { get; } = new(StringComparer.Ordinal);

        public HashSet<string> DirtySeats { get; } = new(StringComparer.Ordinal);

        public bool Dirty { get; set; }

        /// <summary>Why the link was down at the last delta; null while up (a site starts up, and its first delta is always sent).</summary>
        public SiteLinkProblem? LinkProblem { get; set; }

        public long Seq { get; set; }

        public QueueBoard? Total { get; set; }

        public List<QueueBoard>? Queues { get; set; }
    }
}
