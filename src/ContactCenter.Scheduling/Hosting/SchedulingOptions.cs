using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Scheduling.Hosting;

/// <summary>Scheduler settings, bound from the <c>Scheduling</c> configuration section.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Whether the server runs the scheduler at all (a node may serve only the web). Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many jobs run at once on this node. Default 4; 1 to 64.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>The scheduler's name; nodes sharing a clustered job store must use the same one. Default "ContactCenter".</summary>
    [Required]
    [MinLength(1)]
    public string SchedulerName { get; set; } = "ContactCenter";

    /// <summary>How often a node checks in with the clustered job store; a node silent for longer is presumed dead and its jobs recovered. 1 s to 60 s, default 7.5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);
}
