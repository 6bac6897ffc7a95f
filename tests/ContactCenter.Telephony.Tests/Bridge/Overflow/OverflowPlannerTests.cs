using ContactCenter.Core.Queues;
using ContactCenter.Telephony.Bridge;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>The overflow decision as a pure function: a snapshot in, moves out.</summary>
public sealed class OverflowPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly OverflowPolicy Policy = new(30, null, null, ["sh"]);

    private static QueueFigures Figures(string site, int waiting, int ready, TimeSpan longest = default) =>
        new(site, $"{site}/complaints", waiting, longest, TimeSpan.Zero, ready, ready);

    [Test]
    public void The_oldest_movable_caller_goes_to_a_target_with_a_free_seat_and_a_ringing_caller_stays()
    {
        var waiting = new[]
        {
            new WaitingCaller("ringing", Now.AddSeconds(-50), Movable: false, Moving: false, []),
            new WaitingCaller("old", Now.AddSeconds(-40), Movable: true, Moving: false, []),
            new WaitingCaller("new", Now.AddSeconds(-5), Movable: true, Moving: false, []),
        };
        var gz = new OverflowSite("gz", true, [new OverflowQueue("complaints", Policy, Figures("gz", 3, 0, TimeSpan.FromSeconds(50)), waiting)],
            new Dictionary<string, QueueFigures> { ["complaints"] = Figures("gz", 3, 0, TimeSpan.FromSeconds(50)) });
        var sh = new OverflowSite("sh", true, [], new Dictionary<string, QueueFigures> { ["complaints"] = Figures("sh", 0, 2) });

        var moves = OverflowPlanner.Plan(new OverflowSnapshot(Now, [gz, sh]));

        Assert.That(moves, Is.EqualTo(new[] { new OverflowMove("old", "gz", "sh", "complaints", OverflowReason.WaitedTooLong) }),
            "the 5 s caller is under T = 30 s once the 40 s caller has moved");
    }

    [Test]
    public void A_target_that_is_down_or_full_receives_nobody()
    {
        var waiting = new[] { new WaitingCaller("c1", Now.AddSeconds(-40), Movable: true, Moving: false, []) };
        var gz = new OverflowSite("gz", true, [new OverflowQueue("complaints", Policy, Figures("gz", 1, 0, TimeSpan.FromSeconds(40)), waiting)],
            new Dictionary<string, QueueFigures> { ["complaints"] = Figures("gz", 1, 0) });

        var down = OverflowPlanner.Plan(new OverflowSnapshot(Now, [gz, new OverflowSite("sh", false, [], new Dictionary<string, QueueFigures> { ["complaints"] = Figures("sh", 0, 2) })]));
        var full = OverflowPlanner.Plan(new OverflowSnapshot(Now, [gz, new OverflowSite("sh", true, [], new Dictionary<string, QueueFigures> { ["complaints"] = Figures("sh", 2, 2) })]));

        Assert.That((down.Count, full.Count), Is.EqualTo((0, 0)));
    }
}
