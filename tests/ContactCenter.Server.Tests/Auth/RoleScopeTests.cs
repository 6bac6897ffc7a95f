using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Auth;

/// <summary>The real host on a fresh SQLite file with the demo seed: each role signs in over HTTP and sees only its share.</summary>
[NonParallelizable]
public sealed class RoleScopeTests
{
    private static readonly TimeSpan Timeout = RunningServer.Timeout;
    private RunningServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await RunningServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Seat_sees_its_own_site_and_masked_customer_data_but_no_seat_list_or_full_values()
    {
        using var seat = await _server.SignInAsync(DemoLogins.SeatGuangzhou);

        var me = await GetJsonAsync(seat, "/api/me");
        Assert.That(me.GetProperty("role").GetString(), Is.EqualTo("seat"));
        Assert.That(me.GetProperty("siteCode").GetString(), Is.EqualTo("gz"));
        Assert.That(me.GetProperty("seatId").GetString(), Is.EqualTo("agent-1001"));
        Assert.That(me.GetProperty("home").GetString(), Is.EqualTo("/desk.html"));

        var sites = await GetJsonAsync(seat, "/api/sites");
        Assert.That(sites.EnumerateArray().Select(s => s.GetProperty("code").GetString()), Is.EqualTo(new[] { "gz" }));

        Assert.That(await StatusAsync(seat, HttpMethod.Get, "/api/sites/gz/seats"), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StatusAsync(seat, HttpMethod.Get, "/api/audit"), Is.EqualTo(HttpStatusCode.Forbidden));

        var customer = await GetJsonAsync(seat, "/api/customers/1");
        Assert.That(customer.GetProperty("mobile").GetString(), Is.EqualTo("138****5678"));
        Assert.That(customer.GetProperty("idNumber").GetString(), Does.Match(@"^\d{3}\*{11}[\dX]{4}$"));
        Assert.That(customer.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("policyNumber").GetString()), Does.Contain("300125"));

        using var reveal = await seat.PostAsJsonAsync("/api/customers/1/reveal", new { field = "mobile" }).WaitAsync(Timeout);
        Assert.That(reveal.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Supervisor_sees_own_site_and_its_seats_only_and_a_full_value_view_is_audited()
    {
        using var supervisor = await _server.SignInAsync(DemoLogins.SupervisorGuangzhou);

        var sites = await GetJsonAsync(supervisor, "/api/sites");
        var site = sites.EnumerateArray().Single();
        Assert.That(site.GetProperty("code").GetString(), Is.EqualTo("gz"));
        Assert.That(site.GetProperty("seatCount").GetInt32(), Is.EqualTo(6));
        Assert.That(site.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("displayName").GetString()),
            Is.EquivalentTo(new[] { "投诉", "理赔", "保单服务" }));

        var seats = await GetJsonAsync(supervisor, "/api/sites/gz/seats");
        Assert.That(seats.EnumerateArray().Select(s => s.GetProperty("extension").GetString()),
            Is.EquivalentTo(new[] { "1001", "1002", "1003", "1004", "1005", "1006" }));
        Assert.That(await StatusAsync(supervisor, HttpMethod.Get, "/api/sites/sh/seats"), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StatusAsync(supervisor, HttpMethod.Get, "/api/audit"), Is.EqualTo(HttpStatusCode.Forbidden));

        using var reveal = await supervisor.PostAsJsonAsync("/api/customers/1/reveal", new { field = "mobile" }).WaitAsync(Timeout);
        Assert.That(reveal.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var revealed = await reveal.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
        Assert.That(revealed.GetProperty("value").GetString(), Is.EqualTo("13812345678"));

        using var admin = await _server.SignInAsync(DemoLogins.Admin);
        var supervisorId = (await GetJsonAsync(supervisor, "/api/me")).GetProperty("id").GetInt32();
        var audit = await GetJsonAsync(admin, "/api/audit?entity=customer&entityId=1");
        var entry = audit.EnumerateArray().First(e => e.GetProperty("userId").GetInt32() == supervisorId);
        Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo("customer.view-full-mobile"));
        Assert.That(entry.GetProperty("detail").GetString(), Is.EqualTo("mobile"), "the audit names the field, never the value");
    }

    [Test]
    public async Task Admin_sees_both_sites_and_every_seat_list()
    {
        using var admin = await _server.SignInAsync(DemoLogins.Admin);
        var sites = await GetJsonAsync(admin, "/api/sites");
        Assert.That(sites.EnumerateArray().Select(s => s.GetProperty("name").GetString()), Is.EquivalentTo(new[] { "广州", "上海" }));
        var shanghai = await GetJsonAsync(admin, "/api/sites/sh/seats");
        Assert.That(shanghai.GetArrayLength(), Is.EqualTo(6));
    }

    [Test]
    public async Task Wrong_password_is_refused_without_a_cookie_and_the_api_then_answers_401()
    {
        using var client = _server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login = DemoLogins.SeatGuangzhou, password = "wrong-password" }).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        Assert.That(await StatusAsync(client, HttpMethod.Get, "/api/me"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await StatusAsync(client, HttpMethod.Get, "/api/customers/1"), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Sign_out_ends_the_session()
    {
        using var seat = await _server.SignInAsync(DemoLogins.SeatShanghai);
        Assert.That(await StatusAsync(seat, HttpMethod.Get, "/api/me"), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(seat, HttpMethod.Post, "/api/auth/logout"), Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await StatusAsync(seat, HttpMethod.Get, "/api/me"), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Health_pages_and_api_description_are_served()
    {
        using var client = _server.CreateClient();
        using var health = await client.GetAsync("/health").WaitAsync(Timeout);
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // From this machine the report lists every check. Degraded while the shipped business calendar is near its last
        // day (see CalendarHealthCheckTests); this server has no telephony site.
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync().WaitAsync(Timeout)).RootElement;
        var checks = report.GetProperty("checks");
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("status").GetString(), Is.AnyOf("Healthy", "Degraded"));
            Assert.That(checks.GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.GetProperty("calendar").GetProperty("status").GetString(), Is.AnyOf("Healthy", "Degraded"));
            Assert.That(checks.GetProperty("telephony").GetProperty("description").GetString(), Is.EqualTo("No telephony site is configured."));
        });

        using var login = await client.GetAsync("/login.html").WaitAsync(Timeout);
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var zh = await GetJsonAsync(client, "/i18n/zh-CN.json");
        var en = await GetJsonAsync(client, "/i18n/en.json");
        Assert.That(zh.GetProperty("nav.desk").GetString(), Is.EqualTo("坐席工作台"));
        Assert.That(en.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(zh.EnumerateObject().Select(p => p.Name)), "every zh-CN text has an English one");

        var openApi = await GetJsonAsync(client, "/openapi/v1.json");
        Assert.That(openApi.GetProperty("paths").TryGetProperty("/api/auth/login", out _), Is.True);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path).WaitAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Timeout);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await client.SendAsync(request).WaitAsync(Timeout);
        return response.StatusCode;
    }
}
