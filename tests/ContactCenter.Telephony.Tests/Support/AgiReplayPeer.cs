using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ContactCenter.Telephony.Tests.Support;

/// <summary>
/// Plays Asterisk's side of a recorded FastAGI session against a server: it sends the <c>.agi.in</c> bytes
/// in the recorded chunks and, where the recording shows the server writing, reads that many bytes back.
/// The order comes from the <c>.log</c> companion. Returns everything the server wrote.
/// </summary>
internal static partial class AgiReplayPeer
{
    public static async Task<byte[]> RunAsync(IPEndPoint server, string fixtureBase, CancellationToken cancellationToken)
    {
        var input = Fixtures.Bytes(fixtureBase + ".agi.in");
        var steps = File.ReadLines(Fixtures.PathOf(fixtureBase + ".log"))
            .Select(line => StepPattern().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Success ? (Kind: m.Groups[1].Value, Value: m.Groups[2].Value) : (Kind: "##", Value: m.Groups[3].Value))
            .ToList();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server, cancellationToken);
        var stream = client.GetStream();
        var written = new MemoryStream();
        var inOffset = 0;
        foreach (var (kind, value) in steps)
        {
            switch (kind)
            {
                case "<<":
                    var length = int.Parse(value, CultureInfo.InvariantCulture);
                    await stream.WriteAsync(input.AsMemory(inOffset, length), cancellationToken);
                    inOffset += length;
                    break;
                case ">>":
                    var buffer = new byte[int.Parse(value, CultureInfo.InvariantCulture)];
                    await stream.ReadExactlyAsync(buffer, cancellationToken);
                    written.Write(buffer);
                    break;
                case "##" when value.StartsWith("server half-closed", StringComparison.Ordinal):
                    // The server must have finished writing: the next read sees end of stream.
                    var extra = new byte[256];
                    var read = await stream.ReadAsync(extra, cancellationToken);
                    written.Write(extra, 0, read);
                    if (read != 0)
                    {
                        throw new InvalidOperationException("The server wrote more than the recording before half-closing.");
                    }
                    break;
                case "##" when value.StartsWith("EOF from Asterisk", StringComparison.Ordinal):
                    client.Client.Shutdown(SocketShutdown.Both);
                    break;
            }
        }
        return written.ToArray();
    }

    [GeneratedRegex(@"^\[\s*[\d.]+\] (?:(<<|>>) chunk of (\d+) bytes|## (.*))$")]
    private static partial Regex StepPattern();
}
