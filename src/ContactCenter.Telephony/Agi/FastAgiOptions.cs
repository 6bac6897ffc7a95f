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
}
