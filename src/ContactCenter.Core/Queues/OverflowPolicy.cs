namespace ContactCenter.Core.Queues;

/// <summary>Why a call was moved to another site. Stored in <c>contact_overflow_hops.reason</c>.</summary>
public enum OverflowReason
{
    /// <summary>The oldest call waited longer than the policy's T seconds.</summary>
    WaitedTooLong,

    /// <summary>The estimated wait for a new call is over W seconds.</summary>
    EstimatedWaitTooLong,

    /// <summary>Calls waiting per available seat is over R (any waiting call with no available seat counts).</summary>
    TooManyWaitingPerSeat,

    /// <summary>The site failed or was taken out of service; its calls go to the others.</summary>
    SiteUnavailable,

    /// <summary>A supervisor moved the call.</summary>
    Manual,
}

/// <summary>The live figures of one queue that an overflow decision needs.</summary>
/// <param name="LongestWait">How long the oldest waiting call has waited.</param>
/// <param name="EstimatedWait">Estimated wait for a call joining now (e.g. Erlang C ASA or the recent average).</param>
/// <param name="CallsWaiting">Calls in queue now.</param>
/// <param name="AvailableSeats">Logged-in seats in <c>Ready</c>.</param>
public sealed record QueueLoad(TimeSpan LongestWait, TimeSpan EstimatedWait, int CallsWaiting, int AvailableSeats);

/// <summary>
/// When a saturated queue sends calls to another site (溢出), and where. Any threshold that is set and
/// exceeded triggers overflow; targets are tried in order. A policy with no threshold never overflows.
/// </summary>
public sealed record OverflowPolicy
{
    /// <summary>The policy that never overflows.</summary>
    public static readonly OverflowPolicy None = new(null, null, null, []);

    public OverflowPolicy(int? maxWaitSeconds, int? maxEstimatedWaitSeconds, double? maxWaitingPerSeat, IReadOnlyList<string> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (maxWaitSeconds is <= 0)
        {
            throw new DomainValidationException($"overflow max wait must be more than 0 seconds, not {maxWaitSeconds}");
        }

        if (maxEstimatedWaitSeconds is <= 0)
        {
            throw new DomainValidationException(
                $"overflow max estimated wait must be more than 0 seconds, not {maxEstimatedWaitSeconds}");
        }

        if (maxWaitingPerSeat is { } r && (double.IsNaN(r) || double.IsInfinity(r) || r <= 0))
        {
            throw new DomainValidationException($"overflow max calls waiting per seat must be more than 0, not {r}");
        }

        var codes = targets.Select(t => Guard.SiteCode(t, "overflow target")).ToArray();
        if (codes.Distinct(StringComparer.Ordinal).Count() != codes.Length)
        {
            throw new DomainValidationException("overflow targets list a site more than once");
        }

        var hasThreshold = maxWaitSeconds is not null || maxEstimatedWaitSeconds is not null || maxWaitingPerSeat is not null;
        if (hasThreshold && codes.Length == 0)
        {
            throw new DomainValidationException("an overflow threshold is set but no overflow target site is listed");
        }

        if (!hasThreshold && codes.Length > 0)
        {
            throw new DomainValidationException("overflow target sites are listed but no overflow threshold is set");
        }

        MaxWaitSeconds = maxWaitSeconds;
        MaxEstimatedWaitSeconds = maxEstimatedWaitSeconds;
        MaxWaitingPerSeat = maxWaitingPerSeat;
        Targets = codes;
    }

    /// <summary>T: overflow when the oldest call waited longer than this.</summary>
    public int? MaxWaitSeconds { get; }

    /// <summary>W: overflow when the estimated wait is over this.</summary>
    public int? MaxEstimatedWaitSeconds { get; }

    /// <summary>R: overflow when calls waiting ÷ available seats is over this.</summary>
    public double? MaxWaitingPerSeat { get; }

    /// <summary>Site codes to try, in order.</summary>
    public IReadOnlyList<string> Targets { get; }

    public bool IsEnabled => Targets.Count > 0;

    /// <summary>Parses the stored comma-separated <c>overflow_targets</c> column ("sh,bj"); blank = none.</summary>
    public static IReadOnlyList<string> ParseTargets(string? csv) =>
        string.IsNullOrWhiteSpace(csv)
            ? []
            : csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The stored form of <see cref="Targets"/>.</summary>
    public string FormatTargets() => string.Join(',', Targets);

    /// <summary>Whether the queue is saturated, and by which rule (the first that trips, in the order T, W, R).</summary>
    public OverflowReason? Evaluate(QueueLoad load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (!IsEnabled || load.CallsWaiting <= 0)
        {
            return null;
        }

        if (MaxWaitSeconds is { } t && load.LongestWait > TimeSpan.FromSeconds(t))
        {
            return OverflowReason.WaitedTooLong;
        }

        if (MaxEstimatedWaitSeconds is { } w && load.EstimatedWait > TimeSpan.FromSeconds(w))
        {
            return OverflowReason.EstimatedWaitTooLong;
        }

        if (MaxWaitingPerSeat is { } r && (load.AvailableSeats <= 0 || (double)load.CallsWaiting / load.AvailableSeats > r))
        {
            return OverflowReason.TooManyWaitingPerSeat;
        }

        return null;
    }

    /// <summary>
    /// The first target that is not a site the call has already visited and that <paramref name="canAccept"/>
    /// approves (up, not itself saturated); null if none, and the call stays where it is.
    /// </summary>
    public string? ChooseTarget(IEnumerable<string> visitedSites, Func<string, bool> canAccept)
    {
        ArgumentNullException.ThrowIfNull(canAccept);
        var visited = new HashSet<string>(visitedSites, StringComparer.Ordinal);
        return Targets.FirstOrDefault(t => !visited.Contains(t) && canAccept(t));
    }
}
