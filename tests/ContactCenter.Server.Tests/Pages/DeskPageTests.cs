using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;
using ContactCenter.Server.Tests.Desk;
using ContactCenter.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ContactCenter.Server.Tests.Pages;

/// <summary>The agent desktop in Debian's Chromium, with fixture S1 ringing seat 1001 at gz.</summary>
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class DeskPageTests
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
        await page.GotoAsync("/login.html?returnUrl=%2Fdesk.html");
        await page.FillAsync("#loginName", login);
        await page.FillAsync("#password", DemoLogins.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/desk.html");
    }

    [Test]
    public async Task The_seat_sees_the_pop_while_it_rings_then_submits_the_wrap_up_in_chinese_and_english()
    {
        await using var live = await LiveHarness.StartAsync();
        var customer = (await live.Server.Services.GetRequiredService<CustomerQueries>().GetByIdAsync(1, CancellationToken.None).WaitAsync(LiveHarness.Timeout))!;
        var page = await _browser.NewPageAsync(live.Server.Address);
        await SignInAsync(page, DemoLogins.SeatGuangzhou);
        await Assertions.Expect(page.GetByTestId("link")).ToHaveTextAsync("已连接");
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("签出");

        await live.Stage.PlayUntilAsync("Event: DialBegin");
        await Assertions.Expect(page.GetByTestId("phase")).ToHaveTextAsync("来电振铃");
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("振铃");
        await Assertions.Expect(page.GetByTestId("pop-caller")).ToHaveTextAsync("138****5678");
        await Assertions.Expect(page.GetByTestId("customer-name")).ToHaveTextAsync(customer.Name);
        await Assertions.Expect(page.GetByTestId("policies")).ToContainTextAsync("300125");
        await Assertions.Expect(page.GetByTestId("ivr")).ToContainTextAsync("保单号: 300125");
        await Assertions.Expect(page.GetByTestId("ivr")).ToContainTextAsync("业务: 投诉建议");
        await Assertions.Expect(page.GetByTestId("ivr")).Not.ToContainTextAsync("complaint");
        await BrowserSession.ScreenshotAsync(page, "desk-pop-zh");

        await live.Stage.PlayUntilAsync("Event: AgentComplete");
        await Assertions.Expect(page.GetByTestId("phase")).ToHaveTextAsync("通话中");
        await live.Stage.PlayToEndAsync();
        await Assertions.Expect(page.GetByTestId("wrapup")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("register-complaint")).ToHaveAttributeAsync("href",
            "/complaints.html#register?callId=site-a-1795458297.0&customerId=1&policy=300125");
        await BrowserSession.ScreenshotAsync(page, "desk-wrapup-zh");

        // Without a code the wrap-up is refused on the page.
        await page.GetByTestId("wrapup-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("wrapup-message")).ToHaveTextAsync("必须选择小结代码");

        await page.ClickAsync("#lang");
        await Assertions.Expect(page.GetByTestId("phase")).ToHaveTextAsync("Wrap-up");
        await Assertions.Expect(page.GetByTestId("register-complaint")).ToHaveTextAsync("Register complaint");
        await Assertions.Expect(page.GetByTestId("ivr")).ToHaveTextAsync("Service: Complaint · Policy: 300125");
        await BrowserSession.ScreenshotAsync(page, "desk-wrapup-en");

        var contacts = live.Server.Services.GetRequiredService<ContactQueries>();
        await LiveHarness.Until(() => contacts.GetByCallIdAsync("site-a-1795458297.0", CancellationToken.None).Result is { Outcome: not null }, "the closed record");
        await page.GetByTestId("wrapup-code").SelectOptionAsync("投诉");
        await page.FillAsync("#notes", "理赔进度");
        await page.GetByTestId("wrapup-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("call")).ToBeHiddenAsync();
        var stored = await contacts.GetByCallIdAsync("site-a-1795458297.0", CancellationToken.None).WaitAsync(LiveHarness.Timeout);
        Assert.That((stored!.WrapUpCode, stored.Notes), Is.EqualTo(("投诉", "理赔进度")));
    }

    [Test]
    public async Task A_refresh_in_the_middle_of_a_call_brings_the_call_back()
    {
        await using var live = await LiveHarness.StartAsync();
        var page = await _browser.NewPageAsync(live.Server.Address);
        await SignInAsync(page, DemoLogins.SeatGuangzhou);
        await live.Stage.PlayUntilAsync("Event: AgentComplete");
        await Assertions.Expect(page.GetByTestId("phase")).ToHaveTextAsync("通话中");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("phase")).ToHaveTextAsync("通话中");
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("通话中");
        await Assertions.Expect(page.GetByTestId("pop-caller")).ToHaveTextAsync("138****5678");
        await Assertions.Expect(page.GetByTestId("talk-time")).Not.ToHaveTextAsync("—");
    }
}
