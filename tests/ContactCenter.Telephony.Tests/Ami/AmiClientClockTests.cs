using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Ami;

/// <summary>
/// The client's time logic — reconnect backoff, keepalive pings, action timeouts, the FullyBooted fallback —
/// driven by <see cref="FakeTimeProvider.Advance"/> over a real loopback socket. Nothing here waits for a
/// timer in real time: real-time waits only bound how long the socket side may take (10 s each).
/// "Not yet" checks run right after advancing to one millisecond before a deadline: the timer cannot have
/// fired, so they hold however loaded the machine is.
/// </summary>
public class AmiClientClockTests
{
    private const int ReconnectScheduledId = 1003;
    private const int ConnectingId = 1000;
    private const int PingFailedId = 1010;
    private const int FullyBootedTimeoutId = 1011;
    private const int AuthenticationFailedId = 1016;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    [TestCase(0.0)]
    [TestCase(0.5)]
    [TestCase(0.999999)]
    public void Reconnect_delays_double_from_the_minimum_stop_at_the_maximum_and_keep_jitter_within_half_to_all_of_the_step(double jitter)
    {
        var min = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(5);
        double[] steps = [100, 200, 400, 800, 1600, 3200, 5000, 5000];

        var delays = steps.Select((_, i) => AmiClient.ReconnectDelay(i + 1, min, max, jitter).TotalMilliseconds).ToArray();

        for (var i = 0; i < steps.Length; i++)
        {
            Assert.That(delays[i], Is.InRange(steps[i] / 2, steps[i]), $"attempt {i + 1}");
            Assert.That(delays[i], Is.EqualTo(Math.Round((steps[i] / 2) + (jitter * steps[i] / 2))), $"attempt {i + 1}");
        }
        Assert.That(delays, Is.Ordered, "with equal jitter a later attempt never waits less than an earlier one");
        Assert.That(AmiClient.ReconnectDelay(100_000, min, max, jitter).TotalMilliseconds, Is.InRange(2500, 5000), "no overflow after many attempts");
    }

    [Test]
    public async Task Reconnect_attempts_wait_exactly_the_logged_jittered_backoff_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger<AmiClient>();
        await using var peer = new AmiLoopbackPeer(refuseAfter: 1);
        await using var client = CreateClient(peer.Port, time, logger, o =>
        {
            o.ReconnectMinDelay = TimeSpan.FromSeconds(1);
            o.ReconnectMaxDelay = TimeSpan.FromSeconds(8);
        });
        var connecting = client.ConnectAsync(CancellationToken.None);
        var first = await peer.NextConnectionAsync();
        await first.AcceptLoginAsync();
        await connecting.WaitAsync(Timeout);

        first.Dispose(); // Asterisk goes away; every later connection is refused.

        double[] steps = [1000, 2000, 4000, 8000, 8000, 8000];
        var delays = new List<double>();
        for (var attempt = 1; attempt <= steps.Length; attempt++)
        {
            await WaitUntilAsync(() => logger.WithId(ReconnectScheduledId).Count == attempt);
            var scheduled = logger.WithId(ReconnectScheduledId)[attempt - 1];
            Assert.That(scheduled.Values["Attempt"], Is.EqualTo(attempt));
            var delay = TimeSpan.FromMilliseconds(Convert.ToInt64(scheduled.Values["DelayMs"], System.Globalization.CultureInfo.InvariantCulture));
            delays.Add(delay.TotalMilliseconds);
            Assert.That(delay.TotalMilliseconds, Is.InRange(steps[attempt - 1] / 2, steps[attempt - 1]), $"attempt {attempt}");
            var accepted = peer.AcceptedCount;
            var connects = logger.WithId(ConnectingId).Count;

            time.Advance(delay - OneMs);
            Assert.That(logger.WithId(ConnectingId), Has.Count.EqualTo(connects), $"attempt {attempt} must not start before its delay");

            time.Advance(OneMs);
            await WaitUntilAsync(() => peer.AcceptedCount == accepted + 1);
        }

