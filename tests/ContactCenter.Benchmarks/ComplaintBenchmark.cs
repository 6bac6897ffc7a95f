using System.Diagnostics;
using System.Globalization;
using ContactCenter.Data;
using ContactCenter.Data.Complaints;
using ContactCenter.Data.Migrations;
using ContactCenter.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Benchmarks;

/// <summary>
/// The complaint deadline watch's scan (<see cref="CaseDeadlineQueries.ScanAsync"/>) over N stored cases (default
/// 1,000,000): 98% closed, 2% open with their running deadlines spread over 60 days around today, so the scan finds
/// the overdue and the due-within-2-days ones through the partial index <c>ix_cases_next_due</c>. Prints the median
/// and worst of the scans. SQLite always; PostgreSQL when <c>CC_BENCH_POSTGRES</c> or <c>CC_TEST_POSTGRES</c> names a
/// server (a scratch database is created and dropped). Options: [cases] [scans, default 20].
/// </summary>
internal sealed class ComplaintBenchmark : IBenchmark
{
    private static readonly DateOnly Today = new(2025, 9, 30);

    public string Name => "complaints";

    public async Task<string> RunAsync(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        var cases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var scans = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var results = new List<string>();
        await using (var sqlite = ScratchDatabase.Sqlite("cc-complaints-bench-"))
        {
            results.Add(await RunOneAsync("SQLite", sqlite.Options, cases, scans, log, cancellationToken));
        }

        var admin = Environment.GetEnvironmentVariable("CC_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable(ScratchDatabase.PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            log.WriteLine("complaints: PostgreSQL skipped (set CC_BENCH_POSTGRES or CC_TEST_POSTGRES); SQLite only");
        }
        else
        {
            await using var postgres = await ScratchDatabase.PostgresAsync(admin, "cc_bench_", commandTimeoutSeconds: 600, cancellationToken: cancellationToken);
            results.Add(await RunOneAsync("PostgreSQL", postgres.Options, cases, scans, log, cancellationToken));
        }

        return string.Create(CultureInfo.InvariantCulture, $"deadline scan over {cases} cases ") + string.Join("; ", results);
    }

    private static async Task<string> RunOneAsync(string label, DatabaseOptions options, int cases, int scans, TextWriter log, CancellationToken cancellationToken)
    {
        var db = new DbConnectionFactory(Options.Create(options));
        await new MigrationRunner(db, TimeProvider.System, NullLogger<MigrationRunner>.Instance).MigrateAsync(cancellationToken);
        var seeding = Stopwatch.StartNew();
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(SeedSql(options.Provider), new { Cases = cases }, commandTimeout: 600, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(options.Provider == DatabaseProvider.Sqlite ? "ANALYZE" : "ANALYZE cases", commandTimeout: 600, commandType: System.Data.CommandType.Text, cancellationToken: cancellationToken));
        }

