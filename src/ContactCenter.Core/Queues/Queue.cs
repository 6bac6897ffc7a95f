using System.Diagnostics.CodeAnalysis;

namespace ContactCenter.Core.Queues;

/// <summary>
/// A skill queue at one site (投诉/理赔/保单服务). Id is "&lt;site&gt;/&lt;name&gt;", e.g. "gz/claims".
/// Carries the service-level definition (answered within T seconds, target share), the short-abandon
/// threshold the KPIs exclude, and the overflow policy.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A call queue is the domain term; the name is agreed in the shared contract.")]
public sealed class Queue
{
    public Queue(
        string siteCode,
        string name,
        string displayName,
        int serviceLevelSeconds = 20,
        double serviceLevelTarget = 0.80,
        int shortAbandonSeconds = 5,
        OverflowPolicy? overflow = null)
    {
        SiteCode = Guard.SiteCode(siteCode);
        Name = Guard.SiteCode(name, "queue name");
        Id = MakeId(SiteCode, Name);
        DisplayName = Guard.Required(displayName, "queue display name", 100);
        if (serviceLevelSeconds <= 0)
        {
            throw new DomainValidationException($"service level threshold must be more than 0 seconds, not {serviceLevelSeconds}");
        }

        if (double.IsNaN(serviceLevelTarget) || serviceLevelTarget <= 0 || serviceLevelTarget > 1)
        {
            throw new DomainValidationException($"service level target must be in (0, 1], not {serviceLevelTarget}");
        }

        if (shortAbandonSeconds < 0)
        {
            throw new DomainValidationException($"short-abandon threshold must be 0 or more seconds, not {shortAbandonSeconds}");
        }

        Overflow = overflow ?? OverflowPolicy.None;
        if (Overflow.Targets.Contains(SiteCode, StringComparer.Ordinal))
        {
            throw new DomainValidationException($"queue {Id} cannot overflow to its own site {SiteCode}");
        }

        ServiceLevelSeconds = serviceLevelSeconds;
        ServiceLevelTarget = serviceLevelTarget;
        ShortAbandonSeconds = shortAbandonSeconds;
    }

    public string Id { get; }

    public string SiteCode { get; }

    /// <summary>Technical name, e.g. "claims"; also the Asterisk queue name.</summary>
    public string Name { get; }

    /// <summary>Display name, e.g. 理赔.</summary>
    public string DisplayName { get; }

    /// <summary>T of "answered within T seconds" (20秒接通率).</summary>
    public int ServiceLevelSeconds { get; }

    /// <summary>Target share answered within T, e.g. 0.80.</summary>
    public double ServiceLevelTarget { get; }

    /// <summary>Abandons shorter than this are left out of the service-level denominator.</summary>
    public int ShortAbandonSeconds { get; }

    public OverflowPolicy Overflow { get; }

    public TimeSpan ServiceLevelThreshold => TimeSpan.FromSeconds(ServiceLevelSeconds);

    public TimeSpan ShortAbandonThreshold => TimeSpan.FromSeconds(ShortAbandonSeconds);

    public static string MakeId(string siteCode, string name) => $"{siteCode}/{name}";

    public bool IsShortAbandon(TimeSpan waited) => waited < ShortAbandonThreshold;
}
