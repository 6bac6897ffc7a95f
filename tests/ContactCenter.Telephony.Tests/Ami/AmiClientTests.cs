using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Tests.Ami;

public class AmiClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const string Banner = "Asterisk Call Manager/11.0.0\r\n";
    private const string LoginOk = "Response: Success\r\nActionID: L\r\nMessage: Authentication accepted\r\n\r\n";

    private static readonly HashSet<string> ListActions = new(StringComparer.OrdinalIgnoreCase)
    {
        "QueueStatus", "QueueSummary", "CoreShowChannels", "Status", "BridgeList", "BridgeInfo",
    };

    [TestCase(ChunkMode.Recorded)]
    [TestCase(ChunkMode.OneByte)]
    [TestCase(ChunkMode.Random)]
    public async Task S1_yields_an_answered_call_by_agent_1001_and_a_survey_score_of_4(ChunkMode mode)
    {
        const string Rx = "s1-answered-survey/ami-site-a-listener.rx";
        await using var server = new AmiReplayServer(AmiReplayScript.FromFixture(Rx, mode, seed: 11));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: true);
        var seen = new List<string>();
        string? callerName = null;
        (string? Queue, string? Member, string? Interface, int? Hold, int? Ring)? connect = null;
        (string? Reason, int? Hold, int? Talk)? complete = null;
        (string? CallId, string? Queue, string? Agent, string? Score, string? Status)? survey = null;
        var expected = CountEvents(Rx);
        var allSeen = new TaskCompletionSource();
        client.OnEvent((message, _) =>
        {
            seen.Add(message.Name);
            if (AmiChannelEvent.TryFrom(message, out var channel) && message.IsEvent("Newchannel") && channel.Channel.Channel == "PJSIP/caller-00000000")
            {
                callerName = channel.Channel.CallerIdName;
            }
            if (AmiAgentEvent.TryFrom(message, out var agent) && message.IsEvent("AgentConnect"))
            {
                connect = (agent.Queue, agent.MemberName, agent.Interface, agent.HoldTime, agent.RingTime);
            }
            if (AmiAgentEvent.TryFrom(message, out agent) && message.IsEvent("AgentComplete"))
            {
                complete = (agent.Reason, agent.HoldTime, agent.TalkTime);
            }
            if (AmiUserEvent.TryFrom(message, out var user) && user.Name == "SurveyResult")
            {
                survey = (user["CallId"], user["Queue"], user["Agent"], user["Score"], user["Status"]);
            }
            if (seen.Count == expected)
            {
                allSeen.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });
        var changes = new List<AmiConnectionChanged>();
        client.OnConnectionChanged((change, _) =>
        {
            changes.Add(change);
            return ValueTask.CompletedTask;
        });

        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);
        await allSeen.Task.WaitAsync(Timeout);
        await client.LogoffAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(server.Errors, Is.Empty);
        Assert.That(seen, Has.Count.EqualTo(expected));
        Assert.That(seen[0], Is.EqualTo("FullyBooted"));
        Assert.That(connect, Is.EqualTo(("complaints", "agent-1001", "PJSIP/1001", (int?)1, (int?)1)));
        Assert.That(complete, Is.EqualTo(("agent", (int?)1, (int?)4)));
        Assert.That(survey, Is.EqualTo(("site-a-1795458297.0", "complaints", "agent-1001", "4", "rated")));
        Assert.That(callerName, Is.EqualTo("张三"));
        Assert.That(seen.IndexOf("QueueCallerLeave"), Is.LessThan(seen.IndexOf("AgentConnect")), "leaving the waiting list precedes the answer");
        await WaitUntilAsync(() => changes.Count == 2);
        Assert.That(changes.Select(c => c.Status).ToArray(), Is.EqualTo(new[] { AmiConnectionStatus.Ready, AmiConnectionStatus.Disconnected }));
        var recordedTx = Encoding.UTF8.GetString(Fixtures.Bytes("s1-answered-survey/ami-site-a-listener.tx"));
        Assert.That(server.Clients[0].NormalizedText(n => $"a-listen-00{n + 1}"), Is.EqualTo(recordedTx), "the client wrote Login and Logoff byte for byte as recorded");
    }

    [Test]
    public async Task S4_md5_login_list_actions_and_commands_give_what_asterisk_answered()
    {
        const string Rx = "s4-agent-control/ami-site-a-control.rx";
        await using var server = new AmiReplayServer(AmiReplayScript.FromFixture(Rx));
        await using var client = CreateClient(server.Port, AmiAuthType.Md5, events: false);
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        var recordedTx = Encoding.UTF8.GetString(Fixtures.Bytes("s4-agent-control/ami-site-a-control.tx"));
        var actions = recordedTx.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        var lists = new List<(string Action, AmiListResult Result)>();
        var responses = new List<(string Action, AmiMessage Response)>();
        var commands = new List<AmiCommandResult>();
        foreach (var text in actions)
        {
            var lines = text.Split("\r\n");
            var name = lines[0]["Action: ".Length..];
            if (name == "Logoff" || !text.Contains("ActionID:", StringComparison.Ordinal))
            {
                continue; // Logoff is LogoffAsync; the Ping without ActionID cannot be sent by this client.
            }
            var action = new AmiAction(name);
            foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("ActionID:", StringComparison.Ordinal)))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                action.Add(line[..colon], line[(colon + 2)..]);
            }
            if (name == "Command")
            {
                commands.Add(await client.CommandAsync(action.Headers[0].Value, CancellationToken.None).WaitAsync(Timeout));
            }
            else if (ListActions.Contains(name))
            {
                lists.Add((name, await client.SendListActionAsync(action, CancellationToken.None).WaitAsync(Timeout)));
            }
            else
            {
                responses.Add((name, await client.SendActionAsync(action, CancellationToken.None).WaitAsync(Timeout)));
            }
        }
        await client.LogoffAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(server.Errors, Is.Empty);
        var recordedWithoutBarePing = recordedTx.Replace("Action: Ping\r\n\r\n", string.Empty, StringComparison.Ordinal);
        var ids = Regex.Matches(recordedWithoutBarePing, "ActionID: ([^\r\n]*)").Select(m => m.Groups[1].Value).ToList();
        Assert.That(server.Clients[0].NormalizedText(n => ids[n]), Is.EqualTo(recordedWithoutBarePing),
            "every action, the MD5 Login key included, is byte for byte what was recorded");

        var queueStatusAll = lists.First(l => l.Action == "QueueStatus").Result;
        Assert.That(queueStatusAll.Items.Select(i => i.Name), Is.EqualTo(new[] { "QueueParams", "QueueMember", "QueueParams", "QueueMember", "QueueMember", "QueueEntry" }));
        Assert.That(queueStatusAll.ReportedItemCount, Is.EqualTo(6));
        var queueStatuses = lists.Where(l => l.Action == "QueueStatus").Select(l => l.Result).ToList();
        Assert.That(queueStatuses.Select(q => q.ReportedItemCount), Is.EqualTo(new int?[] { 6, 3, 1 }));
        Assert.That(queueStatuses.Select(q => q.Items.Count), Is.EqualTo(new[] { 6, 3, 1 }));
        Assert.That(AmiQueueMemberEvent.TryFrom(queueStatusAll.Items[1], out var member) && member.MemberName == "agent-1001" && member.Paused, Is.True);
        Assert.That(lists.First(l => l.Action == "CoreShowChannels").Result.Items, Has.Count.EqualTo(2));
        Assert.That(lists.First(l => l.Action == "Status").Result.Items.Select(i => i.Name), Is.EqualTo(new[] { "Status", "Status" }));
        Assert.That(lists.First(l => l.Action == "BridgeInfo").Result.Items.Select(i => i.Name), Is.EqualTo(new[] { "BridgeInfoChannel", "BridgeInfoChannel" }));

        var queueAdds = responses.Where(r => r.Action == "QueueAdd").Select(r => r.Response).ToList();
        Assert.That(queueAdds.Select(r => r.IsSuccess), Is.EqualTo(new[] { true, true, false, true }));
        Assert.That(queueAdds[2].Message, Is.EqualTo("Unable to add interface: Already there"));
        var unpause = responses.Single(r => r.Action == "QueueUnpause").Response;
        Assert.That(unpause.IsSuccess, Is.False);
        Assert.That(() => unpause.EnsureSuccess(), Throws.TypeOf<AmiActionException>().With.Message.Contains("Invalid/unknown command: QueueUnpause"));
        Assert.That(responses.First(r => r.Action == "Ping").Response["Ping"], Is.EqualTo("Pong"));

        Assert.That(commands[0].IsSuccess && commands[0].Output.Any(l => l.Contains("Asterisk 22.5.0", StringComparison.Ordinal)), Is.True);
        Assert.That(commands[1].Output, Has.Count.GreaterThan(3), "queue show prints one Output line per CLI line");
        Assert.That(commands[2].IsSuccess, Is.False, "an unknown CLI command is an Error");
        Assert.That(commands[2].Output, Is.Not.Empty, "… that still has output");
        Assert.That(client.Statistics.UnmatchedResponses, Is.EqualTo(1), "the Ping response without ActionID matches nothing and is counted");
    }

    [Test]
    public async Task S6_originate_responses_carry_the_reasons_asterisk_reported()
    {
        const string Rx = "s6-outbound/ami-site-a-listener.rx";
        var originates = new List<(bool Success, int? Reason, string? Uniqueid)>();
        await RunListenerAsync(Rx, message =>
        {
            if (AmiOriginateResponseEvent.TryFrom(message, out var view))
            {
                originates.Add((view.IsSuccess, view.Reason, view.Uniqueid));
            }
        });

        Assert.That(originates, Is.EqualTo(new[]
        {
            (true, (int?)4, "cb-20261123-0001"),
            (false, (int?)0, "cb-20261123-0003"),
            (false, (int?)3, "cb-20261123-0004"),
            (true, (int?)4, "site-a-1795458424.15"),
            (false, (int?)0, "<unknown>"),
        }));
    }

    [Test]
    public async Task S8_shutdown_then_reconnect_and_fully_booted_raise_the_resync_signal()
    {
        await using var server = new AmiReplayServer(
            AmiReplayScript.FromFixture("s8-restart/ami-site-a-listener.rx"),
            AmiReplayScript.FromFixture("s8-restart/ami-site-a-listener-reconnect.rx"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: true);
        var order = new List<string>();
        var resynced = new TaskCompletionSource<AmiConnectionChanged>();
        var restart = false;
        client.OnEvent((message, _) =>
        {
            lock (order)
            {
                order.Add(message.Name);
            }
            restart |= AmiShutdownEvent.TryFrom(message, out var shutdown) && shutdown.IsRestart;
            return ValueTask.CompletedTask;
        });
        client.OnConnectionChanged((change, _) =>
        {
            lock (order)
            {
                order.Add($"{change.Status}#{change.Connection}");
            }
            if (change.ResyncRequired && change.IsReconnect)
            {
                resynced.TrySetResult(change);
            }
            return ValueTask.CompletedTask;
        });

        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);
        var change = await resynced.Task.WaitAsync(Timeout);
        var events = CountEvents("s8-restart/ami-site-a-listener.rx") + CountEvents("s8-restart/ami-site-a-listener-reconnect.rx");
        await WaitUntilAsync(() => client.Statistics.EventsDispatched == events);
        await client.LogoffAsync(CancellationToken.None).WaitAsync(Timeout);
        // The dispatcher raises Disconnected#2 after LogoffAsync returned: read the list once it is final.
        await WaitUntilAsync(() => Snapshot(order).Contains("Disconnected#2"));
        var seen = Snapshot(order);

        Assert.That(restart, Is.True);
        Assert.That(change.Connection, Is.EqualTo(2));
        Assert.That(client.Statistics.Reconnects, Is.EqualTo(1));
        var shutdownAt = seen.IndexOf("Shutdown");
        Assert.That(seen.Skip(shutdownAt).Take(6), Is.EqualTo(new[] { "Shutdown", "Disconnected#1", "SuccessfulAuth", "VarSet", "VarSet", "FullyBooted" }));
        Assert.That(seen[shutdownAt + 6], Is.EqualTo("Ready#2"), "resync comes right after the new FullyBooted, not at login");
        Assert.That(seen[^1], Is.EqualTo("Disconnected#2"));
    }

    [Test]
    public async Task S8_a_command_that_never_gets_a_response_fails_as_soon_as_the_socket_closes()
    {
        await using var server = new AmiReplayServer(AmiReplayScript.FromFixture("s8-restart/ami-site-a-control.rx"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: false, o => o.ActionTimeout = TimeSpan.FromMinutes(5));
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);
        await client.SendActionAsync(new AmiAction("QueueAdd").Add("Queue", "complaints").Add("Interface", "PJSIP/1001").Add("Penalty", "0")
            .Add("Paused", "false").Add("MemberName", "agent-1001").Add("StateInterface", "PJSIP/1001"), CancellationToken.None).WaitAsync(Timeout);
        var status = await client.SendListActionAsync(new AmiAction("QueueStatus").Add("Queue", "complaints"), CancellationToken.None).WaitAsync(Timeout);

        var restart = client.CommandAsync("core restart now", CancellationToken.None);

        Assert.That(status.Items.Select(i => i.Name), Is.EqualTo(new[] { "QueueParams", "QueueMember" }));
        Assert.That(async () => await restart.WaitAsync(Timeout), Throws.InstanceOf<AmiConnectionLostException>());
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task S4_a_refused_login_throws_an_authentication_error()
    {
        await using var server = new AmiReplayServer(AmiReplayScript.FromFixture("s4-agent-control/ami-site-a-badlogin.rx"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: true, o => o.Secret = "wrong-secret");

        Assert.That(async () => await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout),
            Throws.TypeOf<AmiAuthenticationException>().With.Message.Contains("Authentication failed"));
    }

    [Test]
    public async Task A_handler_may_send_an_action_and_await_it_without_deadlock()
    {
        var text = Banner + LoginOk + "Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\nResponse: Success\r\nActionID: P\r\nPing: Pong\r\n\r\n";
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, "L", "P"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: true);
        var pong = new TaskCompletionSource<string?>();
        client.OnEvent(async (message, cancellationToken) =>
        {
            if (message.IsEvent("FullyBooted"))
            {
                var response = await client.PingAsync(cancellationToken);
                pong.TrySetResult(response["Ping"]);
            }
        });

        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(await pong.Task.WaitAsync(Timeout), Is.EqualTo("Pong"));
    }

    [Test]
    public async Task A_slow_handler_grows_a_measured_queue_while_the_socket_keeps_being_read()
    {
        var text = new StringBuilder(Banner + LoginOk);
        for (var i = 0; i < 5000; i++)
        {
            text.Append("Event: Tick\r\nN: ").Append(i).Append("\r\n\r\n");
        }
        text.Append("Response: Success\r\nActionID: P\r\nPing: Pong\r\n\r\n");
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text.ToString(), closeAtEnd: false, "L", "P"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: false);
        var gate = new TaskCompletionSource();
        var received = new List<int>();
        client.OnEvent(async (message, _) =>
        {
            await gate.Task;
            received.Add(message.GetInt32("N")!.Value);
        });
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        var pong = await client.PingAsync(CancellationToken.None).WaitAsync(Timeout);
        var whileBlocked = client.Statistics;
        gate.SetResult();
        await WaitUntilAsync(() => client.Statistics.EventsDispatched == 5000);

        Assert.That(pong["Ping"], Is.EqualTo("Pong"), "the response after 5000 queued events was read while the handler was stuck");
        Assert.That(whileBlocked.EventsReceived, Is.EqualTo(5000));
        Assert.That(whileBlocked.EventsQueued, Is.GreaterThanOrEqualTo(4999));
        Assert.That(client.Statistics.MaxEventsQueued, Is.GreaterThanOrEqualTo(4999));
        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 5000)), "in order");
    }

    [Test]
    public async Task A_peer_that_vanishes_mid_list_fails_the_list_at_once_and_the_client_reconnects()
    {
        var midList = Banner + LoginOk +
            "Response: Success\r\nActionID: Q\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\nEvent: QueueParams\r\nQueue: complaints\r\nActionID: Q\r\n\r\n";
        var second = Banner + LoginOk + "Response: Success\r\nActionID: P\r\nPing: Pong\r\n\r\n";
        await using var server = new AmiReplayServer(
            AmiReplayScript.FromText(midList, closeAtEnd: true, "L", "Q"),
            AmiReplayScript.FromText(second, closeAtEnd: false, "L", "P"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: false, o => o.ActionTimeout = TimeSpan.FromMinutes(5));
        var ready = 0;
        var reconnected = new TaskCompletionSource();
        client.OnConnectionChanged((change, _) =>
        {
            if (change.ResyncRequired && ++ready == 2)
            {
                reconnected.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        var list = client.SendListActionAsync(new AmiAction("QueueStatus"), CancellationToken.None);

        Assert.That(async () => await list.WaitAsync(Timeout), Throws.InstanceOf<AmiConnectionLostException>());
        await reconnected.Task.WaitAsync(Timeout);
        var pong = await client.PingAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.That(pong["Ping"], Is.EqualTo("Pong"));
    }

    [Test]
    public async Task Random_bytes_from_the_peer_are_counted_and_the_client_stays_usable()
    {
        var random = new Random(7);
        var noise = new byte[200_000];
        random.NextBytes(noise);
        var bytes = Encoding.UTF8.GetBytes(Banner + LoginOk).Concat(noise)
            .Concat(Encoding.UTF8.GetBytes("\r\n\r\nEvent: After\r\n\r\nResponse: Success\r\nActionID: P\r\nPing: Pong\r\n\r\n")).ToArray();
        await using var server = new AmiReplayServer(new AmiReplayScript(bytes, [(0, bytes.Length)], CloseAtEnd: false, ["L", "P"]));
        var logger = new RecordingLogger<AmiClient>();
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: false, logger: logger);
        var after = new TaskCompletionSource();
        client.OnEvent((message, _) =>
        {
            if (message.IsEvent("After"))
            {
                after.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        var pong = await client.PingAsync(CancellationToken.None).WaitAsync(Timeout);
        await after.Task.WaitAsync(Timeout);

        Assert.That(pong["Ping"], Is.EqualTo("Pong"));
        Assert.That(client.IsConnected, Is.True);
        Assert.That(client.Statistics.UnclassifiedMessages, Is.GreaterThan(0));
        Assert.That(logger.Entries.Any(e => e.Id == 1006), Is.True, "dropped garbage is logged");
    }

    [Test]
    public async Task A_peer_that_stops_reading_times_actions_out_and_the_client_reconnects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var peer = Task.Run(async () =>
        {
            // First connection: answer the login, then never read again.
            using var stuck = await listener.AcceptTcpClientAsync();
            await LoginAsync(stuck.GetStream());
            // Second connection: a normal peer.
            using var good = await listener.AcceptTcpClientAsync();
            var stream = await LoginAsync(good.GetStream());
            var id = await ReadActionIdAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"Response: Success\r\nActionID: {id}\r\nPing: Pong\r\n\r\n"));
            await ReadActionIdAsync(stream);
        });
        // ActionTimeout (also the login's) stays at 10 s: a loaded machine must not fail the reconnect's login.
        await using var client = CreateClient(port, AmiAuthType.Plain, events: false);
        var reconnected = new TaskCompletionSource();
        client.OnConnectionChanged((change, _) =>
        {
            if (change.IsReconnect && change.ResyncRequired)
            {
                reconnected.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        var big = new AmiAction("UserEvent");
        for (var i = 0; i < 120; i++)
        {
            big.Add("H" + i, new string('x', 1000));
        }
        var flood = Enumerable.Range(0, 200).Select(_ => client.SendActionAsync(big, TimeSpan.FromSeconds(1), CancellationToken.None)).ToArray();
        var outcomes = await Task.WhenAll(flood.Select(async t =>
        {
            try
            {
                await t.WaitAsync(Timeout);
                return "ok";
            }
            catch (Exception ex) when (ex is TimeoutException or AmiConnectionLostException or OperationCanceledException)
            {
                return "failed";
            }
        }));
        await reconnected.Task.WaitAsync(Timeout);
        var pong = await client.PingAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(outcomes, Is.All.EqualTo("failed"));
        Assert.That(pong["Ping"], Is.EqualTo("Pong"));
        await client.DisposeAsync();
        await peer.WaitAsync(Timeout);
    }

    [Test]
    public async Task A_legacy_Response_Follows_command_gives_its_raw_lines_through_the_client()
    {
        // Asterisk 13 and older: the CLI text follows the headers as raw "\n" lines, colons and blank lines
        // included, up to "--END COMMAND--" (manager.c action_command).
        string[] lines =
        [
            "complaints has 1 calls (max unlimited) in 'rrmemory' strategy (0s holdtime, 4s talktime), W:0, C:1, A:0, SL:100.0% within 30s",
            "   Members: ",
            "      agent-1001 (SIP/1001) (ringinuse disabled) (dynamic) (Not in use) has taken 1 calls (last was 12 secs ago)",
            "   Callers: ",
            "      1. SIP/caller-00000001 (wait: 0:03, prio: 0)",
            string.Empty,
        ];
        var text = Banner + LoginOk + "Response: Follows\r\nPrivilege: Command\r\nActionID: C\r\n"
            + string.Concat(lines.Select(l => l + "\n")) + "--END COMMAND--\r\n\r\n"
            + "Response: Success\r\nActionID: P\r\nPing: Pong\r\n\r\n";
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, "L", "C", "P"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: false);
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        var result = await client.CommandAsync("queue show complaints", CancellationToken.None).WaitAsync(Timeout);
        var pong = await client.PingAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.That(result.IsSuccess, Is.True);
        Assert.That(result.Response.Name, Is.EqualTo("Follows"));
        Assert.That(result.Output, Is.EqualTo(lines));
        Assert.That(pong["Ping"], Is.EqualTo("Pong"), "the next response parses normally after --END COMMAND--");
        Assert.That(server.Clients[0].Actions.ElementAt(1), Does.StartWith("Action: Command\r\n").And.Contains("\r\nCommand: queue show complaints\r\n"));
    }

    [Test]
    public async Task AgentRingNoAnswer_reads_queue_member_caller_agent_and_ring_time_in_milliseconds()
    {
        // The fields app_queue.c's rna() publishes: the caller's channel snapshot, the member's as "Dest…",
        // then Queue, Interface, MemberName and RingTime (its rnatime, in milliseconds).
        const string Event =
            "Event: AgentRingNoAnswer\r\nPrivilege: agent,all\r\n" +
            "Channel: PJSIP/caller-00000007\r\nChannelState: 6\r\nChannelStateDesc: Up\r\nCallerIDNum: 13812345678\r\n" +
            "CallerIDName: 张三\r\nConnectedLineNum: <unknown>\r\nConnectedLineName: <unknown>\r\nLanguage: zh\r\nAccountCode: \r\n" +
            "Context: queue-complaints\r\nExten: s\r\nPriority: 4\r\nUniqueid: site-a-1795458600.21\r\nLinkedid: site-a-1795458600.21\r\n" +
            "DestChannel: PJSIP/1002-0000000a\r\nDestChannelState: 5\r\nDestChannelStateDesc: Ringing\r\nDestCallerIDNum: 1002\r\n" +
            "DestCallerIDName: <unknown>\r\nDestConnectedLineNum: 13812345678\r\nDestConnectedLineName: 张三\r\nDestLanguage: zh\r\n" +
            "DestAccountCode: \r\nDestContext: agents\r\nDestExten: s\r\nDestPriority: 1\r\nDestUniqueid: site-a-1795458603.22\r\n" +
            "DestLinkedid: site-a-1795458600.21\r\nQueue: complaints\r\nInterface: PJSIP/1002\r\nMemberName: agent-1002\r\nRingTime: 15000\r\n\r\n";
        AmiAgentEvent? view = null;
        var seen = new TaskCompletionSource();
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(Banner + LoginOk + Event, closeAtEnd: false, "L"));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: true);
        client.OnEvent((message, _) =>
        {
            if (AmiAgentEvent.TryFrom(message, out var agent))
            {
                view = new AmiAgentEvent(message.Detach());
                seen.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });

        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);
        await seen.Task.WaitAsync(Timeout);

        var v = view!.Value;
        Assert.That((v.Queue, v.MemberName, v.Interface), Is.EqualTo(("complaints", "agent-1002", "PJSIP/1002")));
        Assert.That(v.RingTime, Is.EqualTo(15000));
        Assert.That(v.RingDuration, Is.EqualTo(TimeSpan.FromSeconds(15)), "RingTime of AgentRingNoAnswer is milliseconds");
        Assert.That((v.Caller.Channel, v.Caller.Uniqueid, v.Caller.ChannelState, v.Caller.CallerIdName), Is.EqualTo(("PJSIP/caller-00000007", "site-a-1795458600.21", (int?)6, "张三")));
        Assert.That((v.Agent.Channel, v.Agent.Uniqueid, v.Agent.Linkedid, v.Agent.ChannelState), Is.EqualTo(("PJSIP/1002-0000000a", "site-a-1795458603.22", "site-a-1795458600.21", (int?)5)));
        Assert.That(v.Agent.ConnectedLineName, Is.EqualTo("张三"));
        Assert.That((v.HoldTime, v.TalkTime, v.Reason), Is.EqualTo(((int?)null, (int?)null, (string?)null)), "fields of other Agent* events are absent");
    }

    [Test]
    public void Values_with_cr_or_lf_and_lines_asterisk_would_discard_are_refused()
    {
        var action = new AmiAction("QueueAdd");

        Assert.That(() => action.Add("Queue", "complaints\r\nAction: Originate"), Throws.ArgumentException.With.Message.Contains("inject"));
        Assert.That(() => action.Add("Queue", "a\nb"), Throws.ArgumentException);
        Assert.That(() => action.Add("Bad:Key", "x"), Throws.ArgumentException);
        Assert.That(() => action.Add("ActionID", "mine"), Throws.ArgumentException);
        Assert.That(() => action.Add("Variable", new string('x', 1100)), Throws.ArgumentException.With.Message.Contains("1024"));
        Assert.That(action.Add("Variable", "CC_NOTE=张三").Headers, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Originate_variables_are_written_escaped_so_that_asterisk_splits_none_of_them()
    {
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, AmiAuthType.Plain, events: false);
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.NextConnectionAsync();
        await connection.AcceptLoginAsync();
        await connecting.WaitAsync(Timeout);

        var originate = new AmiAction("Originate")
            .Add("Channel", "PJSIP/13900000001@carrier")
            .AddVariable("CC_CALLID", "cb-20261123-0001")
            .AddVariable("CC_NOTE", "a,b \"q\" c:\\x (p,q) x)y,z [r]")
            .AddVariable("CC_NAME", "张三,李四")
            .AddVariable("CC_EMPTY", string.Empty);
        var sending = client.SendActionAsync(originate, CancellationToken.None);
        var sent = await connection.NextActionAsync();
        await connection.SendAsync($"Response: Success\r\nActionID: {sent.ActionId}\r\nMessage: Originate successfully queued\r\n\r\n");
        await sending.WaitAsync(Timeout);

        // Asterisk 22.5 read these back (ChanVariable) as CC_NOTE=a,b "q" c:\x (p,q) x)y,z [r] and CC_NAME=张三,李四.
        Assert.That(sent.Text, Is.EqualTo(
            $"Action: Originate\r\nActionID: {sent.ActionId}\r\nChannel: PJSIP/13900000001@carrier\r\n"
            + "Variable: CC_CALLID=cb-20261123-0001\r\n"
            + "Variable: CC_NOTE=a\\,b \\\"q\\\" c:\\\\x \\(p\\,q\\) x\\)y\\,z \\[r\\]\r\n"
            + "Variable: CC_NAME=张三\\,李四\r\n"
            + "Variable: CC_EMPTY=\r\n\r\n"));
        Assert.That(() => new AmiAction("Originate").AddVariable("CC_A,CC_B", "x"), Throws.ArgumentException);
        Assert.That(() => new AmiAction("Originate").AddVariable("CC_A=1", "x"), Throws.ArgumentException);
        Assert.That(() => new AmiAction("Originate").AddVariable("CC_NOTE", "a\r\nAction: Hangup"), Throws.ArgumentException);
    }

    [Test]
    public void The_md5_key_is_lowercase_hex_of_challenge_plus_secret()
    {
        // Recorded in S4: Challenge 204831119, secret bridge-secret, Key 0c522e28ab48ca8972e473d40a88f14d.
        Assert.That(AmiClient.Md5Key("204831119", "bridge-secret"), Is.EqualTo("0c522e28ab48ca8972e473d40a88f14d"));
    }

    [Test]
    public async Task Action_ids_are_unique_and_at_most_64_characters()
    {
        var text = Banner + LoginOk + string.Concat(Enumerable.Range(0, 50).Select(i => $"Response: Success\r\nActionID: P{i}\r\nPing: Pong\r\n\r\n"));
        await using var server = new AmiReplayServer(AmiReplayScript.FromText(text, closeAtEnd: false, ["L", .. Enumerable.Range(0, 50).Select(i => $"P{i}")]));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: false, o => o.ActionIdPrefix = new string('p', AmiOptions.MaxActionIdPrefixLength));
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PingAsync(CancellationToken.None))).WaitAsync(Timeout);
        var ids = server.Clients[0].Actions.Select(a => Regex.Match(a, "ActionID: ([^\r\n]*)").Groups[1].Value).ToList();

        Assert.That(ids, Has.Count.EqualTo(51));
        Assert.That(ids, Is.Unique);
        Assert.That(ids.Max(i => i.Length), Is.LessThanOrEqualTo(64));
    }

    [Test]
    public async Task Two_clients_configured_with_the_same_prefix_write_different_action_ids()
    {
        await using var peer = new AmiLoopbackPeer();
        await using var first = CreateClient(peer.Port, AmiAuthType.Plain, events: false, o => o.ActionIdPrefix = "cc-gz-");
        await using var second = CreateClient(peer.Port, AmiAuthType.Plain, events: false, o => o.ActionIdPrefix = "cc-gz-");

        var logins = new List<string>();
        foreach (var client in new[] { first, second })
        {
            var connecting = client.ConnectAsync(CancellationToken.None);
            var connection = await peer.NextConnectionAsync();
            await connection.SendAsync(AmiLoopbackPeer.Banner);
            var login = await connection.NextActionAsync();
            await connection.AnswerLoginAsync(login);
            await connecting.WaitAsync(Timeout);
            logins.Add(login.ActionId);
        }

        Assert.That(logins, Has.All.Match("^cc-gz-[0-9a-f]{8}-1$"), "configured prefix, the client's own token, then the counter");
        Assert.That(logins[0], Is.Not.EqualTo(logins[1]), "OriginateResponse reaches every session: another node's ActionIDs must differ from ours");
    }

    [Test]
    public async Task Events_dropped_on_a_full_queue_are_counted_and_followed_in_order_by_one_resync_signal()
    {
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, AmiAuthType.Plain, events: false, o => o.MaxQueuedEvents = 2);
        var order = new List<string>();
        var release = new TaskCompletionSource();
        client.OnEvent(async (message, _) =>
        {
            lock (order)
            {
                order.Add(message["UserEvent"]!);
            }
            if (message.ValueEquals("UserEvent", "e1"))
            {
                await release.Task.WaitAsync(Timeout, CancellationToken.None); // a slow handler
            }
        });
        client.OnConnectionChanged((change, _) =>
        {
            lock (order)
            {
                order.Add($"{change.Status}:{change.ResyncRequired}");
            }
            return ValueTask.CompletedTask;
        });
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.NextConnectionAsync();
        await connection.AcceptLoginAsync();
        await connecting.WaitAsync(Timeout);

        await connection.SendAsync(UserEvent("e1"));
        await WaitUntilAsync(() => Snapshot(order).Contains("e1"));
        await connection.SendAsync(string.Concat(UserEvent("e2"), UserEvent("e3"), UserEvent("e4"), UserEvent("e5")));
        await WaitUntilAsync(() => client.Statistics.EventsDropped == 2);
        release.SetResult();
        await WaitUntilAsync(() => Snapshot(order).Count == 5);
        await connection.SendAsync(string.Concat(UserEvent("e6"), UserEvent("e7"))); // the queue is empty again: both fit
        await WaitUntilAsync(() => Snapshot(order).Count == 7);

        Assert.That(Snapshot(order), Is.EqualTo(new[] { "Ready:True", "e1", "e2", "e3", "EventsDropped:True", "e6", "e7" }),
            "the signal comes after the events queued before the drop and before later ones, once per episode");
        Assert.That(client.Statistics.EventsDropped, Is.EqualTo(2));
    }

    private static string UserEvent(string name) => $"Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: {name}\r\n\r\n";

    private static async Task<NetworkStream> LoginAsync(NetworkStream stream)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Banner));
        var id = await ReadActionIdAsync(stream);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"Response: Success\r\nActionID: {id}\r\nMessage: Authentication accepted\r\n\r\n"));
        return stream;
    }

    private static async Task<string> ReadActionIdAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return string.Empty;
            }
            text.Append((char)one[0]);
        }
        return Regex.Match(text.ToString(), "ActionID: ([^\r\n]*)").Groups[1].Value;
    }

    private static async Task RunListenerAsync(string rx, Action<AmiMessage> onEvent)
    {
        await using var server = new AmiReplayServer(AmiReplayScript.FromFixture(rx));
        await using var client = CreateClient(server.Port, AmiAuthType.Plain, events: true);
        var expected = CountEvents(rx);
        var count = 0;
        var done = new TaskCompletionSource();
        client.OnEvent((message, _) =>
        {
            onEvent(message);
            if (++count == expected)
            {
                done.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync(CancellationToken.None).WaitAsync(Timeout);
        await done.Task.WaitAsync(Timeout);
        await client.LogoffAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.That(server.Errors, Is.Empty);
    }

    private static List<string> Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static int CountEvents(string rx) =>
        Encoding.UTF8.GetString(Fixtures.Bytes(rx)).Split("\r\n\r\n").Count(b => b.StartsWith("Event:", StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
        while (!condition())
        {
            Assert.That(Environment.TickCount64, Is.LessThan(deadline), "condition not reached in time");
            await Task.Delay(10);
        }
    }

    private static AmiClient CreateClient(int port, AmiAuthType auth, bool events, Action<AmiOptions>? configure = null, RecordingLogger<AmiClient>? logger = null)
    {
        var options = new AmiOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "bridge",
            Secret = "bridge-secret",
            AuthType = auth,
            Events = events,
            ActionTimeout = TimeSpan.FromSeconds(10),
            PingInterval = TimeSpan.Zero,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return new AmiClient(Options.Create(options), TimeProvider.System, logger ?? new RecordingLogger<AmiClient>());
    }
}