        log.WriteLine($"complaints: {label}: seeded {cases:N0} cases in {seeding.Elapsed.TotalSeconds:F1} s");
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var explain = options.Provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN" : "EXPLAIN";
            var plan = await connection.QueryAsync(new CommandDefinition(
                $"{explain} SELECT id FROM cases WHERE next_due_on IS NOT NULL AND next_due_on <= @Horizon ORDER BY next_due_on, id",
                new { Horizon = Today.AddDays(2) }, cancellationToken: cancellationToken));
            foreach (IDictionary<string, object> row in plan)
            {
                log.WriteLine($"complaints: {label} plan: {row.Values.Last()}");
            }
        }

        var deadlines = new CaseDeadlineQueries(db);
        var horizon = Today.AddDays(2);
        var expected = await deadlines.CountDueAsync(horizon, cancellationToken);
        var times = new List<double>();
        var found = 0;
        for (var i = 0; i < scans + 1; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var due = await deadlines.ScanAsync(horizon, cancellationToken);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            found = due.Count;
            if (i > 0)
            {
                // The first scan warms the connection pool and the page cache.
                times.Add(ms);
            }
        }

        if (found != expected)
        {
            throw new InvalidOperationException($"the scan found {found} cases, the count says {expected}");
        }

        times.Sort();
        var median = times[times.Count / 2];
        var worst = times[^1];
        log.WriteLine($"complaints: {label}: deadline scan over {cases:N0} cases found {found:N0} due or overdue; median {median:F1} ms, worst {worst:F1} ms over {times.Count} scans");
        return string.Create(CultureInfo.InvariantCulture, $"in {median:F1} ms on {label} (median of {times.Count}, worst {worst:F1} ms, {found} due or overdue)");
    }

    // Case i: received (i mod 400) days before today; every 50th case is open (in progress) with its decision due
    // between 45 days ago and 15 days ahead; the rest are closed with no running deadline.
    private static string SeedSql(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite =>
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Cases)
            INSERT INTO cases (case_number, status, channel, subject, received_at, rule_set, branch, product_line, clock_started_at, decide_by,
              received_on, answer_due_on, answered_on, handling_days, next_due_on, next_due_kind, site_code, cause, validity)
            SELECT 'B' || i,
              CASE WHEN i % 50 = 0 THEN 'in-progress' ELSE 'closed' END,
              'phone', '理赔慢',
              strftime('%Y-%m-%dT02:00:00.000000Z', '2025-09-30', '-' || (i % 400) || ' days'),
              'cbirc-2020',
              CASE i % 3 WHEN 0 THEN '广东分公司' WHEN 1 THEN '上海分公司' ELSE '北京分公司' END,
              'health',
              strftime('%Y-%m-%dT02:00:00.000000Z', '2025-09-30', '-' || (i % 400) || ' days'),
              date('2025-09-30', '-' || (i % 400) || ' days', '+15 days'),
              date('2025-09-30', '-' || (i % 400) || ' days'),
              date('2025-09-30', '-' || (i % 400) || ' days', '+15 days'),
              CASE WHEN i % 50 = 0 THEN NULL ELSE date('2025-09-30', '-' || (i % 400) || ' days', '+' || (i % 17) || ' days') END,
              CASE WHEN i % 50 = 0 THEN NULL ELSE i % 17 END,
              CASE WHEN i % 50 = 0 THEN date('2025-09-30', printf('%+d days', (i / 50) % 61 - 45)) END,
              CASE WHEN i % 50 = 0 THEN 'decide' END,
              NULL,
              CASE WHEN i % 50 = 0 THEN NULL ELSE 'claims' END,
              CASE WHEN i % 50 = 0 THEN NULL ELSE 'valid' END
            FROM n
            """,
        _ =>
            """
            INSERT INTO cases (case_number, status, channel, subject, received_at, rule_set, branch, product_line, clock_started_at, decide_by,
              received_on, answer_due_on, answered_on, handling_days, next_due_on, next_due_kind, site_code, cause, validity)
            SELECT 'B' || i,
              CASE WHEN i % 50 = 0 THEN 'in-progress' ELSE 'closed' END,
              'phone', '理赔慢',
              timestamptz '2025-09-30 02:00:00+00' - make_interval(days => i % 400),
              'cbirc-2020',
              CASE i % 3 WHEN 0 THEN '广东分公司' WHEN 1 THEN '上海分公司' ELSE '北京分公司' END,
              'health',
              timestamptz '2025-09-30 02:00:00+00' - make_interval(days => i % 400),
              date '2025-09-30' - (i % 400) + 15,
              date '2025-09-30' - (i % 400),
              date '2025-09-30' - (i % 400) + 15,
              CASE WHEN i % 50 = 0 THEN NULL ELSE date '2025-09-30' - (i % 400) + (i % 17) END,
              CASE WHEN i % 50 = 0 THEN NULL ELSE i % 17 END,
              CASE WHEN i % 50 = 0 THEN date '2025-09-30' + ((i / 50) % 61 - 45) END,
              CASE WHEN i % 50 = 0 THEN 'decide' END,
              NULL,
              CASE WHEN i % 50 = 0 THEN NULL ELSE 'claims' END,
              CASE WHEN i % 50 = 0 THEN NULL ELSE 'valid' END
            FROM generate_series(1, @Cases) AS i
            """,
    };
}
