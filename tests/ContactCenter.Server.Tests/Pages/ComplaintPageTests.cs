using ContactCenter.Core.Contacts;
using ContactCenter.Data.Contacts;
using ContactCenter.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ContactCenter.Server.Tests.Pages;

/// <summary>The complaint desk in a real Chromium: registration prefilled from a call, the case view with its steps, a refused step, the list and reports.</summary>
[NonParallelizable]
public sealed class ComplaintPageTests
{
    private const string CallId = "1741000000.77";
    private RunningServer _server = null!;
    private BrowserSession _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["Complaints:Watch:Interval"] = "1.00:00:00" });
        var call = Contact.StartInbound(CallId, "gz", "13812345678", DateTimeOffset.UtcNow.AddMinutes(-3));
        call.Identify(1, "300125");
        await _server.Services.GetRequiredService<ContactQueries>().InsertAsync(call, CancellationToken.None).WaitAsync(RunningServer.Timeout);
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
    public async Task A_seat_registers_a_complaint_from_the_call_it_just_took_and_a_supervisor_walks_it_on()
    {
        var seat = await SignedInAsync(DemoLogins.SeatGuangzhou);
        await seat.GotoAsync($"/complaints.html#register?callId={CallId}&customerId=1&policy=300125");

        var form = seat.Locator("#register-form");
        await Assertions.Expect(seat.Locator("#prefill-note")).ToContainTextAsync("已从来电带入：呼叫 1741000000.77，来电号码 138****5678，保单 300125");
        await Assertions.Expect(form.Locator("[name=complainantName]")).Not.ToHaveValueAsync(string.Empty);
        await Assertions.Expect(form.Locator("[name=channel]")).ToHaveValueAsync("phone");
        await Assertions.Expect(form.Locator("[name=subject]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^保单 300125 "));
        await form.Locator("[name=complainantPhone]").FillAsync("13812345678");
        await form.Locator("[name=request]").FillAsync("尽快支付理赔款");
        await form.Locator("[name=facts]").FillAsync("3月初提交理赔材料，至今未赔付，多次来电无答复");
        await BrowserSession.ScreenshotAsync(seat, "complaint-register-prefilled");
        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(seat.GetByTestId("case-status")).ToHaveTextAsync("已登记");
        await Assertions.Expect(seat.GetByTestId("complainant-phone")).ToHaveTextAsync("138****5678");
        await Assertions.Expect(seat.GetByTestId("next-due")).ToContainTextAsync("处理决定时限");
        await Assertions.Expect(seat.Locator("#timeline li")).ToHaveCountAsync(1);
        await BrowserSession.ScreenshotAsync(seat, "complaint-case-registered-seat");
        var caseUrl = new Uri(seat.Url).Fragment;

        var supervisor = await SignedInAsync(DemoLogins.SupervisorGuangzhou);
        await supervisor.GotoAsync("/complaints.html" + caseUrl);
        await StepAsync(supervisor, "accept");
        await Assertions.Expect(supervisor.GetByTestId("case-status")).ToHaveTextAsync("已受理");
        await supervisor.Locator("#steps button[data-step=assign-investigation]").ClickAsync();
        await supervisor.Locator("#stepform [name=unit]").FillAsync("广东分公司理赔部");
        await supervisor.Locator("#stepform button[type=submit]").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("case-status")).ToHaveTextAsync("调查中");

        // Deciding before the findings are recorded is refused, naming the article.
        await supervisor.Locator("#steps button[data-step=decide]").ClickAsync();
        await supervisor.Locator("#stepform [name=facts]").FillAsync("延迟赔付属实");
        await supervisor.Locator("#stepform [name=basis]").FillAsync("合同第12条");
        await supervisor.Locator("#stepform [name=remedies]").FillAsync("可申请复核、调解、仲裁或诉讼");
        await supervisor.Locator("#stepform button[type=submit]").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("problem")).ToContainTextAsync("操作不符合规定： CBIRC 2020 Art 19:");
        await Assertions.Expect(supervisor.GetByTestId("case-status")).ToHaveTextAsync("调查中");

        await supervisor.Locator(".reveal").First.ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("complainant-phone")).ToHaveTextAsync("13812345678");
        await Assertions.Expect(supervisor.Locator("#timeline li")).ToHaveCountAsync(3);
        await BrowserSession.ScreenshotAsync(supervisor, "complaint-case-refused-step-supervisor");

        await supervisor.GotoAsync("/complaints.html#list");
        await Assertions.Expect(supervisor.Locator("#cases tbody tr")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(supervisor.Locator("#report-table tbody tr.total")).ToHaveCountAsync(1);
        await Assertions.Expect(supervisor.Locator("#chart-volume rect")).Not.ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(supervisor, "complaint-desk-supervisor");
    }

    [Test]
    public async Task A_registration_missing_the_facts_shows_the_article_it_breaks()
    {
        var seat = await SignedInAsync(DemoLogins.SeatShanghai);
        await seat.GotoAsync("/complaints.html#register");
        var form = seat.Locator("#register-form");
        await form.Locator("[name=channel]").SelectOptionAsync("letter");
        await form.Locator("[name=subject]").FillAsync("退保金额有误");
        await form.Locator("[name=complainantName]").FillAsync("赵六");
        await form.Locator("[name=request]").FillAsync("按合同退还现金价值");
        await form.Locator("[name=facts]").FillAsync("退保时被多扣手续费");
        await form.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(seat.GetByTestId("problem")).ToContainTextAsync("CBIRC 2020 Art 13: a complainant who is not a known customer gives a phone, email or address");
        await BrowserSession.ScreenshotAsync(seat, "complaint-register-refused");
    }

    private async Task<IPage> SignedInAsync(string login)
    {
        var page = await _browser.NewPageAsync(_server.Address);
        // Straight to the complaint desk, not the role's home page (the desktop would open its own live connection).
        await page.GotoAsync("/login.html?returnUrl=%2Fcomplaints.html");
        await page.FillAsync("#loginName", login);
        await page.FillAsync("#password", DemoLogins.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/complaints.html");
        return page;
    }

    private static async Task StepAsync(IPage page, string step)
    {
        await page.Locator($"#steps button[data-step={step}]").ClickAsync();
        await page.Locator("#stepform button[type=submit]").ClickAsync();
    }
}
