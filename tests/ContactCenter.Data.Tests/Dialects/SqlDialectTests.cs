using ContactCenter.Data.Dialects;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ContactCenter.Data.Tests.Dialects;

public sealed class SqlDialectTests
{
    private static readonly string[] Key = ["call_id"];
    private static readonly string[] Others = ["seat_id", "score", "recorded_at"];

    [Test]
    public void Sql_server_statements_built_by_the_dialect_are_valid_T_SQL()
    {
        var dialect = SqlDialect.For(DatabaseProvider.SqlServer);
        string[] statements =
        [
            dialect.Upsert("survey_results", Key, Others),
            dialect.Upsert("survey_results", Key, []),
            dialect.InsertReturningId("users", ["login", "display_name"], "id"),
            "SELECT id FROM audit_log ORDER BY at DESC" + dialect.Page("@Skip", "@Take"),
            "SELECT id FROM customers ORDER BY id" + dialect.Limit("@Take"),
            "SELECT id FROM callback_tasks" + dialect.SkipLockedTableHint + " WHERE status = 'pending'",
            dialect.CreateMigrationsTableSql,
            dialect.AcquireMigrationLockSql!,
            dialect.ReleaseMigrationLockSql!,
        ];
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);

        foreach (var sql in statements)
        {
            using var reader = new StringReader(sql);
            parser.Parse(reader, out var errors);
            Assert.That(errors.Select(e => $"{sql}: {e.Message}"), Is.Empty);
        }
    }

    [Test]
    public void Column_names_become_pascal_case_parameters()
    {
        Assert.That(SqlDialect.Parameter("overflow_max_waiting_per_seat"), Is.EqualTo("@OverflowMaxWaitingPerSeat"));
        Assert.That(SqlDialect.Parameter("phone2"), Is.EqualTo("@Phone2"));
    }

    [Test]
    public void Postgres_and_sqlite_upserts_update_from_the_excluded_row()
    {
        var sql = SqlDialect.For(DatabaseProvider.Postgres).Upsert("survey_results", Key, Others);

        Assert.That(sql, Is.EqualTo(
            "INSERT INTO survey_results (call_id, seat_id, score, recorded_at) VALUES (@CallId, @SeatId, @Score, @RecordedAt) " +
            "ON CONFLICT (call_id) DO UPDATE SET seat_id = excluded.seat_id, score = excluded.score, recorded_at = excluded.recorded_at"));
    }
}
