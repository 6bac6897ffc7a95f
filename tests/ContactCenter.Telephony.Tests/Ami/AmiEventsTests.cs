using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Tests.Ami;

public class AmiEventsTests
{
    // As Asterisk 22.5 wrote them for Originate Variable: CC_NOTE=say \"hi\" tab\\t (p,q) [r,s] end (manager.conf channelvars).
    private const string DialBegin =
        "Event: DialBegin\r\nPrivilege: call,all\r\nChannel: Local/s@test-00000000;1\r\nUniqueid: wtp-1.0\r\n"
        + "ChanVariable: CC_A=one,two\r\nChanVariable: CC_NOTE=say \\\"hi\\\" tab\\\\t (p,q) [r,s] end\r\n"
        + "DestChannel: PJSIP/1001-00000001\r\nDestUniqueid: wtp-1.1\r\nDestChanVariable: CC_NOTE=line1\\nline2\r\nDestChanVariable: CC_EMPTY=\r\n";

    [Test]
    public void Channel_variables_are_read_c_unescaped_as_asterisk_escapes_them()
    {
        Assert.That(AmiDialEvent.TryFrom(AmiMessage.Parse(DialBegin), out var dial), Is.True);

        Assert.That(dial.Caller.GetVariable("CC_NOTE"), Is.EqualTo("say \"hi\" tab\\t (p,q) [r,s] end"));
        Assert.That(dial.Caller.GetVariable("cc_a"), Is.EqualTo("one,two"), "names match case-insensitively");
        Assert.That(dial.Destination.GetVariable("CC_NOTE"), Is.EqualTo("line1\nline2"), "the Dest snapshot has its own variables");
        Assert.That(dial.Destination.GetVariable("CC_EMPTY"), Is.Empty);
        Assert.That(dial.Destination.GetVariable("CC_A"), Is.Null);
        Assert.That(dial.Caller.GetVariable("CC_NOTES"), Is.Null, "a longer name is another variable");
        Assert.That(dial.Caller.ChanVariables, Is.EqualTo(new[] { "CC_A=one,two", "CC_NOTE=say \"hi\" tab\\t (p,q) [r,s] end" }));
        Assert.That(AmiEscaping.IsEscaped("DialBegin", "DestChanVariable"), Is.True);
    }

    [Test]
    public void Reading_one_channel_variable_does_not_decode_the_other_headers()
    {
        var text = "Event: Newstate\r\nChannel: PJSIP/caller-00000000\r\nUniqueid: site-a-1.0\r\n"
            + string.Concat(Enumerable.Range(0, 40).Select(i => $"ChanVariable: CC_VAR{i:00}=value number {i}\r\n"))
            + "ChanVariable: CC_CALLID=site-a-1795458297.0\r\n";
        Assert.That(AmiChannelEvent.TryFrom(AmiMessage.Parse(text), out var view), Is.True);
        var snapshot = view.Channel;
        Assert.That(snapshot.GetVariable("CC_CALLID"), Is.EqualTo("site-a-1795458297.0")); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var value = snapshot.GetVariable("CC_CALLID");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(value, Is.EqualTo("site-a-1795458297.0"));
        Assert.That(allocated, Is.LessThan(200), "only the matching value is decoded (one string), not the 40 headers before it");
    }
}
