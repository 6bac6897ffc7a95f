using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContactCenter.Core.Contacts;
using ContactCenter.Data;
using ContactCenter.Data.Audit;
using ContactCenter.Data.Contacts;
using ContactCenter.Scheduling.Complaints;
using ContactCenter.Server.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Complaints;

/// <summary>The complaint API over HTTP against the real host (temp SQLite, demo seed, CBIRC 2020 rules).</summary>
[NonParallelizable]
public sealed class ComplaintApiTests
{
    private static readonly TimeSpan Timeout = RunningServer.Timeout;
    private RunningServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await RunningServer.StartAsync(new Dictionary<string, string?>
    {
        // The watch runs when a test asks; its schedule stays out of the way.
        ["Complaints:Watch:Interval"] = "1.00:00:00",
    });

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task A_hotline_complaint_walks_through_cbirc_from_registration_to_closure()
    {
        using var seat = await _server.SignInAsync(DemoLogins.SeatGuangzhou);
        using var supervisor = await _server.SignInAsync(DemoLogins.SupervisorGuangzhou);
        var registered = await RegisterAsync(seat, "13912345678");
        var id = registered.GetProperty("case").GetProperty("id").GetInt32();
        var me = await MeAsync(supervisor);

        var accepted = await StepAsync(supervisor, id, "accept", new { version = 1 });
        var stale = await supervisor.PostAsJsonAsync($"/api/complaints/{id}/accept", new { version = 1 }).WaitAsync(Timeout);
        var staleProblem = await ProblemAsync(stale);
        await StepAsync(supervisor, id, "assign-investigation", new { version = 2, unit = "广东分公司理赔部", userId = me });
        var early = await supervisor.PostAsJsonAsync($"/api/complaints/{id}/close", new { version = 3, validity = "valid", cause = "claims", unit = "理赔部" }).WaitAsync(Timeout);
        var earlyProblem = await ProblemAsync(early);
        await StepAsync(supervisor, id, "record-investigation", new { version = 3, text = "材料齐全后超期未赔付属实" });
        await StepAsync(supervisor, id, "decide", new { version = 4, facts = "延迟赔付属实", basis = "合同第12条", remedies = "可申请复核、调解、仲裁或诉讼" });
        await StepAsync(supervisor, id, "deliver-notice", new { version = 5, noticeMethod = "sms", proof = "sms-20250301-01" });
        var closed = await StepAsync(supervisor, id, "close", new { version = 6, validity = "valid", cause = "claims", unit = "广东分公司理赔部" });
        var callbackTasks = await CountResolutionCallbacksAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(registered.GetProperty("case").GetProperty("status").GetString(), Is.EqualTo("registered"));
            Assert.That(accepted.GetProperty("version").GetInt32(), Is.EqualTo(2));
            Assert.That((stale.StatusCode, staleProblem.Title), Is.EqualTo((HttpStatusCode.Conflict, "complaint.stale")));
            Assert.That(staleProblem.Detail, Does.Contain("was changed by someone else"));
            Assert.That((early.StatusCode, earlyProblem.Title), Is.EqualTo((HttpStatusCode.Conflict, "complaint.rule")));
            Assert.That(earlyProblem.Detail, Does.StartWith("CBIRC 2020 Art 18: a complaint is closed after it is accepted, investigated and decided"));
            Assert.That(closed.GetProperty("status").GetString(), Is.EqualTo("closed"));
            Assert.That(closed.GetProperty("cause").GetString(), Is.EqualTo("claims"));
            Assert.That(closed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[]
            {
                "registered", "accepted", "investigation-assigned", "investigation-recorded", "decided", "notice-delivered", "closed",
            }));
            Assert.That(closed.GetProperty("deadlines").GetProperty("colour").GetString(), Is.EqualTo("none"));
            Assert.That(callbackTasks, Is.EqualTo(1), "closing books one complaint-resolution callback (投诉处理回访) in the demo campaign");
        });
    }

    [Test]
    public async Task Phones_are_masked_a_supervisor_reveal_is_audited_and_other_sites_do_not_see_the_case()
    {
        using var seat = await _server.SignInAsync(DemoLogins.SeatGuangzhou);
        using var supervisor = await _server.SignInAsync(DemoLogins.SupervisorGuangzhou);
        using var otherSite = await _server.SignInAsync(DemoLogins.SupervisorShanghai);
        using var otherSeat = await _server.SignInAsync(DemoLogins.SeatShanghai);
        using var admin = await _server.SignInAsync(DemoLogins.Admin);
        var id = (await RegisterAsync(seat, "13900001111")).GetProperty("case").GetProperty("id").GetInt32();

        var seen = await GetJsonAsync(seat, $"/api/complaints/{id}");
        using var seatReveal = await seat.PostAsJsonAsync($"/api/complaints/{id}/reveal", new { field = "complainant-phone" }).WaitAsync(Timeout);
        using var reveal = await supervisor.PostAsJsonAsync($"/api/complaints/{id}/reveal", new { field = "complainant-phone" }).WaitAsync(Timeout);
        var revealed = await reveal.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
        using var shanghai = await otherSite.GetAsync($"/api/complaints/{id}").WaitAsync(Timeout);
        using var shanghaiSeat = await otherSeat.GetAsync($"/api/complaints/{id}").WaitAsync(Timeout);
        using var all = await admin.GetAsync($"/api/complaints/{id}").WaitAsync(Timeout);
        var audit = await _server.Services.GetRequiredService<AuditLog>()
            .QueryAsync(new AuditQuery(Entity: "case", EntityId: id.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("complainant").GetProperty("phone").GetString(), Is.EqualTo("139****1111"));
            Assert.That(seen.GetProperty("canReveal").GetBoolean(), Is.False);
            Assert.That(seatReveal.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(revealed.GetProperty("value").GetString(), Is.EqualTo("13900001111"));
            Assert.That((shanghai.StatusCode, shanghaiSeat.StatusCode, all.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK)));
            Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "case.view-full-phone", "case.create" }));
            Assert.That(audit.All(a => a.Detail?.Contains("13900001111", StringComparison.Ordinal) != true), Is.True, "no full value in the audit log");
        });
    }

    [Test]
    public async Task Registration_from_a_call_is_prefilled_and_a_repeat_is_offered_for_merging()
    {
        var call = Contact.StartInbound("1741000000.42", "gz", "13812345678", DateTimeOffset.UtcNow.AddMinutes(-5));
        call.Identify(1, "300125");
        await _server.Services.GetRequiredService<ContactQueries>().InsertAsync(call, CancellationToken.None).WaitAsync(Timeout);
        using var seat = await _server.SignInAsync(DemoLogins.SeatGuangzhou);

        var prefill = await GetJsonAsync(seat, "/api/complaints/prefill?callId=1741000000.42");
        var body = new
        {
            channel = "phone", callId = "1741000000.42", customerId = 1, complainantName = prefill.GetProperty("complainantName").GetString(),
            subject = "保单 300125 理赔慢", request = "尽快赔付", facts = "报案两周无人联系",
            branch = prefill.GetProperty("branch").GetString(), productLine = prefill.GetProperty("productLine").GetString(),
        };
        using var first = await seat.PostAsJsonAsync("/api/complaints", body).WaitAsync(Timeout);
        using var second = await seat.PostAsJsonAsync("/api/complaints", body).WaitAsync(Timeout);
        var firstCase = (await first.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout)).GetProperty("case");
        var repeat = await second.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
        var repeatId = repeat.GetProperty("case").GetProperty("id").GetInt32();
        var merged = await StepAsync(seat, repeatId, "merge", new { version = 1, survivorId = firstCase.GetProperty("id").GetInt32(), newFacts = false });

        Assert.Multiple(() =>
        {
            Assert.That(prefill.GetProperty("customerId").GetInt32(), Is.EqualTo(1));
            Assert.That(prefill.GetProperty("policyNumber").GetString(), Is.EqualTo("300125"));
            Assert.That(prefill.GetProperty("maskedPhone").GetString(), Is.EqualTo("138****5678"));
            Assert.That((first.StatusCode, firstCase.GetProperty("callId").GetString()), Is.EqualTo((HttpStatusCode.Created, "1741000000.42")));
            Assert.That(repeat.GetProperty("duplicates").EnumerateArray().Select(d => (d.GetProperty("id").GetInt32(), d.GetProperty("kind").GetString())),
                Is.EqualTo(new[] { (firstCase.GetProperty("id").GetInt32(), "in-handling") }));
            Assert.That((merged.GetProperty("status").GetString(), merged.GetProperty("mergedIntoCaseId").GetInt32()), Is.EqualTo(("merged", firstCase.GetProperty("id").GetInt32())));
        });
    }

    [Test]
    public async Task A_registration_missing_art_13_fields_is_refused_naming_the_article()
    {
        using var seat = await _server.SignInAsync(DemoLogins.SeatGuangzhou);
        using var response = await seat.PostAsJsonAsync("/api/complaints", new { channel = "letter", complainantName = "赵六", subject = "退保", request = "全额退保" }).WaitAsync(Timeout);
        var problem = await ProblemAsync(response);

        Assert.That((response.StatusCode, problem.Title), Is.EqualTo((HttpStatusCode.Conflict, "complaint.rule")));
        Assert.That(problem.Detail, Does.StartWith("CBIRC 2020 Art 13:"));
    }

    [Test]
    public async Task A_missed_deadline_is_escalated_once_and_pushed_to_the_owner()
    {
        var (client, cookies) = await SignInWithCookiesAsync(DemoLogins.SeatGuangzhou);
        using (client)
        {
            var old = DateTimeOffset.UtcNow.AddDays(-20);
            await RegisterAsync(client, "13700002222", old);
            var received = new List<JsonElement>();
            await using var hub = new HubConnectionBuilder().WithUrl(new Uri(_server.Address, "/hubs/notifications"), o => o.Cookies = cookies).Build();
            hub.On<JsonElement>("Notify", n =>
            {
                lock (received)
                {
                    received.Add(n);
                }
            });
            await hub.StartAsync().WaitAsync(Timeout);
            var watch = _server.Services.GetRequiredService<ComplaintDeadlineWatch>();

            var first = await watch.RunAsync(CancellationToken.None).WaitAsync(Timeout);
            var second = await watch.RunAsync(CancellationToken.None).WaitAsync(Timeout);
            var deadline = DateTime.UtcNow + Timeout;
            while (received.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.That(first.Escalated, Is.GreaterThanOrEqualTo(1));
            Assert.That(second.Escalated, Is.Zero, "once, not every tick");
            Assert.That(received.Select(n => n.GetProperty("kind").GetString()), Does.Contain("deadline-missed"));
        }
    }

    [Test]
    public async Task Reports_export_csv_with_a_byte_order_mark_and_imports_list_refused_lines()
    {
        using var supervisor = await _server.SignInAsync(DemoLogins.SupervisorGuangzhou);
        using var seat = await _server.SignInAsync(DemoLogins.SeatGuangzhou);
        using var import = await supervisor.PostAsync("/api/complaints/volume-bases",
            new StringContent("branch,period,premium,policies\n广东分公司,2025-Q1,300000000,60000\n上海分公司,2025-Q9,1,1\n", Encoding.UTF8, "text/csv")).WaitAsync(Timeout);
        var imported = await import.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
        using var csv = await supervisor.GetAsync("/api/complaints/reports.csv?dimension=branch&period=2025-Q1").WaitAsync(Timeout);
        var bytes = await csv.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);
        using var seatReport = await seat.GetAsync("/api/complaints/reports?period=2025").WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(imported.GetProperty("imported").GetInt32(), Is.EqualTo(1));
            Assert.That(imported.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()), Is.EqualTo(new[] { 3 }));
            Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.That(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), Does.StartWith("维度,投诉量,去年同期,同比,应办结,按时办结,投诉处理及时率"));
            Assert.That(seatReport.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    private sealed record Problem(string? Title, string? Detail);

    private static async Task<Problem> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<Problem>().WaitAsync(Timeout))!;

    private async Task<(HttpClient, CookieContainer)> SignInWithCookiesAsync(string login)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = _server.Address, Timeout = Timeout };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password = DemoLogins.Password }).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (client, cookies);
    }

    private async Task<int> CountResolutionCallbacksAsync(int caseId)
    {
        var db = _server.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync(CancellationToken.None).WaitAsync(Timeout);
        return await connection.ExecuteScalarAsync<int>(
            """
            SELECT COUNT(*) FROM callback_tasks t JOIN campaigns c ON c.id = t.campaign_id
            WHERE t.case_id = @CaseId AND c.kind = 'complaint-resolution'
            """, new { CaseId = caseId }).WaitAsync(Timeout);
    }

    private static async Task<int> MeAsync(HttpClient client) => (await GetJsonAsync(client, "/api/me")).GetProperty("id").GetInt32();

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
    }

    private static async Task<JsonElement> RegisterAsync(HttpClient client, string phone, DateTimeOffset? receivedAt = null)
    {
        using var response = await client.PostAsJsonAsync("/api/complaints", new
        {
            channel = "phone", receivedAt, complainantName = "张三", complainantPhone = phone, subject = "理赔款迟迟未到账 " + phone,
            request = "尽快支付理赔款", facts = "3月初提交材料后至今未赔付", branch = "广东分公司", productLine = "health",
        }).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
    }

    private static async Task<JsonElement> StepAsync(HttpClient client, int id, string step, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/complaints/{id}/{step}", body).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{step}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
    }
}
