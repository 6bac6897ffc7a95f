using System.Diagnostics;
using System.Net;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Hosting;

/// <summary>Start-up as an operator meets it: the real server process, its exit code and what it prints.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Unknown_database_provider_stops_start_up_with_one_clear_line()
    {
        var (exit, output) = await RunServerAsync("--Database:Provider=Oracle");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("ContactCenter cannot start: Database:Provider 'Oracle' is not supported"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task Unreachable_postgres_stops_start_up_with_one_clear_line()
    {
        // Port 9 on loopback (discard) has no PostgreSQL behind it.
        var (exit, output) = await RunServerAsync("--Database:Provider=Postgres", "--Database:ConnectionString=Host=127.0.0.1;Port=9;Username=cc;Password=x;Timeout=3");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("ContactCenter cannot start:"));
        Assert.That(output, Does.Contain("127.0.0.1"));
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task Unusable_sqlite_path_stops_start_up_with_one_clear_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            // A regular file where the database folder should be.
            var (exit, output) = await RunServerAsync($"--Database:ConnectionString=Data Source={file}/sub/contactcenter.db");
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Contain("ContactCenter cannot start:"));
            Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_second_start_on_the_same_database_keeps_the_data_and_does_not_seed_again()
    {
        var directory = Directory.CreateTempSubdirectory("cc-restart-").FullName;
        await using (var first = await RunningServer.StartAsync(directory: directory))
        {
            using var admin = await first.SignInAsync(DemoLogins.Admin);
            using var response = await admin.GetAsync("/api/customers/300").WaitAsync(Timeout);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await first.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var second = await RunningServer.StartAsync(directory: directory);
            using var again = await second.SignInAsync(DemoLogins.Admin);
            using var kept = await again.GetAsync("/api/customers/300").WaitAsync(Timeout);
            using var notDoubled = await again.GetAsync("/api/customers/301").WaitAsync(Timeout);
            Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(notDoubled.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    private static async Task<(int ExitCode, string Output)> RunServerAsync(params string[] args)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "ContactCenter.Server.dll");
        var directory = Directory.CreateTempSubdirectory("cc-start-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(server);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        Directory.Delete(directory, recursive: true);
        return (process.ExitCode, output);
    }
}
