using ContactCenter.Telephony.Bridge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContactCenter.Telephony.Tests.Bridge;

[CancelAfter(30_000)]
public sealed class TelephonyHostingTests
{
    [Test]
    public async Task With_no_sites_the_host_starts_and_stops_cleanly()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddContactCenterTelephony();
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var bridge = host.Services.GetRequiredService<TelephonyBridge>();
        Assert.That(bridge.SiteCodes, Is.Empty);
        Assert.That(host.Services.GetRequiredService<IContactRecordSink>(), Is.InstanceOf<NullContactRecordSink>());
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public void Invalid_site_settings_fail_start_up_naming_each_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telephony:Sites:0:Code"] = "GZ",
            ["Telephony:Sites:0:AmiHost"] = "10.0.0.1",
            ["Telephony:Sites:0:AmiUsername"] = "cc-bridge",
            ["Telephony:Sites:0:AmiSecret"] = "CHANGE_ME_AMI_SECRET_GZ",
            ["Telephony:Sites:0:WrapUpSeconds"] = "-1",
        });
        builder.AddContactCenterTelephony();
        using var host = builder.Build();
        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(error!.Failures, Has.Some.Contains("Telephony:Sites:0:Code").And.Some.Contains("CHANGE_ME").And.Some.Contains("WrapUpSeconds"));
    }
}
