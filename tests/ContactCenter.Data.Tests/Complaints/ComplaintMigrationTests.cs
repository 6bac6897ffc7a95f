using ContactCenter.Core.Complaints;
using ContactCenter.Data.Complaints;
using Dapper;

namespace ContactCenter.Data.Tests.Complaints;

/// <summary>Migration 0004 on a database that already holds cases (and a follow-up task pointing at one).</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class ComplaintMigrationTests(string provider)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Existing_cases_keep_their_rows_and_references_and_get_a_decision_deadline()
    {
        var scripts = Directory.CreateTempSubdirectory("cc-sql-").FullName;
        try
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "sql", provider);
            var folder = Directory.CreateDirectory(Path.Combine(scripts, provider)).FullName;
            foreach (var file in Directory.GetFiles(shipped, "*.sql").Where(f => string.CompareOrdinal(Path.GetFileName(f), "0004") < 0))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            await using var database = await TestDatabase.CreateAsync(provider, scripts);
            await database.MigratedAsync();
            await TestData.EnsureSitesAsync(database.Factory);
            // 16:30 UTC on 3 March is 00:30 on 4 March in China: the deadline counts from the China date.
            var received = new DateTimeOffset(2025, 3, 3, 16, 30, 0, TimeSpan.Zero);
            await using (var connection = await database.Factory.OpenAsync(CancellationToken.None).WaitAsync(Timeout))
            {
                await connection.ExecuteAsync(
                    "INSERT INTO cases (id, case_number, status, channel, subject, received_at, rule_set, branch, version) VALUES " +
                    "(7, 'TS-OLD-7', 'in-progress', 'phone', '理赔慢', @Received, 'cbirc-2020', '广东分公司', 3), " +
                    "(8, 'TS-OLD-8', 'closed', 'letter', '态度差', @Received, 'company', NULL, 1)",
                    new { Received = received }).WaitAsync(Timeout);
                await connection.ExecuteAsync(
                    "INSERT INTO campaigns (id, name, kind, home_site, window_start, window_end, max_attempts) VALUES (1, '投诉回访', 'complaint-resolution', 'gz', '09:00:00', '18:00:00', 3)")
                    .WaitAsync(Timeout);
                await connection.ExecuteAsync(
                    "INSERT INTO callback_tasks (campaign_id, phone, case_id, due_at, status) VALUES (1, '13800138000', 7, @Received, 'pending')",
                    new { Received = received }).WaitAsync(Timeout);
            }

            File.Copy(Path.Combine(shipped, "0004_complaint_lifecycle.sql"), Path.Combine(folder, "0004_complaint_lifecycle.sql"));
            var report = await database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout);

            var cases = new CaseQueries(database.Factory);
            var open = (await cases.GetByIdAsync(7, CancellationToken.None).WaitAsync(Timeout))!;
            var closed = (await cases.GetByIdAsync(8, CancellationToken.None).WaitAsync(Timeout))!;
            var due = await new CaseDeadlineQueries(database.Factory).ScanAsync(new DateOnly(2025, 12, 31), CancellationToken.None).WaitAsync(Timeout);
            await using var check = await database.Factory.OpenAsync(CancellationToken.None).WaitAsync(Timeout);
            var taskCase = await check.ExecuteScalarAsync<int>("SELECT case_id FROM callback_tasks").WaitAsync(Timeout);

            Assert.Multiple(() =>
            {
                Assert.That(report.Applied, Is.EqualTo(new[] { "0004_complaint_lifecycle.sql" }));
                Assert.That((open.CaseNumber, open.Status, open.Version, open.ClockStartedAt), Is.EqualTo(("TS-OLD-7", CaseStatus.InProgress, 3, received)));
                Assert.That(open.Deadlines.Decide, Is.EqualTo(new DateOnly(2025, 3, 19)));
                Assert.That((closed.Status, closed.MaterialComplete, closed.IsMajor, closed.ExtensionLevel), Is.EqualTo((CaseStatus.Closed, true, false, 0)));
                Assert.That(due.Select(d => (d.Id, d.NextDueOn, d.NextDueKind)), Is.EqualTo(new[] { (7, new DateOnly(2025, 3, 19), DueKind.Decide) }), "only the open case has a running deadline");
                Assert.That(taskCase, Is.EqualTo(7), "the follow-up task still points at its case");
            });
        }
        finally
        {
            Directory.Delete(scripts, recursive: true);
        }
    }
}
