using ContactCenter.Core.Callbacks;
using ContactCenter.Data.Campaigns;
using ContactCenter.Data.Customers;
using ContactCenter.Server.Tests.Callbacks;
using ContactCenter.Server.Tests.Desk;
using ContactCenter.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ContactCenter.Server.Tests.Pages;

/// <summary>The callback panel of the agent desktop in Debian's Chromium: preview claim, dial, checklist, result.</summary>
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class CallbackPageTests
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

    [Test]
    public async Task The_seat_takes_a_new_policy_callback_answers_the_chinese_checklist_and_a_no_opens_the_mis_selling_check()
    {
        await using var host = await CallbackHost.StartAsync();
        var campaign = await host.CampaignAsync(CampaignKind.NewPolicy, DialingMode.Preview, "agent-1001");
        var check = await host.CampaignAsync(CampaignKind.MisSellingCheck, DialingMode.Preview);
        var customers = host.Services.GetRequiredService<CustomerQueries>();
        var customer = (await customers.GetByIdAsync(1, CancellationToken.None).WaitAsync(CallbackHost.Timeout))!;
        var policy = (await customers.ListPoliciesAsync(1, CancellationToken.None).WaitAsync(CallbackHost.Timeout))[0];
        var now = host.Time.GetUtcNow();
        var tasks = host.Services.GetRequiredService<CallbackTaskQueries>();
        var taskId = await tasks.InsertAsync(new CallbackTask(0, campaign.Id, 1, customer.Mobile!, policy.PolicyNumber, null, now.AddMinutes(-1), now.AddDays(10),
            priority: 100), null, CancellationToken.None).WaitAsync(CallbackHost.Timeout);

        var page = await _browser.NewPageAsync(host.Address);
        await page.GotoAsync("/login.html?returnUrl=%2Fdesk.html");
        await page.FillAsync("#loginName", DemoLogins.SeatGuangzhou);
        await page.FillAsync("#password", DemoLogins.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/desk.html");

        await page.GetByTestId("cb-claim").ClickAsync();
        await Assertions.Expect(page.GetByTestId("cb-title")).ToContainTextAsync("新契约回访");
        await Assertions.Expect(page.GetByTestId("cb-policy")).ToContainTextAsync(policy.PolicyNumber);
        await Assertions.Expect(page.GetByTestId("cb-script")).ToContainTextAsync(policy.ProductName);
        await Assertions.Expect(page.GetByTestId("cb-item")).ToHaveCountAsync(CallbackScripts.NewPolicyChecklist.Count);
        await Assertions.Expect(page.GetByTestId("cb-item").First).ToContainTextAsync("您是否是投保人本人？");

        await page.GetByTestId("cb-dial").ClickAsync();
        await Assertions.Expect(page.Locator("#cbCall")).ToHaveTextAsync("正在呼叫客户，接通后转本座席");
        foreach (var item in CallbackScripts.NewPolicyChecklist)
        {
            await page.CheckAsync($"input[name='cb-{item.Code}'][value='{(item.Code == "knows-surrender-loss" ? "no" : "yes")}']");
        }

        await page.SelectOptionAsync("#cbResult", "reached");
        await page.FillAsync("#cbNotes", "客户不清楚犹豫期后退保的损失");
        var shot = await BrowserSession.ScreenshotAsync(page, "desk-callback-form-zh");
        TestContext.Out.WriteLine(shot);

        await page.GetByTestId("cb-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("cb-message")).ToContainTextAsync("回访结果已保存");
        await Assertions.Expect(page.GetByTestId("cb-message")).ToContainTextAsync("已生成欺诈性销售回访任务");
        await BrowserSession.ScreenshotAsync(page, "desk-callback-saved-zh");

        var stored = (await tasks.GetAsync(taskId, CancellationToken.None).WaitAsync(CallbackHost.Timeout))!;
        var attempt = (await tasks.ListAttemptsAsync(taskId, CancellationToken.None).WaitAsync(CallbackHost.Timeout)).Single();
        Assert.Multiple(() =>
        {
            Assert.That((stored.Status, stored.Result), Is.EqualTo((CallbackTaskStatus.Completed, (CallbackResult?)CallbackResult.Reached)));
            Assert.That(attempt.Answers, Does.Contain("\"knows-surrender-loss\":false"));
            Assert.That(attempt.Notes, Is.EqualTo("客户不清楚犹豫期后退保的损失"));
        });
        var followUps = await tasks.ListDueAsync(check.Id, host.Time.GetUtcNow().AddMinutes(1), 10, CancellationToken.None).WaitAsync(CallbackHost.Timeout);
        Assert.That(followUps.Select(f => f.PolicyNumber), Is.EqualTo(new[] { policy.PolicyNumber }));

        // The same panel in English.
        await page.EvaluateAsync("() => { localStorage.setItem('cc-lang', 'en'); }");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("cb-claim")).ToHaveTextAsync("Take a preview task");
    }
}
