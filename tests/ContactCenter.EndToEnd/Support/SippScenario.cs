using System.Globalization;
using System.Text;

namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// A sipp scenario written for one test: a caller (UAC) dialling the hotline, or a phone (UAS) that rings, answers,
/// busies or declines. After the answer either side can press keys (SIP INFO, as the overlay's carrier expects),
/// pause and hang up; media is real PCMU from <c>../shared/fixtures/asterisk-22/sipp/media</c>, looped as RTP.
/// </summary>
public sealed partial class SippScenario
{
    private readonly StringBuilder _steps = new();
    private readonly bool _uas;
    private int _cseq = 1;
    private bool _ended;

    private SippScenario(bool uas, string name)
    {
        _uas = uas;
        Name = name;
    }

    public string Name { get; }

    /// <summary>A caller from <paramref name="number"/> (with display name 张三) who waits for the answer.</summary>
    public static SippScenario Caller(string number, string name = "caller")
    {
        var scenario = new SippScenario(uas: false, name);
        scenario._steps.Append(CultureInfo.InvariantCulture, $"""
              <send retrans="500"><![CDATA[

                INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: "张三" <sip:{number}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                To: <sip:[service]@[remote_ip]:[remote_port]>
                Call-ID: [call_id]
                CSeq: 1 INVITE
                Contact: <sip:{number}@[local_ip]:[local_port]>
                Max-Forwards: 70
                Content-Type: application/sdp
                Content-Length: [len]

                v=0
                o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                s=-
                c=IN IP[media_ip_type] [media_ip]
                t=0 0
                m=audio [media_port] RTP/AVP 0
                a=rtpmap:0 PCMU/8000

              ]]></send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="183" optional="true"/>
              <recv response="200" rtd="true"/>
              <send><![CDATA[

                ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: "张三" <sip:{number}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                Call-ID: [call_id]
                CSeq: 1 ACK
                Contact: <sip:{number}@[local_ip]:[local_port]>
                Max-Forwards: 70
                Content-Length: 0

              ]]></send>
              <nop><action><exec rtp_stream="media/caller_voice.pcmu,-1,0"/></action></nop>

            """);
        return scenario;
    }

    /// <summary>A response to the last request (<c>180 Ringing</c>, <c>200 OK</c>, <c>486 Busy Here</c>), with no body.</summary>
    private static string Reply(string status, bool contact = false) => $"""
              <send><![CDATA[

                SIP/2.0 {status}
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag01[call_number]
                [last_Call-ID:]
                [last_CSeq:]{(contact ? "\n                Contact: <sip:[local_ip]:[local_port];transport=[transport]>" : "")}
                Content-Length: 0

              ]]></send>
        """;

    /// <summary>A phone that rings for <paramref name="ringMs"/> and answers; follow with talk steps.</summary>
    public static SippScenario Answering(int ringMs, string name = "phone")
    {
        var scenario = new SippScenario(uas: true, name);
        scenario.ReceiveInvite();
        scenario._steps.Append(CultureInfo.InvariantCulture, $"""
            {Reply("180 Ringing", contact: true)}
              <pause milliseconds="{ringMs}"/>
              <send retrans="500"><![CDATA[

                SIP/2.0 200 OK
                [last_Via:]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag01[call_number]
                [last_Call-ID:]
                [last_CSeq:]
                Contact: <sip:[local_ip]:[local_port];transport=[transport]>
                Content-Type: application/sdp
                Content-Length: [len]

                v=0
                o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                s=-
                c=IN IP[media_ip_type] [media_ip]
                t=0 0
                m=audio [media_port] RTP/AVP 0
                a=rtpmap:0 PCMU/8000

              ]]></send>
              <recv request="ACK" rtd="true" crlf="true"/>
              <nop><action><exec rtp_stream="media/agent_voice.pcmu,-1,0"/></action></nop>

            """);
        return scenario;
    }

    /// <summary>A phone that rings and never answers: the caller's side cancels (ring-no-answer).</summary>
    public static SippScenario RingingForever(string name = "phone-no-answer")
    {
        var scenario = new SippScenario(uas: true, name);
        scenario.ReceiveInvite(keep: true);
        scenario._steps.Append(CultureInfo.InvariantCulture, $"""
            {Reply("180 Ringing", contact: true)}
              <recv request="CANCEL"/>
            {Reply("200 OK")}
              <send><![CDATA[

                SIP/2.0 487 Request Terminated
                Via: [$invite_via]
                [last_From:]
                [last_To:];tag=[pid]SIPpTag01[call_number]
                [last_Call-ID:]
                CSeq: [$invite_cseq] INVITE
                Content-Length: 0

              ]]></send>
              <recv request="ACK"/>

            """);
        scenario._ended = true;
        return scenario;
    }

    /// <summary>A phone that refuses at once with <paramref name="status"/> (486 busy, 603 decline).</summary>
    public static SippScenario Refusing(int status, string reason, string name = "phone-refusing")
    {
        var scenario = new SippScenario(uas: true, name);
        scenario.ReceiveInvite();
        scenario._steps.Append(CultureInfo.InvariantCulture, $"""
            {Reply($"{status} {reason}")}
              <recv request="ACK"/>

            """);
        scenario._ended = true;
        return scenario;
    }

