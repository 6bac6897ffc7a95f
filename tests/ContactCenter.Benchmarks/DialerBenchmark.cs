using System.Diagnostics;
using System.Globalization;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Sites;
using ContactCenter.Data;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Migrations;
using ContactCenter.Data.Sites;
using ContactCenter.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// The dialer tick's database work: with N pending tasks in one campaign (default 1,000,000), the atomic claim of the
/// next 100 (priority, earliest deadline, earliest due) through <see cref="CallbackTaskQueries.ClaimAsync"/>, repeated.
/// SQLite always; PostgreSQL when <c>CC_BENCH_POSTGRES</c> or <c>CC_TEST_POSTGRES</c> names a server (a scratch
/// database is created and dropped). Options: [pending tasks] [ticks, default 30].
/// </summary>
internal sealed class DialerBenchmark : IBenchmark
{
    private static readonly DateTimeOffset Now = new(2025, 9, 30, 2, 0, 0, TimeSpan.Zero);

    public string Name => "dialer";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var pending = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var ticks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var results = new List<string>();
        await using (var sqlite = ScratchDatabase.Sqlite("cc-dialer-bench-"))
        {
            results.Add(await RunOneAsync("SQLite", sqlite.Options, pending, ticks, log, cancellationToken));
        }

        var admin = Environment.GetEnvironmentVariable("CC_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable(ScratchDatabase.PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            log.WriteLine("dialer: PostgreSQL skipped (set CC_BENCH_POSTGRES or CC_TEST_POSTGRES); SQLite only");
            results.Add("PostgreSQL not run (no CC_BENCH_POSTGRES/CC_TEST_POSTGRES)");
        }
        else
        {
            await using var postgres = await ScratchDatabase.PostgresAsync(admin, "cc_bench_", cancellationToken: cancellationToken);
            results.Add(await RunOneAsync("PostgreSQL", postgres.Options, pending, ticks, log, cancellationToken));
        }

        return string.Join("; ", results);
    }

    private static async Task<string> RunOneAsync(string label, DatabaseOptions options, int pending, int ticks, TextWriter log, CancellationToken cancellationToken)
    {
        var db = new DbConnectionFactory(Options.Create(options));
        await new MigrationRunner(db, TimeProvider.System, NullLogger<MigrationRunner>.Instance).MigrateAsync(cancellationToken);
        await new SiteQueries(db).UpsertSiteAsync(new Site("gz", "广州"), cancellationToken);
        var campaign = await new CampaignQueries(db).InsertAsync(
            new Campaign(0, "新契约回访", CampaignKind.NewPolicy, "gz", new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0)), 3), cancellationToken);

        var seed = Stopwatch.StartNew();
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var sql = options.Provider == DatabaseProvider.Sqlite
                ? """
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Pending)
                  INSERT INTO callback_tasks (campaign_id, phone, due_at, deadline, priority, attempts, status, next_attempt_at, version, source, deadline_key)
                  SELECT @Campaign, printf('139%08d', i), '2025-09-29T00:00:00.000000Z', printf('2025-10-%02dT00:00:00.000000Z', 1 + i % 28), i % 10, 0, 'pending',
                         printf('2025-09-%02dT%02d:00:00.000000Z', 1 + i % 29, i % 24), 1, 'import', printf('2025-10-%02dT00:00:00.000000Z', 1 + i % 28)
                  FROM n
                  """
                : """
                  INSERT INTO callback_tasks (campaign_id, phone, due_at, deadline, priority, attempts, status, next_attempt_at, version, source, deadline_key)
                  SELECT @Campaign, '139' || lpad(i::text, 8, '0'), timestamptz '2025-09-29T00:00:00Z', timestamptz '2025-10-01T00:00:00Z' + (i % 28) * interval '1 day',
                         i % 10, 0, 'pending', timestamptz '2025-09-01T00:00:00Z' + (i % 696) * interval '1 hour', 1, 'import',
                         timestamptz '2025-10-01T00:00:00Z' + (i % 28) * interval '1 day'
                  FROM generate_series(1, @Pending) AS i;
                  ANALYZE callback_tasks;
                  """;
            await connection.ExecuteAsync(new CommandDefinition(sql, new { Pending = pending, Campaign = campaign }, commandTimeout: 600, cancellationToken: cancellationToken));
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                await connection.ExecuteAsync(new CommandDefinition("ANALYZE callback_tasks", commandTimeout: 600, cancellationToken: cancellationToken));
            }
        }

        log.WriteLine($"{label}: seeded {pending:N0} pending tasks in {seed.Elapsed.TotalSeconds:F1} s");
        var tasks = new CallbackTaskQueries(db);
        _ = await tasks.ClaimAsync(campaign, 100, Now, cancellationToken); // warm-up: pools, plans, JIT
        var times = new List<double>();
        for (var i = 0; i < ticks; i++)
        {
            var watch = Stopwatch.StartNew();
            var claimed = await tasks.ClaimAsync(campaign, 100, Now, cancellationToken);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (claimed.Count != 100)
            {
                throw new InvalidOperationException($"{label}: a tick claimed {claimed.Count} tasks, not 100");
            }
        }

        times.Sort();
        var median = times[times.Count / 2];
        var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
        var line = string.Create(CultureInfo.InvariantCulture, $"{label}: tick over {pending:N0} pending tasks in {median:F1} ms (median of {ticks}, p95 {p95:F1} ms, max {times[^1]:F1} ms, 100 claimed per tick)");
        log.WriteLine("dialer: " + line);
        return line;
    }
}
