using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>Overflow rules and tie-breaks on a fake clock, fed with facts (no sockets: the Redirects fail, which is also tested).</summary>
[CancelAfter(30_000)]
public sealed class OverflowDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private TelephonyBridge _bridge = null!;
    private EventLog _log = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(T0);
        _bridge = BridgeReplay.Create(_time, new RecordingSink(), BridgeReplay.Site("gz", 5038), BridgeReplay.Site("sh", 5039), BridgeReplay.Site("bj", 5040));
        _log = new EventLog(_bridge.Events);
    }

    [TearDown]
    public async Task TearDown()
    {
        _log.Dispose();
        await _bridge.DisposeAsync();
    }

    private void Policy(int? t = null, int? w = null, double? r = null, params string[] targets) =>
        _bridge.ConfigureQueues([new Queue("gz", "complaints", "投诉", overflow: new OverflowPolicy(t, w, r, targets))]);

    private void SiteUp(string site, int readySeats, int pausedSeats = 0)
    {
        var members = Enumerable.Range(1, readySeats + pausedSeats).Select(i => new MemberObserved(site, T0, $"agent-{site}{i}", $"PJSIP/{site}{i}", "complaints",
            MemberChange.Added, i > readySeats, i > readySeats ? "午餐" : null, 0)).ToList();
        _bridge.Apply(new SiteResynced(site, T0, members, [], []));
    }

    private void Queue(string site, string callId, DateTimeOffset at) =>
        _bridge.Apply(new CallQueued(site, at, callId, "complaints", $"u-{callId}", $"PJSIP/caller-{callId}", ContactDirection.Inbound, null, at));

    private Task<OverflowDecided[]> Decisions(int count) => BridgeReplay.Until(() => _log.Of<OverflowDecided>().Count >= count, $"{count} decision(s)")
        .ContinueWith(_ => _log.Of<OverflowDecided>().ToArray(), TaskScheduler.Default);

    [Test]
    public async Task Rule_T_fires_only_after_the_oldest_caller_waited_longer_than_T()
    {
        Policy(t: 30, targets: ["sh"]);
        SiteUp("gz", 0, 1);
        SiteUp("sh", 2);
        Queue("gz", "c1", T0);

        _time.Advance(TimeSpan.FromSeconds(30));
        _bridge.CheckOverflow();
        await Task.Delay(50);
        Assert.That(_log.Of<OverflowDecided>(), Is.Empty, "30 s is not longer than T = 30 s");

        _time.Advance(TimeSpan.FromSeconds(1));
        _bridge.CheckOverflow();
        var decided = (await Decisions(1)).Single();
        Assert.That((decided.CallId, decided.ToSite, decided.Reason), Is.EqualTo(("c1", "sh", OverflowReason.WaitedTooLong)));
    }

    [Test]
    public async Task Rule_W_fires_on_the_recent_average_answer_wait()
    {
        Policy(w: 60, targets: ["sh"]);
        SiteUp("gz", 1);
        SiteUp("sh", 1);
        Queue("gz", "old", T0);
        _bridge.Apply(new SeatRang("gz", T0.AddSeconds(100), "old", "complaints", "agent-gz1", "PJSIP/gz1"));
        _bridge.Apply(new SeatConnected("gz", T0.AddSeconds(100), "old", "complaints", "agent-gz1", "PJSIP/gz1"));
        _time.Advance(TimeSpan.FromSeconds(101));
        Queue("gz", "new", _time.GetUtcNow());

        _bridge.CheckOverflow();
        var decided = (await Decisions(1)).Single();
        Assert.That((decided.CallId, decided.Reason), Is.EqualTo(("new", OverflowReason.EstimatedWaitTooLong)));
    }

    [Test]
    public async Task Rule_R_fires_when_callers_per_ready_seat_exceed_R()
    {
        Policy(r: 1.0, targets: ["sh"]);
        SiteUp("gz", 1);
        SiteUp("sh", 3);
        Queue("gz", "c1", T0);
        _bridge.CheckOverflow();
        await Task.Delay(50);
        Assert.That(_log.Of<OverflowDecided>(), Is.Empty, "1 caller per ready seat is not over R = 1");

        Queue("gz", "c2", T0.AddSeconds(1));
        _bridge.CheckOverflow();
        var decided = (await Decisions(1)).Single();
        Assert.That((decided.CallId, decided.Reason), Is.EqualTo(("c1", OverflowReason.TooManyWaitingPerSeat)), "the oldest caller moves; then 1 per seat again");
    }

    [Test]
    public async Task When_several_rules_fire_the_reason_is_the_first_in_order_T_W_R()
    {
        Policy(t: 10, r: 0.5, targets: ["sh"]);
        SiteUp("gz", 0);
        SiteUp("sh", 1);
        Queue("gz", "c1", T0);
        _time.Advance(TimeSpan.FromSeconds(11));
        _bridge.CheckOverflow();
        Assert.That((await Decisions(1)).Single().Reason, Is.EqualTo(OverflowReason.WaitedTooLong));
    }

    [Test]
    public async Task Targets_are_tried_in_policy_order_and_a_target_without_a_free_seat_is_skipped()
    {
        Policy(t: 5, targets: ["sh", "bj"]);
        SiteUp("gz", 0);
        SiteUp("sh", 0, 2);
        SiteUp("bj", 1);
        Queue("gz", "c1", T0);
        _time.Advance(TimeSpan.FromSeconds(6));
        _bridge.CheckOverflow();
        Assert.That((await Decisions(1)).Single().ToSite, Is.EqualTo("bj"), "sh has seats, but all paused");
    }

    [Test]
    public async Task A_target_takes_no_more_callers_than_it_has_free_seats_and_the_oldest_goes_first()
    {
        Policy(t: 5, targets: ["sh"]);
        SiteUp("gz", 0);
        SiteUp("sh", 1);
        Queue("gz", "young", T0.AddSeconds(2));
        Queue("gz", "old", T0);
        _time.Advance(TimeSpan.FromSeconds(10));
        _bridge.CheckOverflow();
        var decided = await Decisions(1);
        await Task.Delay(50);
        Assert.That(_log.Of<OverflowDecided>().Select(d => d.CallId), Is.EqualTo(new[] { "old" }));
        Assert.That(decided.Single().CallId, Is.EqualTo("old"));
    }

    [Test]
    public async Task A_target_site_that_goes_down_is_not_chosen_and_the_next_one_is()
    {
        Policy(t: 5, targets: ["sh", "bj"]);
        SiteUp("gz", 0);
        SiteUp("sh", 2);
        SiteUp("bj", 1);
        Queue("gz", "c1", T0);
        _time.Advance(TimeSpan.FromSeconds(6));
        _bridge.Apply(new SiteLinkLost("sh", _time.GetUtcNow()));
        _bridge.CheckOverflow();
        Assert.That((await Decisions(1)).Single().ToSite, Is.EqualTo("bj"));
        Assert.That(_bridge.IsSiteUp("sh"), Is.False);
    }

    [Test]
    public async Task With_every_target_down_the_caller_stays_and_nothing_is_decided()
    {
        Policy(t: 5, targets: ["sh"]);
        SiteUp("gz", 0);
        SiteUp("sh", 2);
        _bridge.Apply(new SiteLinkLost("sh", T0));
        Queue("gz", "c1", T0);
        _time.Advance(TimeSpan.FromSeconds(60));
        _bridge.CheckOverflow();
        await Task.Delay(50);
        Assert.That(_log.Of<OverflowDecided>(), Is.Empty);
        Assert.That(_bridge.FindContact("c1")!.IsWaiting, Is.True);
    }

    [Test]
    public async Task A_refused_redirect_is_reported_and_the_caller_keeps_waiting_at_home_without_a_hop()
    {
        Policy(t: 5, targets: ["sh"]);
        SiteUp("gz", 0);
        SiteUp("sh", 1);
        Queue("gz", "c1", T0);
        _time.Advance(TimeSpan.FromSeconds(6));
        _bridge.CheckOverflow();
        await BridgeReplay.Until(() => _log.Of<OverflowFailed>().Count == 1, "redirect failure");
        var contact = _bridge.FindContact("c1")!;
        Assert.That((contact.IsWaiting, contact.OverflowHops.Count, contact.CurrentSiteCode), Is.EqualTo((true, 0, "gz")));
    }

    [Test]
    public void Pre_queue_routing_stays_home_when_not_saturated()
    {
        Policy(t: 30, r: 2, targets: ["sh"]);
        SiteUp("gz", 1);
        SiteUp("sh", 1);
        var route = _bridge.DecideRoute("gz", "complaints");
        Assert.That((route.TargetSite, route.Diverted, route.Reason), Is.EqualTo(("gz", false, (OverflowReason?)null)));
    }

    [Test]
    public void Pre_queue_routing_diverts_a_known_call_from_a_saturated_site_and_records_the_hop()
    {
        Policy(r: 1, targets: ["sh"]);
        SiteUp("gz", 1);
        SiteUp("sh", 2);
        Queue("gz", "waiting", T0);
        _bridge.Apply(new CallSeen("gz", T0, "new", ContactDirection.Inbound, "u-new", "PJSIP/caller-new", null, T0));

        var route = _bridge.DecideRoute("gz", "complaints", "new");

        Assert.That(route, Is.EqualTo(new RouteDecision("gz", "complaints", "sh", true, OverflowReason.TooManyWaitingPerSeat, "overflow", "sh-complaints")));
        var hop = _bridge.FindContact("new")!.OverflowHops.Single();
        Assert.That((hop.FromSite, hop.ToSite, hop.Reason), Is.EqualTo(("gz", "sh", OverflowReason.TooManyWaitingPerSeat)));
    }

    [Test]
    public void Pre_queue_routing_sends_callers_of_a_down_site_to_a_staffed_target()
    {
        Policy(t: 30, targets: ["sh", "bj"]);
        SiteUp("sh", 0);
        SiteUp("bj", 0, 1);
        var route = _bridge.DecideRoute("gz", "complaints");
        Assert.That((route.TargetSite, route.Reason), Is.EqualTo(("bj", (OverflowReason?)OverflowReason.SiteUnavailable)), "gz never came up; sh has nobody logged in");
    }
}
