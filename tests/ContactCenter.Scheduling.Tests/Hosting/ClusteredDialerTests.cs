using System.Collections.Concurrent;
using ContactCenter.Core.Callbacks;
using ContactCenter.Data;
using ContactCenter.Data.Campaigns;
using ContactCenter.Scheduling.Campaigns;
using ContactCenter.Scheduling.Hosting;
using ContactCenter.Scheduling.Tests.Campaigns;
using ContactCenter.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace ContactCenter.Scheduling.Tests.Hosting;

/// <summary>Two server nodes sharing one PostgreSQL through Quartz's clustered ADO store: every task is dialed exactly once.</summary>
[Category("db-postgres")]
public sealed class ClusteredDialerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Two_scheduler_nodes_on_one_postgres_dial_every_task_exactly_once()
    {
        await using var db = await SchedulingDatabase.CreateAsync("postgres");
        var tuesday10 = new DateTimeOffset(2025, 9, 30, 2, 0, 0, TimeSpan.Zero);
        var campaignId = await db.Campaigns.InsertAsync(new Campaign(0, "理赔回访", CampaignKind.Claims, "gz",
            new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0)), 3), CancellationToken.None).WaitAsync(Timeout);
        string[] seatIds = ["agent-1001", "agent-1002", "agent-2001", "agent-2002"];
        await db.Campaigns.AssignSeatsAsync(campaignId, seatIds, CancellationToken.None).WaitAsync(Timeout);
        const int Count = 60;
        var ids = await db.Tasks.InsertManyAsync(
            Enumerable.Range(0, Count).Select(i => new CallbackTask(0, campaignId, null, $"1395555{i:D4}", null, null, tuesday10.AddMinutes(-i), null)).ToList(),
            CancellationToken.None).WaitAsync(Timeout);

        var dialed = new ConcurrentQueue<(string Node, DialRequest Request)>();
        var problems = new ConcurrentQueue<string>();
        var seats = new FakeSeats(new FreeSeat("agent-1001", "gz", "1001"), new FreeSeat("agent-1002", "gz", "1002"),
            new FreeSeat("agent-2001", "sh", "2001"), new FreeSeat("agent-2002", "sh", "2002"));

        IHost Node(string name)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(new ProblemLog(name, problems));
            builder.Configuration["Database:Provider"] = "Postgres";
            builder.Configuration["Database:ConnectionString"] = db.Options.ConnectionString;
            builder.Configuration["Scheduling:Dialer:TickInterval"] = "00:00:00.2";
            builder.AddContactCenterData();
            // Quartz runs on the real clock; only the dialer sees Tuesday 10:00 (inside the window, a working day).
            builder.Services.AddSingleton(sp => new CallbackDialer(sp.GetRequiredService<CampaignQueries>(), sp.GetRequiredService<CallbackTaskQueries>(),
                sp.GetRequiredService<ICallbackDialer>(), sp.GetRequiredService<ISeatAvailability>(),
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DialerOptions>>(), new FakeTimeProvider(tuesday10),
                sp.GetRequiredService<ILogger<CallbackDialer>>()));
            // The upkeep job must share the dialer's clock, or it would take the fresh claims for stale ones.
            builder.Services.AddTransient(sp => new Jobs.CallbackMaintenanceJob(sp.GetRequiredService<CallbackTaskQueries>(), sp.GetRequiredService<CallbackTaskSources>(),
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DialerOptions>>(), new FakeTimeProvider(tuesday10),
                sp.GetRequiredService<ILogger<Jobs.CallbackMaintenanceJob>>()));
            builder.AddContactCenterScheduling();
            builder.Services.AddSingleton<ISeatAvailability>(seats);
            builder.Services.AddSingleton<ICallbackDialer>(new RecordingDialer(name, dialed));
            return builder.Build();
        }

        using var a = Node("a");
        using var b = Node("b");
        await Task.WhenAll(a.StartAsync(), b.StartAsync()).WaitAsync(Timeout);
        var metadata = await (await a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetMetadata().AsTask().WaitAsync(Timeout);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (dialed.Count < Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            // A little longer: a double dial would show up now.
            await Task.Delay(600);
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync()).WaitAsync(Timeout);
        }

        TestContext.Out.WriteLine($"dials: {dialed.Count}");
        foreach (var problem in problems.Take(5))
        {
            TestContext.Out.WriteLine(problem);
        }

        var byTask = dialed.GroupBy(d => int.Parse(d.Request.CallId.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var stored = await Task.WhenAll(ids.Select(id => db.Tasks.GetAsync(id, CancellationToken.None))).WaitAsync(Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(metadata.JobStoreClustered, Is.True);
            Assert.That(byTask.Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "no task dialed twice");
            Assert.That(byTask.Select(g => g.Key).Order(), Is.EqualTo(ids.Order()), "every task dialed");
            Assert.That(stored.All(t => t!.Attempts == 1 && t.Result == CallbackResult.NoAnswer && t.Status == CallbackTaskStatus.Pending), Is.True);
        });
        TestContext.Out.WriteLine($"dials per node: {string.Join(", ", dialed.GroupBy(d => d.Node).Select(g => $"{g.Key}={g.Count()}"))}");
    }

    /// <summary>Keeps warnings and errors of a node so a failure shows what went wrong.</summary>
    private sealed class ProblemLog(string node, ConcurrentQueue<string> problems) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                problems.Enqueue($"{node} {logLevel}: {formatter(state, exception)} {exception}");
            }
        }
    }

    private sealed class RecordingDialer(string node, ConcurrentQueue<(string, DialRequest)> dialed) : ICallbackDialer
    {
        public async Task<DialOutcome> DialAsync(DialRequest request, CancellationToken cancellationToken)
        {
            dialed.Enqueue((node, request));
            await Task.Yield();
            return new DialOutcome(DialStatus.NoAnswer);
        }
    }
}