        Assert.That(delays.Take(4), Is.Ordered, "delays grow until the cap (with equal jitter a doubled step never waits less)");
        Assert.That(delays.Skip(3), Is.All.InRange(4000, 8000), "capped at the maximum, jitter within its upper half");
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task Keepalive_pings_start_only_after_login_and_a_missing_pong_is_a_dead_link_that_reconnects()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger<AmiClient>();
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, time, logger, o =>
        {
            o.PingInterval = TimeSpan.FromSeconds(5);
            o.ActionTimeout = TimeSpan.FromSeconds(20);
            o.ConnectTimeout = TimeSpan.FromSeconds(60);
        });
        var changes = new ChangeLog(client);

        var connecting = client.ConnectAsync(CancellationToken.None);
        var first = await peer.NextConnectionAsync();
        await first.SendAsync(AmiLoopbackPeer.Banner);
        var login = await first.NextActionAsync();
        time.Advance(TimeSpan.FromSeconds(15)); // three ping intervals while the login is unanswered
        Assert.That(first.Unread, Is.Zero, "no Ping before the login succeeded");
        await first.AnswerLoginAsync(login);
        await connecting.WaitAsync(Timeout);

        time.Advance(TimeSpan.FromSeconds(5) - OneMs);
        Assert.That(first.Unread, Is.Zero, "the first Ping comes one interval after the login");
        time.Advance(OneMs);
        var ping = await first.NextActionAsync();
        Assert.That(ping.Name, Is.EqualTo("Ping"));
        await first.AnswerPingAsync(ping);

        time.Advance(TimeSpan.FromSeconds(5));
        var unanswered = await first.NextActionAsync();
        Assert.That(unanswered.Name, Is.EqualTo("Ping"));
        time.Advance(TimeSpan.FromSeconds(20) - OneMs);
        Assert.That(client.IsConnected, Is.True, "the link is alive until the pong is overdue");
        Assert.That(first.Unread, Is.Zero, "no second Ping while one is outstanding");

        time.Advance(OneMs);
        await first.Closed.WaitAsync(Timeout);
        await WaitUntilAsync(() => logger.WithId(ReconnectScheduledId).Count == 1);
        var delay = Convert.ToInt64(logger.WithId(ReconnectScheduledId)[0].Values["DelayMs"], System.Globalization.CultureInfo.InvariantCulture);
        time.Advance(TimeSpan.FromMilliseconds(delay));
        var second = await peer.NextConnectionAsync();
        await second.AcceptLoginAsync();
        await changes.WaitForAsync(3);

        Assert.That(logger.WithId(PingFailedId), Has.Count.EqualTo(1));
        Assert.That(changes.Statuses, Is.EqualTo(new[] { "Ready#1", "Disconnected#1", "Ready#2" }));
        Assert.That(changes.Items[1].Error, Is.InstanceOf<AmiConnectionLostException>().With.InnerException.InstanceOf<TimeoutException>());
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task An_action_without_response_times_out_on_the_injected_clock_and_the_connection_stays_up()
    {
        var time = new FakeTimeProvider();
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, time, new RecordingLogger<AmiClient>(), o =>
        {
            o.ActionTimeout = TimeSpan.FromSeconds(10);
            o.ListActionTimeout = TimeSpan.FromSeconds(10);
        });
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.NextConnectionAsync();
        await connection.AcceptLoginAsync();
        await connecting.WaitAsync(Timeout);

        var ping = client.PingAsync(CancellationToken.None);
        var lost = await connection.NextActionAsync();
        time.Advance(TimeSpan.FromSeconds(10) - OneMs);
        Assert.That(ping.IsCompleted, Is.False);
        time.Advance(OneMs);
        Assert.That(async () => await ping.WaitAsync(Timeout), Throws.TypeOf<TimeoutException>().With.Message.Contains("Ping"));

        var list = client.SendListActionAsync(new AmiAction("QueueStatus"), CancellationToken.None);
        var status = await connection.NextActionAsync();
        await connection.SendAsync($"Response: Success\r\nActionID: {status.ActionId}\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\n");
        var own = client.SendActionAsync(new AmiAction("CoreStatus"), TimeSpan.FromSeconds(2), CancellationToken.None);
        var core = await connection.NextActionAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(async () => await own.WaitAsync(Timeout), Throws.TypeOf<TimeoutException>(), "a per-call timeout overrides ActionTimeout");
        Assert.That(list.IsCompleted, Is.False, "a started list waits for its last item");
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.That(async () => await list.WaitAsync(Timeout), Throws.TypeOf<TimeoutException>().With.Message.Contains("complete list"));

        await connection.AnswerPingAsync(lost); // late: nobody waits for it any more
        var next = client.PingAsync(CancellationToken.None);
        await connection.AnswerPingAsync(await connection.NextActionAsync());
        var pong = await next.WaitAsync(Timeout);

        Assert.That(pong["Ping"], Is.EqualTo("Pong"));
        Assert.That(core.Name, Is.EqualTo("CoreStatus"));
        Assert.That(client.IsConnected, Is.True, "a timed-out action does not cost the connection");
        Assert.That(client.Statistics.UnmatchedResponses, Is.EqualTo(1), "the late response is counted, not matched to a later action");
    }

    [Test]
    public async Task A_list_action_waits_the_list_timeout_not_the_short_action_timeout_and_a_caller_may_pass_its_own()
    {
        var time = new FakeTimeProvider();
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, time, new RecordingLogger<AmiClient>(), o =>
        {
            o.ActionTimeout = TimeSpan.FromSeconds(3); // what the bridge uses for everything
            o.ListActionTimeout = TimeSpan.FromSeconds(30);
        });
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.NextConnectionAsync();
        await connection.AcceptLoginAsync();
        await connecting.WaitAsync(Timeout);

        var channels = client.SendListActionAsync(new AmiAction("CoreShowChannels"), CancellationToken.None);
        var list = await connection.NextActionAsync();
        await connection.SendAsync($"Response: Success\r\nActionID: {list.ActionId}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n");
        var queues = client.SendListActionAsync(new AmiAction("QueueStatus"), TimeSpan.FromMinutes(2), CancellationToken.None);
        var status = await connection.NextActionAsync();

        time.Advance(TimeSpan.FromSeconds(30) - OneMs);
        Assert.That(channels.IsCompleted, Is.False, "a busy PBX may take longer than the 3 s action timeout to list");
        await connection.SendAsync($"Event: CoreShowChannel\r\nActionID: {list.ActionId}\r\nChannel: PJSIP/caller-00000000\r\n\r\n"
            + $"Event: CoreShowChannelsComplete\r\nActionID: {list.ActionId}\r\nEventList: Complete\r\nListItems: 1\r\n\r\n");
        var result = await channels.WaitAsync(Timeout);
        Assert.That((result.Items.Count, result.ReportedItemCount), Is.EqualTo((1, (int?)1)));

        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(30)); // 2 min - 1 ms since QueueStatus was sent
        Assert.That(queues.IsCompleted, Is.False, "the per-call timeout governs that list");
        time.Advance(OneMs);
        Assert.That(async () => await queues.WaitAsync(Timeout), Throws.TypeOf<TimeoutException>().With.Message.Contains("QueueStatus"));
        Assert.That(status.Name, Is.EqualTo("QueueStatus"));
    }

    [Test]
    public async Task Without_FullyBooted_the_resync_signal_comes_when_the_fallback_timeout_expires_and_only_once()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger<AmiClient>();
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, time, logger, o =>
        {
            o.Events = true;
            o.FullyBootedTimeout = TimeSpan.FromSeconds(60);
        });
        var changes = new ChangeLog(client);
        var markers = new List<string>();
        client.OnEvent((message, _) =>
        {
            if (message.IsEvent("UserEvent"))
            {
                lock (markers)
                {
                    markers.Add(message["UserEvent"]!);
                }
            }
            return ValueTask.CompletedTask;
        });
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.NextConnectionAsync();
        await connection.AcceptLoginAsync();
        await connecting.WaitAsync(Timeout);

        time.Advance(TimeSpan.FromSeconds(60) - OneMs);
        await connection.SendAsync("Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: before\r\n\r\n");
        await WaitUntilAsync(() => Count(markers) == 1);
        Assert.That(changes.Statuses, Is.Empty, "a restarting Asterisk gets the whole FullyBooted timeout");

        time.Advance(OneMs);
        await changes.WaitForAsync(1);
        await connection.SendAsync("Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\nEvent: UserEvent\r\nPrivilege: user,all\r\nUserEvent: after\r\n\r\n");
        await WaitUntilAsync(() => Count(markers) == 2);

        Assert.That(changes.Statuses, Is.EqualTo(new[] { "Ready#1" }), "a late FullyBooted does not resync a second time");
        Assert.That(logger.WithId(FullyBootedTimeoutId), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_refused_login_is_retried_after_an_exponential_jittered_backoff_and_the_client_says_authentication_failed()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger<AmiClient>();
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, time, logger, o =>
        {
            o.AuthFailureMinDelay = TimeSpan.FromSeconds(30);
            o.AuthFailureMaxDelay = TimeSpan.FromMinutes(5);
        });
        Assert.That(client.AuthenticationFailed, Is.False);

        double[] steps = [30_000, 60_000, 120_000, 240_000, 300_000, 300_000];
        for (var failure = 1; failure <= steps.Length; failure++)
        {
            var accepted = peer.AcceptedCount;
            var connecting = client.ConnectAsync(CancellationToken.None); // the bridge's own first-connect loop calls again at once
            if (failure > 1)
            {
                var delay = LoggedDelay(logger.WithId(AuthenticationFailedId)[failure - 2]);
                time.Advance(delay - OneMs);
                Assert.That(peer.AcceptedCount, Is.EqualTo(accepted), $"attempt {failure} must wait out the backoff");
                time.Advance(OneMs);
            }
            await RefuseLoginAsync(await peer.NextConnectionAsync());
            Assert.That(async () => await connecting.WaitAsync(Timeout), Throws.InstanceOf<AmiAuthenticationException>());
            Assert.That(client.AuthenticationFailed, Is.True);
            Assert.That(client.LastError, Is.InstanceOf<AmiAuthenticationException>());
            var logged = LoggedDelay(logger.WithId(AuthenticationFailedId)[failure - 1]).TotalMilliseconds;
            Assert.That(logged, Is.InRange(steps[failure - 1] / 2, steps[failure - 1]), $"refusal {failure}: doubling from the minimum, capped, equal jitter");
        }

        var last = LoggedDelay(logger.WithId(AuthenticationFailedId)[^1]);
        var success = client.ConnectAsync(CancellationToken.None);
        time.Advance(last);
        await (await peer.NextConnectionAsync()).AcceptLoginAsync();
        await success.WaitAsync(Timeout);

        Assert.That(client.AuthenticationFailed, Is.False, "a login that succeeds clears the state");
        Assert.That(client.LastError, Is.Null);
    }

    [Test]
    public async Task A_reconnect_that_is_refused_waits_the_login_backoff_not_the_short_reconnect_delay()
    {
        var time = new FakeTimeProvider();
        var logger = new RecordingLogger<AmiClient>();
        await using var peer = new AmiLoopbackPeer();
        await using var client = CreateClient(peer.Port, time, logger, o =>
        {
            o.ReconnectMinDelay = TimeSpan.FromMilliseconds(100);
            o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(100);
            o.AuthFailureMinDelay = TimeSpan.FromMinutes(1);
            o.AuthFailureMaxDelay = TimeSpan.FromMinutes(8);
        });
        var connecting = client.ConnectAsync(CancellationToken.None);
        var first = await peer.NextConnectionAsync();
        await first.AcceptLoginAsync();
        await connecting.WaitAsync(Timeout);

        first.Dispose(); // Asterisk restarts with another secret.
        await WaitUntilAsync(() => logger.WithId(ReconnectScheduledId).Count == 1);
        time.Advance(LoggedDelay(logger.WithId(ReconnectScheduledId)[0]));
        await RefuseLoginAsync(await peer.NextConnectionAsync());
        await WaitUntilAsync(() => logger.WithId(ReconnectScheduledId).Count == 2);

        var next = LoggedDelay(logger.WithId(ReconnectScheduledId)[1]);
        Assert.That(next, Is.EqualTo(LoggedDelay(logger.WithId(AuthenticationFailedId).Single())));
        Assert.That(next.TotalMilliseconds, Is.InRange(30_000, 60_000), "the login backoff, not the 100 ms reconnect delay");
        Assert.That(client.AuthenticationFailed, Is.True);
        var accepted = peer.AcceptedCount;
        time.Advance(next - OneMs);
        Assert.That(peer.AcceptedCount, Is.EqualTo(accepted));
        time.Advance(OneMs);
        await (await peer.NextConnectionAsync()).AcceptLoginAsync();
        await WaitUntilAsync(() => client.IsConnected);
        Assert.That(client.AuthenticationFailed, Is.False);
    }

    private static async Task RefuseLoginAsync(AmiLoopbackPeer.Connection connection)
    {
        await connection.SendAsync(AmiLoopbackPeer.Banner);
        var login = await connection.NextActionAsync();
        Assert.That(login.Name, Is.EqualTo("Login"));
        await connection.SendAsync($"Response: Error\r\nActionID: {login.ActionId}\r\nMessage: Authentication failed\r\n\r\n");
    }

    private static TimeSpan LoggedDelay(LogEntry entry)
        => TimeSpan.FromMilliseconds(Convert.ToInt64(entry.Values["DelayMs"], System.Globalization.CultureInfo.InvariantCulture));

    private static int Count(List<string> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            Assert.That(deadline.IsCancellationRequested, Is.False, "condition not reached within 10 s");
            await Task.Delay(5, CancellationToken.None);
        }
    }

    private static AmiClient CreateClient(int port, FakeTimeProvider time, RecordingLogger<AmiClient> logger, Action<AmiOptions> configure)
    {
        var options = new AmiOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "bridge",
            Secret = "bridge-secret",
            AuthType = AmiAuthType.Plain,
            Events = false,
            PingInterval = TimeSpan.Zero,
        };
        configure(options);
        return new AmiClient(Options.Create(options), time, logger);
    }

    /// <summary>The connection changes a client raised, in order, readable from the test thread.</summary>
    private sealed class ChangeLog
    {
        private readonly List<AmiConnectionChanged> _items = [];

        public ChangeLog(AmiClient client)
        {
            client.OnConnectionChanged((change, _) =>
            {
                lock (_items)
                {
                    _items.Add(change);
                }
                return ValueTask.CompletedTask;
            });
        }

        public IReadOnlyList<AmiConnectionChanged> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public IReadOnlyList<string> Statuses => Items.Select(c => $"{c.Status}#{c.Connection}").ToList();

        public Task WaitForAsync(int count) => WaitUntilAsync(() => Items.Count >= count);
    }
}
