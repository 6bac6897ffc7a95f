using ContactCenter.Server.Tests.Desk;
using ContactCenter.Server.Tests.Support;
using Microsoft.Playwright;

namespace ContactCenter.Server.Tests.Pages;

/// <summary>The supervisor wallboard in Debian's Chromium, with fixture S1 at gz.</summary>
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class WallboardPageTests
{
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task Start() => _browser = await BrowserSession.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    private static async Task SignInAsync(IPage page, string login)
    {
        await page.GotoAsync("/login.html?returnUrl=%2Fwallboard.html");
        await page.FillAsync("#loginName", login);
        await page.FillAsync("#password", DemoLogins.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/wallboard.html");
    }

    [Test]
    public async Task The_supervisor_watches_the_queue_fill_and_listens_to_the_seat_on_the_call()
    {
        await using var live = await LiveHarness.StartAsync();
        var page = await _browser.NewPageAsync(live.Server.Address);
        await SignInAsync(page, DemoLogins.SupervisorGuangzhou);

        var complaints = page.Locator("tr[data-queue='gz/complaints']");
        await Assertions.Expect(complaints.GetByTestId("waiting")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("site-link")).ToHaveTextAsync("线路正常");
        await Assertions.Expect(page.Locator("section.site")).ToHaveCountAsync(1);

        await live.Stage.PlayUntilAsync("Event: DialBegin");
        await Assertions.Expect(complaints.GetByTestId("waiting")).ToHaveTextAsync("1");
        var seat = page.Locator("tr[data-seat='agent-1001']");
        await Assertions.Expect(seat.GetByTestId("seat-state")).ToHaveTextAsync("振铃");

        await live.Stage.PlayUntilAsync("Event: AgentComplete");
        await Assertions.Expect(seat.GetByTestId("seat-state")).ToHaveTextAsync("通话中");
        await Assertions.Expect(complaints.GetByTestId("waiting")).ToHaveTextAsync("0");
        await page.GetByTestId("phone").FillAsync("9001");
        await seat.Locator("button[data-act=listen]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-result")).ToContainTextAsync("已执行：监听");
        Assert.That(live.Stage.Actions.Single(a => a.StartsWith("Action: Originate", StringComparison.Ordinal)),
            Does.Contain("Channel: PJSIP/9001|Application: ChanSpy|Data: PJSIP/1001-00000001,qE"));
        await BrowserSession.ScreenshotAsync(page, "wallboard-listen-zh");

        await live.Stage.PlayToEndAsync();
        await Assertions.Expect(complaints.GetByTestId("answered")).ToHaveTextAsync("1 / 1");
        await page.ClickAsync("#lang");
        await Assertions.Expect(seat.GetByTestId("seat-state")).ToHaveTextAsync("Logged out");
        await BrowserSession.ScreenshotAsync(page, "wallboard-en");
    }

    [Test]
    public async Task Each_site_badge_says_why_its_switch_link_is_down()
    {
        var live = await LiveHarness.StartAsync();
        try
        {
            var page = await _browser.NewPageAsync(live.Server.Address);
            await SignInAsync(page, DemoLogins.Admin);

            var gz = page.Locator("section.site[data-site='gz']").GetByTestId("site-link");
            var sh = page.Locator("section.site[data-site='sh']").GetByTestId("site-link");
            await Assertions.Expect(gz).ToHaveTextAsync("线路正常");
            await Assertions.Expect(sh).ToHaveTextAsync("该座席中心未接入电话系统", new() { Timeout = 10_000 });
            await Assertions.Expect(sh).ToHaveAttributeAsync("data-problem", "not-configured");

            // The site's Asterisk goes away: the badge and the alert say the switch cannot be reached.
            await live.Stage.DisposeAsync();
            await Assertions.Expect(gz).ToHaveTextAsync("交换机无法连接，正在重连", new() { Timeout = 15_000 });
            await Assertions.Expect(page.GetByTestId("alerts")).ToContainTextAsync("交换机无法连接");
            await BrowserSession.ScreenshotAsync(page, "wallboard-link-down-zh");
            await page.ClickAsync("#lang");
            await Assertions.Expect(gz).ToHaveTextAsync("Switch unreachable, reconnecting");
        }
        finally
        {
            await live.DisposeAsync();
        }
    }
}
