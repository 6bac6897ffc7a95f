using System.Globalization;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// One site of the fixture: its code, its phones and every loopback port it uses, all inside the fixture's
/// <see cref="PortBlock"/> (site <c>gz</c> in the first 400 ports, <c>sh</c> in the next 400).
/// </summary>
public sealed class SitePlan
{
    public const int CallerPorts = 20;

    public SitePlan(PortBlock ports, int index, string code, string otherCode, string seatPrefix, string supervisor)
    {
        Ports = ports;
        Index = index;
        Code = code;
        OtherCode = otherCode;
        Seats = [.. Enumerable.Range(1, 6).Select(n => seatPrefix + n.ToString("000", CultureInfo.InvariantCulture))];
        Supervisor = supervisor;
        AmiSecret = "e2e-" + Guid.NewGuid().ToString("N");
    }

    public PortBlock Ports { get; }

    public int Index { get; }

    public string Code { get; }

    public string OtherCode { get; }

    /// <summary>The seat extensions of the shipped pjsip.conf (1001–1006 at gz, 2001–2006 at sh).</summary>
    public IReadOnlyList<string> Seats { get; }

    public string Supervisor { get; }

    /// <summary>A fresh random AMI secret per run: the overlay's replacement for <c>CHANGE_ME_AMI_SECRET_*</c>.</summary>
    public string AmiSecret { get; }

    private int Base => Index * 400;

    public int AmiPort => Ports[Base + 1];

    public int SipPort => Ports[Base + 2];

    public int HttpPort => Ports[Base + 3];

    /// <summary>Where this site's IVR (FastAGI) listens: the server's per-site <c>AgiListenAddress</c>.</summary>
    public int AgiPort => Ports[Base + 4];

    /// <summary>The customer phone the carrier trunk dials for callbacks (<c>carrier</c> AOR contact).</summary>
    public int CustomerPort => Ports[Base + 5];

    /// <summary>The sipp phone of a seat or the supervisor.</summary>
    public int PhonePort(string extension)
    {
        var k = extension == Supervisor ? 9 : Seats.ToList().IndexOf(extension);
        return k >= 0 ? Ports[Base + 10 + k] : throw new ArgumentException($"{extension} is not a phone of site {Code}.", nameof(extension));
    }

    /// <summary>Ports sipp callers send from; the carrier's identify section lists each.</summary>
    public IEnumerable<int> CallerPortRange => Enumerable.Range(Base + 30, CallerPorts).Select(o => Ports[o]);

    /// <summary>Media (RTP) ports for the sipp processes of this site: 100 ports.</summary>
    public (int First, int Last) SippMedia => (Ports[Base + 100], Ports[Base + 199]);

    /// <summary>Asterisk's own RTP range (rtp.conf).</summary>
    public (int First, int Last) AsteriskRtp => (Ports[Base + 200], Ports[Base + 399]);

    public IEnumerable<int> BoundPorts => [AmiPort, SipPort, HttpPort, AgiPort, CustomerPort, .. Seats.Append(Supervisor).Select(PhonePort), .. CallerPortRange];
}
