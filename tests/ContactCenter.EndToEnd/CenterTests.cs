using ContactCenter.EndToEnd.Support;

namespace ContactCenter.EndToEnd;

/// <summary>
/// One <see cref="CenterFixture"/> (two real Asterisk sites and the server) per test class; between tests every
/// phone, caller and desk connection is ended, and a failed test prints the tails of both Asterisk logs.
/// </summary>
[NonParallelizable]
public abstract class CenterTests
{
    protected CenterFixture Center { get; private set; } = null!;

    /// <summary>Extra server settings of this class's fixture.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>True when this class cuts the bridge's AMI links (<see cref="CenterFixture.AmiRelay"/>).</summary>
    protected virtual bool RelayAmi => false;

    [OneTimeSetUp]
    public async Task StartCenterAsync() => Center = await CenterFixture.StartAsync(Settings, RelayAmi);

    [OneTimeTearDown]
    public async Task StopCenterAsync()
    {
        if (Center is not null)
        {
            await Center.DisposeAsync();
        }
    }

    [TearDown]
    public async Task ResetCenterAsync()
    {
        if (Center is null)
        {
            return;
        }

        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(Center.Diagnostics());
        }

        await Center.ResetAsync();
    }
}
