namespace ContactCenter.Telephony.Bridge;

/// <summary>A site's AMI link as the bridge sees it: up, or down since when and why.</summary>
/// <param name="SiteCode">The site.</param>
/// <param name="IsUp">True while the link is up and the site resynced.</param>
/// <param name="DownSince">When the link went down; null while up or before it was ever up.</param>
/// <param name="Problem">Why the site is not up.</param>
public sealed record SiteLink(string SiteCode, bool IsUp, DateTimeOffset? DownSince, SiteLinkProblem Problem)
{
    /// <summary>Why the link is down; null while it is up.</summary>
    public SiteLinkProblem? WhyDown => IsUp ? null : Problem;
}

/// <summary>Why a site's link is not up.</summary>
public enum SiteLinkProblem
{
    /// <summary>The link is up.</summary>
    None,

    /// <summary>This server has no <c>Telephony:Sites</c> entry for the site.</summary>
    NotConfigured,

    /// <summary>The first connection is still being made.</summary>
    Connecting,

    /// <summary>Asterisk cannot be reached (down, restarting, a network fault); the bridge keeps reconnecting.</summary>
    Unreachable,

    /// <summary>Asterisk refuses the login: <c>AmiUsername</c>/<c>AmiSecret</c> do not match manager.conf, or its <c>permit</c> lines exclude this server.</summary>
    LoginRefused,

    /// <summary>Logged in; the site's queues and channels are being read back.</summary>
    Resyncing,
}
