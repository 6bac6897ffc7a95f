using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Scheduling.Campaigns;

/// <summary>Settings of the callback dialer, bound from section <c>Scheduling:Dialer</c>.</summary>
public sealed class DialerOptions
{
    public const string Section = "Scheduling:Dialer";

    /// <summary>How often the progressive dialer looks for free seats and due tasks. 0.2 s to 60 s, default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.2", "00:01:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the customer's phone may ring (Originate <c>Timeout</c>). 5 s to 120 s, default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:02:00")]
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A claim whose originate never started is handed back after this long (a node died mid-tick). Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan StaleClaimAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most tasks one tick claims per campaign, whatever the free seats. 1 to 1000, default 100.</summary>
    [Range(1, 1000)]
    public int MaxClaimPerCampaign { get; set; } = 100;

    /// <summary>Dialplan context the answered customer is sent to. Default <c>outbound-connect</c>.</summary>
    [Required]
    public string ConnectContext { get; set; } = "outbound-connect";

    /// <summary>Trunk endpoint the customer is dialled through: <c>PJSIP/&lt;number&gt;@&lt;trunk&gt;</c>. Default <c>carrier-out</c>.</summary>
    [Required]
    public string Trunk { get; set; } = "carrier-out";

    /// <summary>Caller ID presented to the customer (the hotline). Default <c>95518</c>.</summary>
    [Required]
    public string CallerId { get; set; } = "95518";

    /// <summary>Most new-policy callback tasks one maintenance run (every minute) creates. 1 to 100000, default 2000.</summary>
    [Range(1, 100_000)]
    public int NewPolicyBatch { get; set; } = 2000;

    /// <summary>The daily callback KPI roll-up runs at this China time, for the day before. Default 00:30.</summary>
    public TimeOnly KpiRollupAt { get; set; } = new(0, 30);
}