    public SippScenario Pause(int milliseconds)
    {
        _steps.Append(CultureInfo.InvariantCulture, $"  <pause milliseconds=\"{Math.Max(1, milliseconds)}\"/>\n");
        return this;
    }

    /// <summary>A pause of random length in [min, max] ms, different for every call of a load run.</summary>
    public SippScenario PauseBetween(int minMilliseconds, int maxMilliseconds)
    {
        _steps.Append(CultureInfo.InvariantCulture, $"  <pause distribution=\"uniform\" min=\"{minMilliseconds}\" max=\"{maxMilliseconds}\"/>\n");
        return this;
    }

    /// <summary>Presses the keys, 300 ms apart, as SIP INFO <c>application/dtmf-relay</c>.</summary>
    public SippScenario Keys(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0)
            {
                Pause(300);
            }

            _cseq++;
            _steps.Append(CultureInfo.InvariantCulture, $"""
                  <send retrans="500"><![CDATA[

                    INFO {Target} SIP/2.0
                    Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                    {Dialog}
                    Call-ID: [call_id]
                    CSeq: {_cseq} INFO
                    Max-Forwards: 70
                    Content-Type: application/dtmf-relay
                    Content-Length: [len]

                    Signal={digits[i]}
                    Duration=160

                  ]]></send>
                  <recv response="200"/>

                """);
        }

        return this;
    }

    /// <summary>Hangs up (BYE) after the steps so far, unless the other side hangs up first.</summary>
    public SippScenario HangUpWithin(int milliseconds)
    {
        _steps.Append(CultureInfo.InvariantCulture, $"  <recv request=\"BYE\" timeout=\"{Math.Max(1, milliseconds)}\" ontimeout=\"hangup\"/>\n");
        ReplyToBye("done");
        _cseq++;
        _steps.Append(CultureInfo.InvariantCulture, $"""
              <label id="hangup"/>
              <send retrans="500"><![CDATA[

                BYE {Target} SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                {Dialog}
                Call-ID: [call_id]
                CSeq: {_cseq} BYE
                Max-Forwards: 70
                Content-Length: 0

              ]]></send>
              <recv response="200" crlf="true"/>
              <label id="done"/>

            """);
        _ended = true;
        return this;
    }

    /// <summary>Waits for the other side (Asterisk) to hang up.</summary>
    public SippScenario WaitForHangUp(int timeoutMilliseconds = 120_000)
    {
        _steps.Append(CultureInfo.InvariantCulture, $"  <recv request=\"BYE\" timeout=\"{timeoutMilliseconds}\"/>\n");
        ReplyToBye(next: null);
        _ended = true;
        return this;
    }

    public string ToXml()
    {
        if (!_ended)
        {
            throw new InvalidOperationException($"sipp scenario {Name} has no end: add HangUpWithin or WaitForHangUp.");
        }

        // sipp refuses a variable that is assigned and never used: keep only the captures a later step reads.
        var steps = string.Join('\n', _steps.ToString().Split('\n').Where(line =>
            Capture().Match(line) is not { Success: true } capture || _steps.ToString().Contains($"[${capture.Groups[1].Value}]", StringComparison.Ordinal)));
        return $"""
            <?xml version="1.0" encoding="UTF-8" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="{Name}">
            {steps}
            </scenario>

            """;
    }

    private string Target => _uas ? "[$remote_contact]" : "sip:[service]@[remote_ip]:[remote_port]";

    private string Dialog => _uas
        ? "From: [$local_to];tag=[pid]SIPpTag01[call_number]\n                To: [$remote_from]"
        : "From: \"张三\" <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]\n                To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]";

    /// <summary>The INVITE and 100 Trying; <paramref name="keep"/> keeps its Via and CSeq for a final answer sent after other requests (487 after CANCEL).</summary>
    private void ReceiveInvite(bool keep = false) => _steps.Append(("""
          <recv request="INVITE" crlf="true">
            <action>
              <ereg regexp="[^ ].*" search_in="hdr" header="From:" check_it="true" assign_to="remote_from"/>
              <ereg regexp="[^ ].*" search_in="hdr" header="To:" check_it="true" assign_to="local_to"/>
              <ereg regexp="sip:[^&gt;;]*" search_in="hdr" header="Contact:" check_it="true" assign_to="remote_contact"/>
              KEEP
            </action>
          </recv>
          <send><![CDATA[

            SIP/2.0 100 Trying
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

          ]]></send>

        """).Replace("      KEEP\n", keep
            ? """
                  <ereg regexp=".*" search_in="hdr" header="Via:" check_it="true" assign_to="invite_via"/>
                  <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" check_it="true" assign_to="invite_cseq"/>

              """
            : string.Empty, StringComparison.Ordinal));

    private void ReplyToBye(string? next) => _steps.Append(CultureInfo.InvariantCulture, $"""
          <send{(next is null ? "" : $" next=\"{next}\"")}><![CDATA[

            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

          ]]></send>

        """);

    [System.Text.RegularExpressions.GeneratedRegex("assign_to=\"([a-z_]+)\"")]
    private static partial System.Text.RegularExpressions.Regex Capture();
}
