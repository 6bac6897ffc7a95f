using Dapper;

namespace ContactCenter.Data.Tests.Contacts;

/// <summary>Migration 0006 (outcome 'failed') on a database that already holds contacts, their overflow hops and a survey.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class ContactOutcomeMigrationTests(string provider)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Existing_contacts_keep_their_rows_hops_and_surveys_and_failed_becomes_a_stored_outcome()
    {
        var scripts = Directory.CreateTempSubdirectory("cc-sql-").FullName;
        try
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "sql", provider);
            var folder = Directory.CreateDirectory(Path.Combine(scripts, provider)).FullName;
            foreach (var file in Directory.GetFiles(shipped, "*.sql").Where(f => string.CompareOrdinal(Path.GetFileName(f), "0006") < 0))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            await using var database = await TestDatabase.CreateAsync(provider, scripts);
            await database.MigratedAsync();
            await TestData.EnsureSitesAsync(database.Factory);
            const string Ended = "2026-11-23T10:00:00.000000Z";
            await using (var connection = await database.Factory.OpenAsync(CancellationToken.None).WaitAsync(Timeout))
            {
                await connection.ExecuteAsync(
                    "INSERT INTO contacts (call_id, direction, site_code, ended_at, outcome, version) VALUES ('c-old', 'inbound', 'gz', " + Stamp(Ended) + ", 'answered', 2)")
                    .WaitAsync(Timeout);
                await connection.ExecuteAsync(
                    "INSERT INTO contact_overflow_hops (call_id, seq, from_site, to_site, reason, decided_at) VALUES ('c-old', 1, 'gz', 'sh', 'waited-too-long', " + Stamp(Ended) + ")")
                    .WaitAsync(Timeout);
                await connection.ExecuteAsync(
                    "INSERT INTO survey_results (call_id, site_code, scale, score, status, recorded_at) VALUES ('c-old', 'gz', 5, 4, 'rated', " + Stamp(Ended) + ")")
                    .WaitAsync(Timeout);
            }

            File.Copy(Path.Combine(shipped, "0006_contact_outcome_failed.sql"), Path.Combine(folder, "0006_contact_outcome_failed.sql"));
            var report = await database.Runner().MigrateAsync(CancellationToken.None).WaitAsync(Timeout);

            await using var check = await database.Factory.OpenAsync(CancellationToken.None).WaitAsync(Timeout);
            await check.ExecuteAsync(
                "INSERT INTO contacts (call_id, direction, site_code, ended_at, outcome) VALUES ('c-cut', 'inbound', 'gz', " + Stamp(Ended) + ", 'failed')").WaitAsync(Timeout);
            var outcomes = (await check.QueryAsync<(string, string, int)>("SELECT call_id, outcome, version FROM contacts ORDER BY call_id").WaitAsync(Timeout)).ToList();
            var hops = await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM contact_overflow_hops WHERE call_id = 'c-old'").WaitAsync(Timeout);
            var surveys = await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM survey_results WHERE call_id = 'c-old'").WaitAsync(Timeout);

            Assert.Multiple(() =>
            {
                Assert.That(report.Applied, Is.EqualTo(new[] { "0006_contact_outcome_failed.sql" }));
                Assert.That(outcomes, Is.EqualTo(new[] { ("c-cut", "failed", 1), ("c-old", "answered", 2) }));
                Assert.That(hops, Is.EqualTo(1), "the hop survives the rebuild (its ON DELETE CASCADE must not run)");
                Assert.That(surveys, Is.EqualTo(1));
            });
        }
        finally
        {
            Directory.Delete(scripts, recursive: true);
        }
    }

    private string Stamp(string value) => provider == "postgres" ? $"'{value}'::timestamptz" : $"'{value}'";
}
