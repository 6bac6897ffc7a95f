using System.Net;
using System.Net.Sockets;

namespace ContactCenter.EndToEnd.Support;

/// <summary>Where the repository, <c>../shared</c> and the tools this suite drives are.</summary>
public static class Locations
{
    private static readonly Lazy<string> RepositoryRoot = new(() => FindUp("telephony-config", "the repository root (telephony-config/)"));

    public static string Repository => RepositoryRoot.Value;

    public static string TelephonyConfig => Path.Combine(Repository, "telephony-config");

    public static string IvrFlows => Path.Combine(Repository, "ivr-flows");

    public static string Shared => Path.GetFullPath(Path.Combine(Repository, "..", "shared"));

    public static string Fixtures => Path.Combine(Shared, "fixtures", "asterisk-22");

    public static string AsteriskInstaller => Path.Combine(Shared, "asterisk", "install.sh");

    public const string AsteriskBinary = "/opt/asterisk/sbin/asterisk";

    public const string AsteriskModules = "/opt/asterisk/lib/asterisk/modules";

    public const string AsteriskDocumentation = "/opt/asterisk/var/lib/asterisk/documentation";

    public static string? Sipp => FindOnPath("sipp");

    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static string FindUp(string relative, string what)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, relative)) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find {what} above {AppContext.BaseDirectory}.");
    }
}

/// <summary>
/// A block of free loopback ports for one fixture. Two runs on one machine (or a run beside a developer's Asterisk)
/// take different blocks: a block is used only when every port the fixture will bind is free now.
/// </summary>
public sealed class PortBlock
{
    public const int Size = 1000;

    private PortBlock(int first) => First = first;

    /// <summary>A block starting at 0: its ports are offsets, to list what a fixture will bind before reserving.</summary>
    public static PortBlock Relative { get; } = new(0);

    public int First { get; }

    public int this[int offset] => offset is >= 0 and < Size ? First + offset : throw new ArgumentOutOfRangeException(nameof(offset));

    public static PortBlock Reserve(params int[] offsetsUsed)
    {
        ArgumentNullException.ThrowIfNull(offsetsUsed);
        // Below the kernel's ephemeral range (32768+), so no outgoing connection takes a fixture port meanwhile.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = 12000 + (Random.Shared.Next(0, 20) * Size);
            if (offsetsUsed.All(offset => IsFree(first + offset)))
            {
                return new PortBlock(first);
            }
        }

        throw new InvalidOperationException("No free block of loopback ports between 12000 and 32000.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
