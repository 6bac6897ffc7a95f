using System.Net.Sockets;
using System.Text;
using ContactCenter.Telephony.Agi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Tests.Agi;

public class FastAgiHostingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task AddFastAgi_serves_the_scripts_mapped_in_the_router_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FastAgi:ListenAddress"] = "127.0.0.1",
            ["FastAgi:Port"] = "0",
        });
        builder.AddFastAgi().AddFastAgi();
        using var host = builder.Build();
        host.Services.GetRequiredService<AgiScriptRouter>().Map("hello", (session, token) => session.VerboseAsync("hello", 1, token));
        await host.StartAsync().WaitAsync(Timeout);
        var server = host.Services.GetRequiredService<FastAgiServer>();

        using var peer = new TcpClient();
        await peer.ConnectAsync(server.LocalEndPoint).WaitAsync(Timeout);
        var stream = peer.GetStream();
        await stream.WriteAsync("agi_network: yes\nagi_network_script: hello\n\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var command = new byte["VERBOSE \"hello\" 1\n".Length];
        await stream.ReadExactlyAsync(command).AsTask().WaitAsync(Timeout);
        await stream.WriteAsync("200 result=1\n"u8.ToArray()).AsTask().WaitAsync(Timeout);
        var end = await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(Timeout);
        await host.StopAsync().WaitAsync(Timeout);

        Assert.That(Encoding.ASCII.GetString(command), Is.EqualTo("VERBOSE \"hello\" 1\n"));
        Assert.That(end, Is.Zero, "the server half-closes when the script ends");
        Assert.That(host.Services.GetServices<IHostedService>().Count(s => s is FastAgiServer), Is.EqualTo(1), "registered once");
        Assert.That(server.AcceptedSessions, Is.EqualTo(1));
    }

    [Test]
    public void A_bad_FastAgi_section_stops_the_start_with_every_error()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FastAgi:ListenAddress"] = "agi.example",
            ["FastAgi:Port"] = "70000",
        });
        builder.AddFastAgi();
        using var host = builder.Build();

        Assert.That(async () => await host.StartAsync().WaitAsync(Timeout),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("ListenAddress").And.Message.Contains("Port"));
    }
}
