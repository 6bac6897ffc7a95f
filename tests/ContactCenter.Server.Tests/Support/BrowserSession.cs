using Microsoft.Playwright;
using ContactCenter.Testing;

namespace ContactCenter.Server.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright, headless. Never downloads a browser: the tests use
/// <c>/usr/bin/chromium</c> (CHROMIUM_PATH overrides), which <c>.ci/run</c> installs. Screenshots go to
/// <c>TestResults/screenshots/</c> and are attached to the test result.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    public static async Task<BrowserSession> StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            MissingDependency.Report($"Chromium not found at {ChromiumPath}; install Debian's chromium package (bash .ci/run does) or set CHROMIUM_PATH.");
        }

        var playwright = await Playwright.CreateAsync().WaitAsync(RunningServer.Timeout);
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        }).WaitAsync(RunningServer.Timeout);
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A fresh browser profile (own cookies and storage), 1366×768 like a seat's screen.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "zh-CN",
        }).WaitAsync(RunningServer.Timeout);
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync().WaitAsync(RunningServer.Timeout);
    }

    /// <summary>Saves a full-page screenshot as a test artifact and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "..", "..", "..", "..", "..", "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, $"{name}.png"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true }).WaitAsync(RunningServer.Timeout);
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
