using System.Net;

namespace ContactCenter.Telephony.Agi;

/// <summary>Settings of the FastAGI server. Bind from configuration section <c>FastAgi</c> (<see cref="FastAgiHostingExtensions.AddFastAgi"/>); checked by <see cref="FastAgiOptionsValidator"/>.</summary>
public sealed class FastAgiOptions
{
    /// <summary>Address to listen on. Default <c>127.0.0.1</c>; Asterisk connects to it with <c>agi://host:port/script</c>.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks an ephemeral port (tests). Default 4573, the FastAGI port.</summary>
    public int Port { get; set; } = 4573;

    /// <summary>
    /// More <c>host:port</c> endpoints to listen on, beside <see cref="ListenAddress"/>:<see cref="Port"/>, e.g. one per
    /// site (the server adds every site's <c>Telephony:Sites:n:AgiListenAddress</c> here). Default none.
    /// </summary>
    public IList<string> AdditionalEndpoints { get; } = [];

    /// <summary>Parses <c>host:port</c> (an IP address and a port 1–65535); throws <see cref="FormatException"/> otherwise.</summary>
    public static IPEndPoint ParseEndpoint(string value) =>
        IPEndPoint.TryParse(value ?? string.Empty, out var endpoint) && endpoint.Port is > 0 and <= 65535 && (value ?? "").Contains(':', StringComparison.Ordinal)
            ? endpoint
            : throw new FormatException($"'{value}' is not an IP address and port (host:port).");

    /// <summary>Connections beyond this many concurrent sessions are closed at once. Default 10,000.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>Listen backlog. Default 1024.</summary>
    public int Backlog { get; set; } = 1024;

    /// <summary>Time allowed for the environment block to arrive. Default 10 s.</summary>
    public TimeSpan EnvironmentTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a script ends the server half-closes and waits this long for Asterisk to close. Default 2 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest accepted line from Asterisk in bytes. Default 16 KiB.</summary>
    public int MaxLineLength { get; set; } = 16 * 1024;

    /// <summary>
    /// How long a command may wait for its reply on top of the waiting it asks for itself (1 s – 24 h). Default 5 min.
    /// <c>GET DATA</c> adds its timeout once per digit and <c>WAIT FOR DIGIT</c> its timeout (a negative timeout, which
    /// waits for ever, waits for ever here too); the margin covers prompts (<c>STREAM FILE</c>, the prompt of
    /// <c>GET DATA</c>) and dialplan applications run by <c>EXEC</c>. An application that may run longer (<c>EXEC Queue</c>,
    /// <c>EXEC Dial</c>) passes its own timeout to <see cref="AgiSession.SendCommandAsync(AgiCommand, TimeSpan, CancellationToken)"/>.
    /// A command that gets no reply in time closes the session (a late reply would answer the next command).
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A session with no command outstanding for this long is closed, its script cancelled (1 s – 24 h). Default 30 min:
    /// a script that awaits something that never comes must not hold the channel and a session slot for ever.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// TCP keepalive on accepted connections: idle time before the first probe (1 s – 2 h; zero turns keepalive off).
    /// Probes follow every 10 s and the connection is dropped after 3 unanswered ones, so a vanished Asterisk host ends
    /// its sessions instead of leaving them open for ever. Default 30 s.
    /// </summary>
    public TimeSpan KeepAliveTime { get; set; } = TimeSpan.FromSeconds(30);
}
