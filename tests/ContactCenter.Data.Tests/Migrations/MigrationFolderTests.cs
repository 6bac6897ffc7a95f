using ContactCenter.Data.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ContactCenter.Data.Tests.Migrations;

/// <summary>Checks on the shipped script files themselves (no database needed).</summary>
public sealed class MigrationFolderTests
{
    private static readonly string[] ExpectedBatches = ["CREATE TABLE a (id int);", "CREATE TABLE b (id int);"];
    private static readonly string SqlFolder = Path.Combine(AppContext.BaseDirectory, "sql");

    [Test]
    public void Every_dialect_has_the_same_migration_numbers()
    {
        var sqlite = Versions("sqlite");
        var postgres = Versions("postgres");
        var sqlServer = Versions("sqlserver");

        Assert.That(sqlite, Is.Not.Empty);
        Assert.That(postgres, Is.EqualTo(sqlite), "postgres vs sqlite");
        Assert.That(sqlServer, Is.EqualTo(sqlite), "sqlserver vs sqlite");
    }

    [Test]
    public void Sql_server_scripts_parse_as_T_SQL_160()
    {
        var scripts = MigrationScript.LoadFolder(Path.Combine(SqlFolder, "sqlserver"), splitOnGo: true);
        Assert.That(scripts, Is.Not.Empty);
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        foreach (var script in scripts)
        {
            for (var i = 0; i < script.Batches.Count; i++)
            {
                using var reader = new StringReader(script.Batches[i]);
                parser.Parse(reader, out var errors);
                Assert.That(
                    errors.Select(e => $"{script.FileName} batch {i + 1} line {e.Line}: {e.Message}"),
                    Is.Empty);
            }
        }
    }

    [Test]
    public void A_syntax_error_is_caught_by_the_T_SQL_parser()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader("CREATE TABLE t (id int NOT NULL PRIMARY KEY,, name nvarchar(10))");
        parser.Parse(reader, out var errors);
        Assert.That(errors, Is.Not.Empty);
    }

    [Test]
    public void Go_lines_split_batches_and_are_not_part_of_them()
    {
        var script = MigrationScript.Parse(1, "x", "0001_x.sql", "CREATE TABLE a (id int);\r\nGO\r\n  go -- next\nCREATE TABLE b (id int);\nGO\n", splitOnGo: true);

        Assert.That(script.Batches.Select(b => b.Trim()), Is.EqualTo(ExpectedBatches));
    }

    [Test]
    public void Line_endings_and_a_byte_order_mark_do_not_change_the_checksum()
    {
        var lf = MigrationScript.Parse(1, "x", "0001_x.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n", splitOnGo: false);
        var crlf = MigrationScript.Parse(1, "x", "0001_x.sql", "\uFEFFCREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n", splitOnGo: false);
        var edited = MigrationScript.Parse(1, "x", "0001_x.sql", "CREATE TABLE a (id bigint);\nCREATE TABLE b (id int);\n", splitOnGo: false);

        Assert.That(crlf.Checksum, Is.EqualTo(lf.Checksum));
        Assert.That(edited.Checksum, Is.Not.EqualTo(lf.Checksum));
        Assert.That(lf.Checksum, Has.Length.EqualTo(64));
    }

    private static int[] Versions(string dialect) =>
        MigrationScript.LoadFolder(Path.Combine(SqlFolder, dialect), splitOnGo: dialect == "sqlserver").Select(s => s.Version).ToArray();
}
