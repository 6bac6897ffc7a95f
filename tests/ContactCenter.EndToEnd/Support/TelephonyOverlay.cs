using System.Globalization;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// The test overlay: what the end-to-end suite changes in the <b>shipped</b> <c>telephony-config/site-*</c> files
/// before a real Asterisk loads them. It is code, not a copy, so any change to the shipped files is tested at
/// once; every edit must find its target (<see cref="ConfText"/>), so a renamed section fails loudly. Only these:
/// <list type="bullet">
/// <item>secrets: the AMI secret is a fresh random one per run (<c>CHANGE_ME_AMI_SECRET_*</c>);</item>
/// <item>addresses and ports: everything on 127.0.0.1 in the fixture's port block (AMI, SIP, HTTP, RTP, the
///   other site's trunk address, the carrier, <c>AGI_SERVER</c>); HTTP without TLS (no certificate here);</item>
/// <item>phones: seats and supervisors are sipp phones at static contacts, without WebRTC media (sipp speaks plain
///   RTP) and without qualify (sipp does not answer OPTIONS); callers and customers are sipp on the carrier
///   trunk, sending keys as SIP INFO (<c>dtmf_mode = info</c>);</item>
/// <item>time: <c>wrapuptime</c> 3 s (the bridge's <c>WrapUpSeconds</c> is set to the same), so consecutive
///   scenarios do not wait 15 s per seat.</item>
/// </list>
/// Everything else (dialplan, queues, AMI permissions, contexts, trunk headers) is exactly as shipped.
/// </summary>
public static class TelephonyOverlay
{
    public const int WrapUpSeconds = 3;

    /// <summary>The shipped file names this overlay loads from <c>telephony-config/site-&lt;code&gt;/</c>.</summary>
    public static readonly string[] ShippedFiles = ["extensions.conf", "http.conf", "manager.conf", "musiconhold.conf", "pjsip.conf", "queues.conf"];

    public static void Write(SitePlan site, SitePlan other, string etc)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(other);
        var shipped = Path.Combine(Locations.TelephonyConfig, "site-" + site.Code);
        string In(string file) => Path.Combine(shipped, file);
        string Out(string file) => Path.Combine(etc, file);

        ConfText.Load(In("manager.conf"))
            .Set("general", "port", Num(site.AmiPort))
            .Set("general", "bindaddr", "127.0.0.1")
            .Set("cc-bridge", "secret", site.AmiSecret)
            .Save(Out("manager.conf"));

        ConfText.Load(In("http.conf"))
            .Set("general", "bindport", Num(site.HttpPort))
            .Set("general", "tlsenable", "no")
            .Save(Out("http.conf"));

        var pjsip = ConfText.Load(In("pjsip.conf"))
            .Set("transport-udp", "bind", $"127.0.0.1:{site.SipPort}")
            .Set("transport-wss", "bind", "127.0.0.1")
            .Set("carrier", "contact", $"sip:127.0.0.1:{site.CustomerPort}", kind: "aor")
            .Set("carrier", "match", string.Join(',', site.CallerPortRange.Append(site.CustomerPort).Select(p => $"127.0.0.1:{p}")), kind: "identify")
            .Set("carrier", "dtmf_mode", "info", kind: "endpoint")
            .Set("carrier-out", "dtmf_mode", "info", kind: "endpoint")
            .Set("site-" + other.Code, "contact", $"sip:127.0.0.1:{other.SipPort}", kind: "aor")
            .Set("site-" + other.Code, "match", $"127.0.0.1:{other.SipPort}", kind: "identify")
            .Set("seat-endpoint", "webrtc", "no")
            .Set("seat-endpoint", "transport", "transport-udp")
            .Set("seat-aor", "qualify_frequency", "0");
        foreach (var phone in site.Seats.Append(site.Supervisor))
        {
            pjsip.Set(phone, "contact", $"sip:{phone}@127.0.0.1:{site.PhonePort(phone)}", kind: "seat-aor");
        }

        pjsip.Save(Out("pjsip.conf"));

        ConfText.Load(In("extensions.conf"))
            .Set("globals", "AGI_SERVER", $"127.0.0.1:{site.AgiPort}")
            .Save(Out("extensions.conf"));

        ConfText.Load(In("queues.conf"))
            .Set("queue-template", "wrapuptime", Num(WrapUpSeconds))
            .Save(Out("queues.conf"));

        File.Copy(In("musiconhold.conf"), Out("musiconhold.conf"), overwrite: true);
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
