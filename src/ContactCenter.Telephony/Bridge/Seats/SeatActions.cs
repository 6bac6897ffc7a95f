using ContactCenter.Telephony.Ami;

namespace ContactCenter.Telephony.Bridge;

/// <summary>The AMI actions of seat control, as the fixtures send them.</summary>
internal static class SeatActions
{
    /// <summary>QueueAdd; a <paramref name="pausedReason"/> (with <paramref name="paused"/>) makes the member start paused with that reason.</summary>
    public static AmiAction QueueAdd(string queueName, string iface, int penalty, bool paused, string memberName, string? pausedReason = null)
    {
        var action = new AmiAction("QueueAdd")
            .Add("Queue", queueName)
            .Add("Interface", iface)
            .Add("Penalty", penalty.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("Paused", paused ? "true" : "false");
        if (paused && !string.IsNullOrEmpty(pausedReason))
        {
            action.Add("Reason", pausedReason);
        }

        return action.Add("MemberName", memberName).Add("StateInterface", iface);
    }

    public static AmiAction Pause(string iface, string reason) => new AmiAction("QueuePause")
        .Add("Interface", iface).Add("Paused", "true").Add("Reason", reason);

    public static AmiAction Unpause(string iface) => new AmiAction("QueuePause")
        .Add("Interface", iface).Add("Paused", "false");

    public static AmiAction QueueRemove(string queueName, string iface) => new AmiAction("QueueRemove")
        .Add("Queue", queueName).Add("Interface", iface);

    /// <summary>
    /// The supervisor's phone rings; when it answers it runs ChanSpy on exactly the seat's leg (the full channel
    /// name, so a prefix such as <c>PJSIP/100</c> cannot match <c>PJSIP/1001</c>), as in fixture S5.
    /// </summary>
    public static AmiAction Spy(string supervisorInterface, string seatChannel, SpyMode mode, string callerIdNumber) => new AmiAction("Originate")
        .Add("Channel", supervisorInterface)
        .Add("Application", "ChanSpy")
        .Add("Data", $"{seatChannel},{SpyOptions(mode)}")
        .Add("CallerID", $"\"Supervisor {mode.ToString().ToLowerInvariant()}\" <{callerIdNumber}>")
        .Add("Timeout", "15000")
        .Add("Async", "true");

    /// <summary>q: no beep or name announcement; w: whisper to the seat; B: barge (talk to both); E: leave when the spied channel hangs up.</summary>
    public static string SpyOptions(SpyMode mode) => mode switch
    {
        SpyMode.Listen => "qE",
        SpyMode.Whisper => "qwE",
        SpyMode.Barge => "qBE",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown spy mode"),
    };
}
