using ContactCenter.Server.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.Server.Tests.Pages;

/// <summary>The sign-in page and the page shell in a real Chromium, as a seat and a supervisor meet them.</summary>
[NonParallelizable]
public sealed class SignInPageTests
{
    private RunningServer _server = null!;
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await RunningServer.StartAsync();
        _browser = await BrowserSession.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Test]
    public async Task Seat_signs_in_in_chinese_and_lands_on_the_agent_desktop()
    {
        var page = await _browser.NewPageAsync(_server.Address);
        await page.GotoAsync("/desk.html");

        // Not signed in: the desktop sends the seat to the sign-in page, in Chinese by default.
        await page.WaitForURLAsync("**/login.html?returnUrl=%2Fdesk.html");
        await Assertions.Expect(page.Locator("button[type=submit]")).ToHaveTextAsync("登录");
        await BrowserSession.ScreenshotAsync(page, "signin-zh");

        await page.FillAsync("#loginName", DemoLogins.SeatGuangzhou);
        await page.FillAsync("#password", DemoLogins.Password);
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/desk.html");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("坐席工作台");
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("广州小雅 · 坐席 · 广州");
        // A seat's navigation has no wallboard.
        await Assertions.Expect(page.Locator("header nav a")).ToHaveTextAsync(["首页", "坐席工作台", "投诉台"]);
        await BrowserSession.ScreenshotAsync(page, "desk-shell-zh");
    }

    [Test]
    public async Task Wrong_password_shows_a_message_and_stays_on_the_page()
    {
        var page = await _browser.NewPageAsync(_server.Address);
        await page.GotoAsync("/login.html");
        await page.FillAsync("#loginName", DemoLogins.SeatGuangzhou);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("登录名或密码错误");
        Assert.That(page.Url, Does.EndWith("/login.html"));
    }

    [Test]
    public async Task Supervisor_switches_to_english_and_the_choice_is_kept()
    {
        var page = await _browser.NewPageAsync(_server.Address);
        await page.GotoAsync("/login.html");
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("button[type=submit]")).ToHaveTextAsync("Sign in");

        await page.FillAsync("#loginName", DemoLogins.SupervisorGuangzhou);
        await page.FillAsync("#password", DemoLogins.Password);
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/wallboard.html");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Wallboard");
        await Assertions.Expect(page.GetByTestId("who")).ToContainTextAsync("Supervisor");

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#sites tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#sites tbody tr td").First).ToHaveTextAsync("广州");
        await BrowserSession.ScreenshotAsync(page, "home-supervisor-en");

        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("#welcome")).ToHaveTextAsync("欢迎，广州班长");
    }

    [Test]
    public async Task A_seat_opening_the_wallboard_is_told_it_is_not_allowed()
    {
        var page = await _browser.NewPageAsync(_server.Address);
        await page.GotoAsync("/login.html?returnUrl=%2Fwallboard.html");
        await page.FillAsync("#loginName", DemoLogins.SeatShanghai);
        await page.FillAsync("#password", DemoLogins.Password);
        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/wallboard.html");
        await Assertions.Expect(page.Locator("main .error")).ToHaveTextAsync("您没有权限查看此页面");
    }
}
