using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Server.Demo;

/// <summary>The demo data written into an empty database (section <c>Demo</c>).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed two sites, queues, seats, users and customers when the database has no users. Default: true.</summary>
    public bool SeedWhenEmpty { get; set; } = true;

    /// <summary>The password of every demo login. Change it, or turn seeding off, anywhere but a demo. Default "demo1234".</summary>
    [Required]
    [MinLength(8)]
    public string Password { get; set; } = "demo1234";

    /// <summary>
    /// Seed one callback campaign of each kind (新契约回访, 投诉处理回访 at 广州; 理赔回访, 满意度回访 at 上海), in preview mode,
    /// with the home site's seats assigned, so new-policy and complaint-resolution callbacks appear on their own. Default: true.
    /// </summary>
    public bool Campaigns { get; set; } = true;

    /// <summary>How many demo customers to create, each with one to three policies; 0 to 100,000, default 300.</summary>
    [Range(0, 100_000)]
    public int Customers { get; set; } = 300;
}
