namespace ContactCenter.Core.Sites;

/// <summary>
/// A seat center (座席中心) with its own switch, IVR, CTI bridge, recording and seats. Calls are normally
/// finished inside the site that received them; overflow moves them to another site.
/// </summary>
public sealed class Site
{
    public Site(string code, string name, string timeZone = "Asia/Shanghai", string? amiHost = null, int? amiPort = null)
    {
        Code = Guard.SiteCode(code);
        Name = Guard.Required(name, "site name", 100);
        TimeZone = Guard.Required(timeZone, "site time zone", 64);
        AmiHost = Guard.Optional(amiHost, "AMI host", 255);
        if (amiPort is < 1 or > 65535)
        {
            throw new DomainValidationException($"AMI port must be between 1 and 65535, not {amiPort}");
        }

        AmiPort = amiPort;
    }

    /// <summary>Short lower-case code, e.g. "gz", "sh"; also the prefix of queue ids.</summary>
    public string Code { get; }

    /// <summary>Display name, e.g. 广州.</summary>
    public string Name { get; }

    /// <summary>IANA time-zone id used for calling windows and daily reports, e.g. "Asia/Shanghai".</summary>
    public string TimeZone { get; }

    /// <summary>Null when the AMI endpoint is configured in options instead.</summary>
    public string? AmiHost { get; }

    public int? AmiPort { get; }
}
