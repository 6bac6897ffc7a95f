using ContactCenter.Telephony.Ami;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Bridge;

/// <summary>
/// Settings of the telephony bridge, bound from configuration section <c>Telephony</c>. With no sites the
/// bridge starts and does nothing.
/// </summary>
public sealed class BridgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telephony";

    /// <summary>The sites this bridge instance serves (one AMI connection each).</summary>
    public IList<SiteOptions> Sites { get; } = [];

    /// <summary>How often waiting callers are checked against the overflow policies. 0.2–60 s, default 1 s.</summary>
    public TimeSpan OverflowCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>One site (座席中心): its Asterisk, its FastAGI listener and its seat timers.</summary>
public sealed class SiteOptions
{
    /// <summary>Site code as in the seed data (<c>gz</c>, <c>sh</c>): lower-case letters, digits, '-' and '_'. Required.</summary>
    public string Code { get; set; } = string.Empty;

    /// <summary>AMI host. Required.</summary>
    public string AmiHost { get; set; } = string.Empty;

    /// <summary>AMI port, 1–65535. Default 5038.</summary>
    public int AmiPort { get; set; } = 5038;

    /// <summary>The manager.conf user (the least-privilege <c>cc-bridge</c> user of telephony-config). Required.</summary>
    public string AmiUsername { get; set; } = string.Empty;

    /// <summary>The manager.conf secret. Required; never logged; must not be a <c>CHANGE_ME</c> placeholder.</summary>
    public string AmiSecret { get; set; } = string.Empty;

    /// <summary>MD5 challenge login (default) or plain.</summary>
    public AmiAuthType AmiAuthType { get; set; } = AmiAuthType.Md5;

    /// <summary>
    /// Keepalive ping interval; with <see cref="AmiActionTimeout"/> it bounds how fast a silent link is
    /// marked down. 0 disables pings (a closed socket is still seen at once). Default 2 s.
    /// </summary>
    public TimeSpan AmiPingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time an AMI action waits for its response. Default 3 s.</summary>
    public TimeSpan AmiActionTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Time a list action (QueueStatus, CoreShowChannels for a resync) waits for its last event; a busy PBX needs longer. Default 30 s.</summary>
    public TimeSpan AmiListActionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// First wait after Asterisk refuses the login (wrong secret, or the user not permitted from this address); the wait
    /// doubles up to <see cref="AmiAuthFailureMaxDelay"/>, so a wrong secret does not trip fail2ban-style lockouts. Default 30 s.
    /// </summary>
    public TimeSpan AmiAuthFailureMinDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between refused logins. Default 10 min.</summary>
    public TimeSpan AmiAuthFailureMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where this site's IVR listens, <c>host:port</c> (the site's <c>AGI_SERVER</c>: Asterisk dials <c>agi://host:port/hotline</c>).
    /// The server opens it beside <c>FastAgi:ListenAddress</c>:<c>FastAgi:Port</c>. Default none: the site uses that one.
    /// </summary>
    public string? AgiListenAddress { get; set; }

    /// <summary>Wrap-up (话后处理) after a queue call, 0–3600 s; keep it equal to <c>wrapuptime</c> in queues.conf. Default 15.</summary>
    public int WrapUpSeconds { get; set; } = 15;

    /// <summary>Abandons shorter than this are short abandons (left out of the service level) for queues with no own threshold. 0–300, default 5.</summary>
    public int ShortAbandonSeconds { get; set; } = 5;

    /// <summary>Dialplan context an overflowing caller is redirected to; its extension is <c>&lt;target site&gt;-&lt;queue&gt;</c>. Default <c>overflow</c>.</summary>
    public string OverflowContext { get; set; } = "overflow";

    /// <summary>Contexts where inbound calls enter the IVR (a contact starts when CC_CALLID is set there). Default <c>inbound</c>.</summary>
    public IList<string> InboundContexts { get; } = ["inbound"];

    /// <summary>Contexts of calls the center places (callbacks): their contacts are outbound. Default <c>outbound-connect</c>, <c>outbound-agent</c>.</summary>
    public IList<string> OutboundContexts { get; } = ["outbound-connect", "outbound-agent"];

    /// <summary>
    /// Contexts an answered callback customer enters (the dialer's <c>Scheduling:Dialer:ConnectContext</c>): the call's outbound
    /// contact starts there, before it queues or rings a seat. Default <c>outbound-connect</c>.
    /// </summary>
    public IList<string> CallbackContexts { get; } = ["outbound-connect"];

