namespace ContactCenter.Testing;

/// <summary>
/// A test needs something this machine lacks (PostgreSQL via <c>CC_TEST_POSTGRES</c>, Debian's Chromium, espeak-ng
/// and sox). On a developer's machine the test is skipped with the reason. Under CI (<c>CI=true</c>, which
/// <c>.ci/run</c> sets after installing all of them) it fails, so a missing install step cannot hide behind a green run.
/// </summary>
public static class MissingDependency
{
    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Report(string reason)
    {
        if (InCi)
        {
            Assert.Fail($"{reason}. CI must provide it: check the install steps in .ci/run.");
        }

        throw new IgnoreException(reason);
    }
}
