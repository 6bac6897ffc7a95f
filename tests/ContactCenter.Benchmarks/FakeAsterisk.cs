using System.Diagnostics;
using System.Globalization;
using System.Text;
using ContactCenter.Testing;

namespace ContactCenter.Benchmarks;

/// <summary>
/// A loopback Asterisk site for the bridge and desktop benchmarks: answers Login, the resync lists and any action,
/// adds one complaints-queue member per seat (extensions from <c>firstSeat</c>), then writes the calls it is given.
/// Written events carry the present as their Timestamp (the <c>{ts}</c> placeholder), stamped before the write
/// waits for the wire, so latency counts from the moment the event was meant to leave Asterisk.
/// </summary>
internal sealed class FakeAsterisk : IAsyncDisposable
{
    private readonly AmiLoopbackServer _server;
    private readonly int _firstSeat;
    private readonly int _seats;
    private readonly string _callerNumber;
    private long _events;

    /// <param name="code">The site code.</param>
    /// <param name="firstSeat">The extension of seat 0.</param>
    /// <param name="seats">How many queue members the site reports.</param>
    /// <param name="callerNumber">The CallerIDNum of every call.</param>
    public FakeAsterisk(string code, int firstSeat, int seats, string callerNumber)
    {
        Code = code;
        _firstSeat = firstSeat;
        _seats = seats;
        _callerNumber = callerNumber;
        _server = new AmiLoopbackServer(Respond);
    }

    public string Code { get; }

    public int Port => _server.Port;

    /// <summary>Completes when the bridge has logged in and resynced (and so knows every member).</summary>
    public Task Ready => _server.Ready;