    /// <summary>Channel technology of seat phones; a seat's interface is <c>PJSIP/&lt;extension&gt;</c>. Default <c>PJSIP</c>.</summary>
    public string SeatTechnology { get; set; } = "PJSIP";

    /// <summary>After the site's Asterisk restarts (its queue members are gone), add back the seats the bridge knows are logged in. Default true.</summary>
    public bool RestoreMembersAfterRestart { get; set; } = true;

    internal AmiOptions ToAmiOptions() => new()
    {
        Host = AmiHost,
        Port = AmiPort,
        Username = AmiUsername,
        Secret = AmiSecret,
        AuthType = AmiAuthType,
        Events = true,
        PingInterval = AmiPingInterval,
        ActionTimeout = AmiActionTimeout,
        ListActionTimeout = AmiListActionTimeout,
        AuthFailureMinDelay = AmiAuthFailureMinDelay,
        AuthFailureMaxDelay = AmiAuthFailureMaxDelay,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(200),
        ReconnectMaxDelay = TimeSpan.FromSeconds(10),
        FullyBootedTimeout = TimeSpan.FromSeconds(30),
        ActionIdPrefix = $"cc-{Code}-",
    };
}

/// <summary>Checks <see cref="BridgeOptions"/> at start-up: every failure is listed, with the key to fix.</summary>
public sealed class BridgeOptionsValidator : IValidateOptions<BridgeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.OverflowCheckInterval < TimeSpan.FromMilliseconds(200) || options.OverflowCheckInterval > TimeSpan.FromSeconds(60))
        {
            errors.Add("Telephony:OverflowCheckInterval must be between 00:00:00.2 and 00:01:00.");
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sites.Count; i++)
        {
            var site = options.Sites[i];
            var key = $"Telephony:Sites:{i}";
            if (string.IsNullOrEmpty(site.Code) || !site.Code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_') || site.Code.Length > 32)
            {
                errors.Add($"{key}:Code is required: lower-case letters, digits, '-' or '_', at most 32 characters.");
            }
            else if (!codes.Add(site.Code))
            {
                errors.Add($"{key}:Code '{site.Code}' is configured twice.");
            }

            if (string.IsNullOrWhiteSpace(site.AmiHost))
            {
                errors.Add($"{key}:AmiHost is required.");
            }

            if (site.AmiPort is < 1 or > 65535)
            {
                errors.Add($"{key}:AmiPort must be 1-65535.");
            }

            if (string.IsNullOrEmpty(site.AmiUsername) || string.IsNullOrEmpty(site.AmiSecret))
            {
                errors.Add($"{key}:AmiUsername and AmiSecret are required.");
            }
            else if (site.AmiSecret.StartsWith("CHANGE_ME", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:AmiSecret is still the CHANGE_ME placeholder of telephony-config; set the secret of manager.conf.");
            }

            if (site.AgiListenAddress is not null && !TryParseEndpoint(site.AgiListenAddress, out _, out _))
            {
                errors.Add($"{key}:AgiListenAddress must be host:port.");
            }

            if (site.WrapUpSeconds is < 0 or > 3600)
            {
                errors.Add($"{key}:WrapUpSeconds must be 0-3600.");
            }

            if (site.ShortAbandonSeconds is < 0 or > 300)
            {
                errors.Add($"{key}:ShortAbandonSeconds must be 0-300.");
            }

            if (site.AmiPingInterval < TimeSpan.Zero || site.AmiActionTimeout <= TimeSpan.Zero || site.AmiListActionTimeout <= TimeSpan.Zero)
            {
                errors.Add($"{key}:AmiPingInterval must be 0 or more, AmiActionTimeout and AmiListActionTimeout positive.");
            }

            if (site.AmiAuthFailureMinDelay <= TimeSpan.Zero || site.AmiAuthFailureMaxDelay < site.AmiAuthFailureMinDelay)
            {
                errors.Add($"{key}:AmiAuthFailureMinDelay must be positive and not above AmiAuthFailureMaxDelay.");
            }

            if (string.IsNullOrWhiteSpace(site.OverflowContext) || string.IsNullOrWhiteSpace(site.SeatTechnology))
            {
                errors.Add($"{key}:OverflowContext and SeatTechnology are required.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool TryParseEndpoint(string? value, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var colon = value?.LastIndexOf(':') ?? -1;
        if (value is null || colon <= 0)
        {
            return false;
        }

        host = value[..colon];
        return int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)
            && port is >= 0 and <= 65535;
    }
}
