using ContactCenter.Core.Kpis;

namespace ContactCenter.Core.Tests.Kpis;

public class ErlangCTests
{
    private static readonly TimeSpan Aht = TimeSpan.FromSeconds(180);

    [Test]
    public void Ten_erlang_on_twelve_seats_waits_with_probability_0_4494()
    {
        // Σₖ₌₀¹¹ 10ᵏ/k! = 15 347.52 (12 terms); 10¹²/12! · 12/(12−10) = 2 087.68 · 6 = 12 526.05;
        // P(wait) = 12 526.05 / (15 347.52 + 12 526.05) = 12 526.05 / 27 873.57 = 0.44939.
        // SL(20 s) = 1 − 0.44939 · e^(−2·20/180) = 1 − 0.44939 · 0.80074 = 0.64016.
        // ASA = 0.44939 · 180 / 2 = 40.445 s.
        var erlang = new ErlangC(10, 12, Aht);

        Assert.Multiple(() =>
        {
            Assert.That(erlang.ProbabilityOfWaiting, Is.EqualTo(0.4494).Within(0.00005));
            Assert.That(erlang.ServiceLevel(TimeSpan.FromSeconds(20)), Is.EqualTo(0.64016).Within(0.00005));
            Assert.That(erlang.AverageSpeedOfAnswer()!.Value.TotalSeconds, Is.EqualTo(40.445).Within(0.001));
        });
    }

    [Test]
    public void One_seat_waits_with_probability_equal_to_its_utilisation()
    {
        // M/M/1: P(wait) = ρ = A.
        Assert.That(new ErlangC(0.5, 1, Aht).ProbabilityOfWaiting, Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void Too_few_seats_never_drain_the_queue()
    {
        var erlang = new ErlangC(10, 10, Aht);

        Assert.Multiple(() =>
        {
            Assert.That(erlang.ProbabilityOfWaiting, Is.EqualTo(1));
            Assert.That(erlang.ServiceLevel(TimeSpan.FromSeconds(20)), Is.Zero);
            Assert.That(erlang.AverageSpeedOfAnswer(), Is.Null);
        });
    }

    [Test]
    public void Large_centres_stay_finite()
    {
        // 500 seats at 480 Erlang: Aᴺ/N! would overflow a double; the recursion must not.
        var erlang = new ErlangC(480, 500, Aht);

        Assert.That(erlang.ProbabilityOfWaiting, Is.InRange(0.0, 1.0));
    }

    [Test]
    public void Staffing_for_80_in_20_at_ten_erlang_needs_fourteen_seats()
    {
        // SL(20 s): 13 seats 0.7956, 14 seats 0.8884 -> 14.
        Assert.That(ErlangC.SeatsFor(10, Aht, TimeSpan.FromSeconds(20), 0.80), Is.EqualTo(14));
    }

    [Test]
    public void Load_from_calls_per_hour_is_lambda_times_aht()
    {
        // 200 calls/h · 180 s = 200 · 0.05 h = 10 Erlang.
        Assert.That(ErlangC.FromCallsPerHour(200, 12, Aht).TrafficErlangs, Is.EqualTo(10).Within(1e-9));
    }
}
