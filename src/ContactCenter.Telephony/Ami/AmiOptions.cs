using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Ami;

/// <summary>How the client proves who it is.</summary>
public enum AmiAuthType
{
    /// <summary><c>Challenge</c> first, then <c>Login</c> with <c>Key = md5(challenge + secret)</c> in lowercase hex. The secret never crosses the wire.</summary>
    Md5,

    /// <summary><c>Login</c> with <c>Secret</c> in clear text (loopback or a trusted network only).</summary>
    Plain,
}

/// <summary>Settings of one AMI connection (one per Asterisk site). Bind from configuration section <c>Ami</c> or a per-site section.</summary>
public sealed class AmiOptions
{
    /// <summary>Host name or address of Asterisk. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>AMI TCP port, 1–65535. Default 5038.</summary>
    public int Port { get; set; } = 5038;

    /// <summary>The manager.conf user. Required.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>The manager.conf secret. Required. Never logged.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>MD5 challenge (default) or plain login.</summary>
    public AmiAuthType AuthType { get; set; } = AmiAuthType.Md5;

    /// <summary>Log in with <c>Events: on</c> (default) or <c>off</c> (an action-only session).</summary>
    public bool Events { get; set; } = true;

    /// <summary>Time allowed to connect, read the banner and log in. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time an action waits for its response (or a list for its last item). Default 10 s.</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time a list action (<see cref="AmiClient.SendListActionAsync(AmiAction, CancellationToken)"/>: <c>QueueStatus</c>,
    /// <c>CoreShowChannels</c>, <c>Status</c>…) waits for its last item. A busy PBX takes longer to list than to answer one
    /// action, so this is its own setting; a caller may also pass a timeout per call. Default 30 s.
    /// </summary>
    public TimeSpan ListActionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval of keepalive <c>Ping</c>s, sent only while logged in; zero disables them. Default 20 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>First delay before a reconnect attempt; it doubles up to <see cref="ReconnectMaxDelay"/>, with jitter. Default 100 ms.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnect attempts. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After Asterisk refuses the login (wrong user or secret: it logs <c>InvalidPassword</c> every time, and fail2ban
    /// counts those), the next attempt waits this long; the wait doubles with every further refusal up to
    /// <see cref="AuthFailureMaxDelay"/>, with jitter. It applies to <see cref="AmiClient.ConnectAsync"/> and to reconnects.
    /// Default 30 s.
    /// </summary>
    public TimeSpan AuthFailureMinDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between refused logins (at least <see cref="AuthFailureMinDelay"/>). Default 10 min.</summary>
    public TimeSpan AuthFailureMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// After a login with events on, how long to wait for <c>FullyBooted</c> before raising the resync
    /// signal anyway. Default 60 s (a restarting Asterisk accepts logins before it has booted).
    /// </summary>
    public TimeSpan FullyBootedTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Events waiting for handlers beyond this count (1–1,000,000) are dropped, counted and logged, and the owner is told to
    /// resync (<see cref="AmiConnectionStatus.EventsDropped"/>). Default 100,000: over a minute of a busy site's events,
    /// some 100–200 MB at most.
    /// </summary>
    public int MaxQueuedEvents { get; set; } = 100_000;

    /// <summary>Longest accepted incoming line in bytes. Default 64 KiB.</summary>
    public int MaxLineLength { get; set; } = 64 * 1024;

    /// <summary>Most headers kept per incoming message. Default 4096.</summary>
    public int MaxHeadersPerMessage { get; set; } = 4096;

    /// <summary>
    /// Prefix of generated ActionIDs, at most <see cref="MaxActionIdPrefixLength"/> characters; empty means <c>cc-</c>.
    /// The client always appends a random token of its own (8 hex digits and <c>-</c>) and then a counter, so two
    /// processes (or clients) configured alike never write the same ActionID, and an ActionID stays within 64 characters.
    /// </summary>
    public string ActionIdPrefix { get; set; } = string.Empty;

    /// <summary>Longest <see cref="ActionIdPrefix"/>: 36 + 9 (token) + 19 (counter) = 64 characters at most.</summary>
    public const int MaxActionIdPrefixLength = 36;
}

/// <summary>Checks <see cref="AmiOptions"/> at start-up.</summary>
public sealed class AmiOptionsValidator : IValidateOptions<AmiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AmiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("Ami:Host is required.");
        }
        if (options.Port is < 1 or > 65535)
        {
            errors.Add("Ami:Port must be 1-65535.");
        }
        if (string.IsNullOrEmpty(options.Username) || string.IsNullOrEmpty(options.Secret))
        {
            errors.Add("Ami:Username and Ami:Secret are required.");
        }
        if (options.ConnectTimeout <= TimeSpan.Zero || options.ActionTimeout <= TimeSpan.Zero || options.ListActionTimeout <= TimeSpan.Zero
            || options.FullyBootedTimeout <= TimeSpan.Zero)
        {
            errors.Add("Ami timeouts must be positive.");
        }
        if (options.PingInterval < TimeSpan.Zero)
        {
            errors.Add("Ami:PingInterval must be zero (off) or positive.");
        }
        if (options.ReconnectMinDelay <= TimeSpan.Zero || options.ReconnectMaxDelay < options.ReconnectMinDelay)
        {
            errors.Add("Ami:ReconnectMinDelay must be positive and not above ReconnectMaxDelay.");
        }
        if (options.AuthFailureMinDelay <= TimeSpan.Zero || options.AuthFailureMaxDelay < options.AuthFailureMinDelay)
        {
            errors.Add("Ami:AuthFailureMinDelay must be positive and not above AuthFailureMaxDelay.");
        }
        if (options.MaxQueuedEvents > 1_000_000)
        {
            errors.Add("Ami:MaxQueuedEvents must be at most 1,000,000.");
        }
        if (options.MaxQueuedEvents < 1 || options.MaxLineLength < 1024 || options.MaxHeadersPerMessage < 16)
        {
            errors.Add("Ami limits are too small (MaxQueuedEvents >= 1, MaxLineLength >= 1024, MaxHeadersPerMessage >= 16).");
        }
        if (options.ActionIdPrefix.Length > AmiOptions.MaxActionIdPrefixLength || options.ActionIdPrefix.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            errors.Add($"Ami:ActionIdPrefix must be at most {AmiOptions.MaxActionIdPrefixLength} characters without CR/LF.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
