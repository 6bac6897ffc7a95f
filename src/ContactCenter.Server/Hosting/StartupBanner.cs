using ContactCenter.Server.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Hosting;

/// <summary>Once the server listens, prints where to open it and, for a demo database, the demo logins.</summary>
public sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, IOptions<DemoOptions> demo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "(no address)";
        Console.WriteLine();
        Console.WriteLine($"ContactCenter is running: {url}");
        Console.WriteLine($"  API description: {url}/openapi/v1.json   health: {url}/health");
        if (demo.Value.SeedWhenEmpty)
        {
            Console.WriteLine($"  Demo logins (password {demo.Value.Password}):");
            Console.WriteLine("    seats        1001-1006 (广州), 2001-2006 (上海)");
            Console.WriteLine("    supervisors  super-gz (广州), super-sh (上海)");
            Console.WriteLine("    admin        admin");
        }

        Console.WriteLine("  Press Ctrl+C to stop.");
    }
}