    public long EventsWritten => Interlocked.Read(ref _events);

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var stamp = string.Create(CultureInfo.InvariantCulture, $"{now / 1_000_000}.{now % 1_000_000:000000}");
        Interlocked.Add(ref _events, CountEvents(text));
        await _server.WriteAsync(text.Replace("{ts}", stamp, StringComparison.Ordinal), cancellationToken);
    }

    /// <summary>
    /// Drives 50 new calls a second, alternating between the two sites, for <paramref name="seconds"/>, then lets the
    /// calls under way finish. Each call: joins the queue, rings its seat after 0.5 s, is answered 1 s later and ends
    /// 17.7 s after that (19.2 s in all, so about 960 at once).
    /// </summary>
    /// <returns>How many calls were started, and the most that were under way at once.</returns>
    public static async Task<(int Calls, int MaxConcurrent)> DriveAsync(FakeAsterisk a, FakeAsterisk b, int seconds, CancellationToken cancellationToken)
    {
        var schedule = new PriorityQueue<(FakeAsterisk Site, int Call, int Seat, int Step), long>();
        var clock = Stopwatch.StartNew();
        var next = 0;
        var maxConcurrent = 0;
        var live = 0;
        while (clock.Elapsed.TotalSeconds < seconds || schedule.Count > 0)
        {
            var now = clock.ElapsedMilliseconds;
            while (clock.Elapsed.TotalSeconds < seconds && next * 20L <= now)
            {
                var site = next % 2 == 0 ? a : b;
                var call = next / 2;
                schedule.Enqueue((site, call, call % site._seats, 0), next * 20L);
                next++;
            }

            while (schedule.TryPeek(out var item, out var due) && due <= now)
            {
                schedule.Dequeue();
                var (site, call, seat, step) = item;
                await site.WriteAsync(site.Step(call, seat, step), cancellationToken);
                if (step == 0)
                {
                    live++;
                    maxConcurrent = Math.Max(maxConcurrent, live);
                }

                if (step < 3)
                {
                    schedule.Enqueue((site, call, seat, step + 1), due + step switch { 0 => 500, 1 => 1000, _ => 17_700 });
                }
                else
                {
                    live--;
                }
            }

            await Task.Delay(2, cancellationToken);
        }

        return (next, maxConcurrent);
    }

    public string WholeCall(int call, int seat) => Step(call, seat, 0) + Step(call, seat, 1) + Step(call, seat, 2) + Step(call, seat, 3);

    /// <summary>Step 0 enters and queues (policy 300125), 1 rings a seat, 2 connects, 3 completes and hangs up.</summary>
    public string Step(int call, int seat, int step)
    {
        var id = $"{Code}-1795458000.{call}";
        var agentId = $"{Code}-1795458000.a{call}";
        var ext = (_firstSeat + seat).ToString(CultureInfo.InvariantCulture);
        var caller = $"Channel: PJSIP/caller-{call:x8}\r\nChannelState: 6\r\nCallerIDNum: {_callerNumber}\r\nContext: inbound\r\nExten: 95518\r\nUniqueid: {id}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID={id}\r\nChanVariable: CC_INTENT=complaint\r\n";
        var dest = $"DestChannel: PJSIP/{ext}-{call:x8}\r\nDestUniqueid: {agentId}\r\nDestLinkedid: {id}\r\nDestChanVariable: CC_CALLID={id}\r\n";
        var member = $"Queue: complaints\r\nInterface: PJSIP/{ext}\r\nMemberName: agent-{ext}\r\n";
        return step switch
        {
            0 => $"Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: {{ts}}\r\nChannel: PJSIP/caller-{call:x8}\r\nCallerIDNum: {_callerNumber}\r\nContext: inbound\r\nExten: 95518\r\nUniqueid: {id}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID=\r\nChanVariable: CC_INTENT=\r\n\r\n"
                + $"Event: VarSet\r\nPrivilege: dialplan,all\r\nTimestamp: {{ts}}\r\n{caller}Variable: __CC_CALLID\r\nValue: {id}\r\n\r\n"
                + $"Event: VarSet\r\nPrivilege: dialplan,all\r\nTimestamp: {{ts}}\r\n{caller}Variable: CC_POLICY\r\nValue: 300125\r\n\r\n"
                + $"Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}Queue: complaints\r\nPosition: 1\r\nCount: 1\r\n\r\n",
            1 => $"Event: AgentCalled\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}{dest}{member}\r\n",
            2 => $"Event: QueueCallerLeave\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}Queue: complaints\r\nPosition: 1\r\nCount: 0\r\n\r\n"
                + $"Event: AgentConnect\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}{dest}{member}HoldTime: 1\r\nRingTime: 1\r\n\r\n",
            _ => $"Event: AgentComplete\r\nPrivilege: agent,all\r\nTimestamp: {{ts}}\r\n{caller}{dest}{member}HoldTime: 1\r\nTalkTime: 18\r\nReason: agent\r\n\r\n"
                + $"Event: Hangup\r\nPrivilege: call,all\r\nTimestamp: {{ts}}\r\nChannel: PJSIP/{ext}-{call:x8}\r\nContext: agents\r\nUniqueid: {agentId}\r\nLinkedid: {id}\r\nChanVariable: CC_CALLID={id}\r\nCause: 16\r\n\r\n"
                + $"Event: Hangup\r\nPrivilege: call,all\r\nTimestamp: {{ts}}\r\n{caller}Cause: 16\r\n\r\n",
        };
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static int CountEvents(string text)
    {
        var count = 0;
        for (var i = text.IndexOf("Event: ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("Event: ", i + 7, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private string Respond(AmiAction action) => action.Name switch
    {
        "Login" => AmiLoopbackServer.LoginAccepted(action.ActionId),
        "QueueStatus" => AmiLoopbackServer.EmptyQueueStatus(action.ActionId),
        "CoreShowChannels" => AmiLoopbackServer.EmptyChannelList(action.ActionId) + Members(),
        _ => AmiLoopbackServer.Success(action.ActionId, "ok"),
    };

    private string Members()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _seats; i++)
        {
            var ext = (_firstSeat + i).ToString(CultureInfo.InvariantCulture);
            builder.Append(CultureInfo.InvariantCulture, $"Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: complaints\r\nMemberName: agent-{ext}\r\nInterface: PJSIP/{ext}\r\nStateInterface: PJSIP/{ext}\r\nPenalty: 0\r\nStatus: 1\r\nPaused: 0\r\nPausedReason: \r\n\r\n");
        }

        return builder.ToString();
    }
}
