using System.Net;
using System.Net.Sockets;
using ContactCenter.Data.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContactCenter.Data.Tests;

/// <summary>Start-up through <see cref="DataHostingExtensions"/>: bad configuration gives one clear sentence.</summary>
public sealed class DataHostingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private string _folder = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "cc-host-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_sqlite_file_in_a_missing_folder_is_created_and_migrated()
    {
        var file = Path.Combine(_folder, "data", "nested", "cc.db");
        using var host = Build(("Database:ConnectionString", $"Data Source={file}"));

        var report = await host.Services.MigrateContactCenterDatabaseAsync(CancellationToken.None).WaitAsync(Timeout);
        var users = host.Services.GetRequiredService<UserQueries>();

        Assert.That(File.Exists(file), Is.True);
        Assert.That(report.Applied, Does.Contain("0001_initial.sql"));
        Assert.That(await users.GetByLoginAsync("nobody", CancellationToken.None).WaitAsync(Timeout), Is.Null);
    }

    [Test]
    public void An_unknown_provider_is_one_clear_sentence()
    {
        using var host = Build(("Database:Provider", "mysql"));

        var error = Assert.ThrowsAsync<DatabaseStartupException>(() => host.Services.MigrateContactCenterDatabaseAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Message, Is.EqualTo("Database:Provider 'mysql' is not supported; use Sqlite, Postgres or SqlServer."));
    }

    [Test]
    public void An_unreachable_postgres_names_host_port_and_the_setting()
    {
        var port = ClosedPort();
        using var host = Build(("Database:Provider", "Postgres"), ("Database:ConnectionString", $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=5"));

        var error = Assert.ThrowsAsync<DatabaseStartupException>(() => host.Services.MigrateContactCenterDatabaseAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Message, Is.EqualTo($"Cannot reach PostgreSQL at 127.0.0.1:{port}: connection refused. Check Database:ConnectionString."));
    }

    [Test]
    public void A_sqlite_path_under_a_file_is_one_clear_sentence()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "x");
        using var host = Build(("Database:ConnectionString", $"Data Source={Path.Combine(blocker, "cc.db")}"));

        var error = Assert.ThrowsAsync<DatabaseStartupException>(() => host.Services.MigrateContactCenterDatabaseAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.StartWith($"Cannot create the folder of the SQLite database '{Path.Combine(blocker, "cc.db")}'"));
        Assert.That(error.Message, Does.EndWith("Check Database:ConnectionString."));
    }

    [Test]
    public void A_malformed_connection_string_is_reported_as_invalid_configuration()
    {
        using var host = Build(("Database:Provider", "Postgres"), ("Database:ConnectionString", "Sever=db;Port=5432"));

        var error = Assert.ThrowsAsync<DatabaseStartupException>(() => host.Services.MigrateContactCenterDatabaseAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.StartWith("Database configuration is invalid: Database:ConnectionString is not a valid Postgres connection string:"));
    }

    [Test]
    public void An_in_memory_sqlite_database_is_refused()
    {
        using var host = Build(("Database:ConnectionString", "Data Source=:memory:"));

        var error = Assert.ThrowsAsync<DatabaseStartupException>(() => host.Services.MigrateContactCenterDatabaseAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("must name a SQLite file"));
    }

    private static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddContactCenterData();
        return builder.Build();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
