namespace ContactCenter.Core.Kpis;

/// <summary>
/// Erlang C staffing reference (DOMAIN §6). Offered load A = λ·AHT in Erlang, N seats.
/// P(wait) = [Aᴺ/N!·N/(N−A)] / [Σₖ₌₀ᴺ⁻¹ Aᵏ/k! + Aᴺ/N!·N/(N−A)], SL(t) = 1 − P(wait)·e^(−(N−A)·t/AHT),
/// ASA = P(wait)·AHT/(N−A). Computed through the Erlang B recursion, which stays finite for hundreds of
/// seats where Aᴺ/N! would overflow. With N ≤ A the queue never drains: P(wait) = 1, SL = 0, ASA = null.
/// </summary>
public sealed class ErlangC
{
    public ErlangC(double trafficErlangs, int seats, TimeSpan averageHandleTime)
    {
        if (double.IsNaN(trafficErlangs) || double.IsInfinity(trafficErlangs) || trafficErlangs < 0)
        {
            throw new DomainValidationException($"offered load must be 0 or more Erlang, not {trafficErlangs}");
        }

        if (seats < 1)
        {
            throw new DomainValidationException($"seats must be at least 1, not {seats}");
        }

        if (averageHandleTime <= TimeSpan.Zero)
        {
            throw new DomainValidationException($"average handle time must be more than 0, not {averageHandleTime}");
        }

        TrafficErlangs = trafficErlangs;
        Seats = seats;
        AverageHandleTime = averageHandleTime;
        ProbabilityOfWaiting = Compute(trafficErlangs, seats);
    }

    public double TrafficErlangs { get; }

    public int Seats { get; }

    public TimeSpan AverageHandleTime { get; }

    /// <summary>P(wait): the share of calls that must queue.</summary>
    public double ProbabilityOfWaiting { get; }

    public bool IsStable => Seats > TrafficErlangs;

    /// <summary>A from calls per hour and AHT.</summary>
    public static ErlangC FromCallsPerHour(double callsPerHour, int seats, TimeSpan averageHandleTime) =>
        new(callsPerHour * averageHandleTime.TotalHours, seats, averageHandleTime);

    /// <summary>SL(t): the share answered within <paramref name="threshold"/>.</summary>
    public double ServiceLevel(TimeSpan threshold)
    {
        if (!IsStable)
        {
            return 0;
        }

        var decay = Math.Exp(-(Seats - TrafficErlangs) * threshold.TotalSeconds / AverageHandleTime.TotalSeconds);
        return 1 - (ProbabilityOfWaiting * decay);
    }

    /// <summary>ASA over all calls; null when the queue is unstable (N ≤ A).</summary>
    public TimeSpan? AverageSpeedOfAnswer() =>
        IsStable ? TimeSpan.FromSeconds(ProbabilityOfWaiting * AverageHandleTime.TotalSeconds / (Seats - TrafficErlangs)) : null;

    /// <summary>The fewest seats whose SL(<paramref name="threshold"/>) reaches <paramref name="target"/> (capped at 100,000).</summary>
    public static int SeatsFor(double trafficErlangs, TimeSpan averageHandleTime, TimeSpan threshold, double target)
    {
        if (double.IsNaN(target) || target <= 0 || target >= 1)
        {
            throw new DomainValidationException($"service level target must be in (0, 1), not {target}");
        }

        for (var n = Math.Max(1, (int)Math.Floor(trafficErlangs) + 1); n <= 100_000; n++)
        {
            if (new ErlangC(trafficErlangs, n, averageHandleTime).ServiceLevel(threshold) >= target)
            {
                return n;
            }
        }

        throw new DomainValidationException($"no staffing up to 100000 seats reaches {target:P0}");
    }

    private static double Compute(double a, int n)
    {
        if (a == 0)
        {
            return 0;
        }

        if (n <= a)
        {
            return 1;
        }

        // Erlang B: B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)); then C = N·B / (N − A·(1 − B)).
        var b = 1.0;
        for (var k = 1; k <= n; k++)
        {
            b = a * b / (k + (a * b));
        }

        return n * b / (n - (a * (1 - b)));
    }
}
