using System.Net;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Surveys;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;
using ContactCenter.Data.Surveys;
using ContactCenter.Server.Ivr;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Telephony.Agi;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Ivr;

/// <summary>
/// The real server host (demo seed on SQLite, no Asterisk) with a caller on a FastAGI connection driving the shipped
/// flows; the results are read back from the database.
/// </summary>
[NonParallelizable]
public sealed class IvrInServerTests
{
    private const string DemoNumber = "13812345678";
    private RunningServer _server = null!;
    private IPEndPoint _agi = null!;
    private ContactQueries _contacts = null!;
    private int _demoCustomer;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            // The hotline open whatever the clock says; hours are tested on their own.
            ["Ivr:Schedules:hotline"] = "24x7",
        });
        _agi = _server.Services.GetRequiredService<FastAgiServer>().LocalEndPoint;
        _contacts = _server.Services.GetRequiredService<ContactQueries>();
        var pops = await _server.Services.GetRequiredService<CustomerQueries>().FindByPhoneAsync(DemoNumber, 0, CancellationToken.None).WaitAsync(RunningServer.Timeout);
        _demoCustomer = pops.Single().Customer.Id;
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public void The_fastagi_server_listens_on_the_port_the_settings_give()
    {
        Assert.That(_agi.Port, Is.Not.EqualTo(0).And.Not.EqualTo(4573), "FastAgi:Port=0 picks a free port");
        Assert.That(_agi.Address.MapToIPv4(), Is.EqualTo(IPAddress.Loopback), "default FastAgi:ListenAddress");
    }

    [Test]
    public async Task A_known_caller_through_the_hotline_and_the_survey_leaves_the_path_the_customer_and_the_score_in_the_database()
    {
        var callId = NewCallId();
        var channel = new Dictionary<string, string> { ["SITE"] = "gz" };
        var hotline = new AgiCaller("hotline", callId, DemoNumber, channel, "1");
        await hotline.RunAsync(_agi, CancellationToken.None).WaitAsync(RunningServer.Timeout);

        Assert.That(hotline.UnusedInputs, Is.Zero);
        Assert.That((hotline.Set["CC_QUEUE"], hotline.Set["CC_INTENT"], hotline.Set["CC_CUSTOMER"]), Is.EqualTo(("claims", "claims", $"{_demoCustomer}")));

        // After the seat: app_queue has set MEMBERNAME and QUEUENAME; the dialplan passes the call id.
        var surveyChannel = new Dictionary<string, string> { ["SITE"] = "gz", ["MEMBERNAME"] = "agent-1001", ["QUEUENAME"] = "claims" };
        var survey = new AgiCaller($"satisfaction-survey?callid={callId}", callId + "-survey", DemoNumber, surveyChannel, "4");
        await survey.RunAsync(_agi, CancellationToken.None).WaitAsync(RunningServer.Timeout);

        Assert.That(survey.UnusedInputs, Is.Zero);
        var result = await _server.Services.GetRequiredService<SurveyQueries>().GetAsync(callId, CancellationToken.None).WaitAsync(RunningServer.Timeout);
        Assert.That(result, Is.Not.Null);
        Assert.That((result!.Score, result.Status, result.Scale), Is.EqualTo(((int?)4, SurveyStatus.Rated, 5)));
        Assert.That((result.CallId, result.SeatId, result.QueueId, result.SiteCode), Is.EqualTo((callId, (string?)"agent-1001", (string?)"gz/claims", "gz")));

        var contact = await StoredAsync(callId);
        Assert.That(contact.IvrPath, Is.EqualTo("greeting>hours>identifyCaller>identified>mainMenu>claims>connect>byIntent>routeClaims"));
        Assert.That(contact.CustomerId, Is.EqualTo(_demoCustomer));
        Assert.That(contact.PolicyNumber, Is.EqualTo(await OnlyPolicyAsync(_demoCustomer)), "the policy only when the customer has exactly one");
        Assert.That((contact.Direction, contact.SiteCode), Is.EqualTo((ContactDirection.Inbound, "gz")));
        Assert.That(contact.IvrEnteredAt, Is.Not.Null);
        var data = contact.IvrData;
        Assert.That(data, Does.ContainKey("ivr.ms"));
        Assert.That(long.Parse(data["ivr.ms"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0));
        Assert.That(new[] { data["intent"], data["customer"], data["openComplaint"], data["lang"] }, Is.EqualTo(new[] { "claims", $"{_demoCustomer}", "no", "zh-CN" }));
        Assert.That(new[] { data["ivr.flow"], data["ivr.exit"], data["ivr.lastNode"], data["ivr.queue"], data["ivr.keys"] },
            Is.EqualTo(new[] { "hotline", "routed", "routeClaims", "claims", "mainMenu=1" }));
        Assert.That((data["surveyStatus"], data["surveyScore"]), Is.EqualTo(("rated", "4")), "the survey run adds its data and keeps the hotline's path");
    }

    [Test]
    public async Task A_caller_identified_by_the_policy_number_keyed_in_is_stored_with_customer_and_policy()
    {
        var callId = NewCallId();
        var caller = new AgiCaller("hotline", callId, "13900000000", new Dictionary<string, string>(), "300125", "3");
        await caller.RunAsync(_agi, CancellationToken.None).WaitAsync(RunningServer.Timeout);

        var contact = await StoredAsync(callId);
        Assert.That(contact.IvrPath, Is.EqualTo("greeting>hours>identifyCaller>askPolicy>lookupPolicy>identified>mainMenu>complaints>connect>byIntent>routeComplaints"));
        Assert.That((contact.CustomerId, contact.PolicyNumber), Is.EqualTo(((int?)_demoCustomer, (string?)"300125")));
        Assert.That((contact.IvrData["ivr.keys"], contact.IvrData["intent"]), Is.EqualTo(("askPolicy=300125;mainMenu=3", "complaint")));
        Assert.That(contact.SiteCode, Is.EqualTo("gz"), "Ivr:DefaultSiteCode when the channel has no SITE");
    }

    [Test]
    public async Task A_caller_who_hangs_up_in_the_main_menu_is_recorded_as_leaving_there()
    {
        var callId = NewCallId();
        // A wrong key, the retry prompt, then the caller hangs up while the menu is read again.
        var caller = new AgiCaller("hotline", callId, DemoNumber, new Dictionary<string, string> { ["SITE"] = "sh" }, "9", AgiCaller.HangUp);
        await caller.RunAsync(_agi, CancellationToken.None).WaitAsync(RunningServer.Timeout);

        Assert.That(caller.UnusedInputs, Is.Zero);
        var contact = await StoredAsync(callId);
        Assert.That(contact.IvrPath, Is.EqualTo("greeting>hours>identifyCaller>identified>mainMenu"));
        Assert.That((contact.IvrData["ivr.exit"], contact.IvrData["ivr.lastNode"]), Is.EqualTo(("caller-hung-up", "mainMenu")));
        Assert.That((contact.CustomerId, contact.SiteCode), Is.EqualTo(((int?)_demoCustomer, "sh")), "what was learnt before the hang-up is kept");
        Assert.That(contact.IvrData, Does.Not.ContainKey("ivr.queue"));
    }

    [Test]
    public async Task The_ivr_keeps_no_buffered_steps_once_its_runs_have_ended()
    {
        var callId = NewCallId();
        await new AgiCaller("hotline", callId, DemoNumber, new Dictionary<string, string>(), "0").RunAsync(_agi, CancellationToken.None).WaitAsync(RunningServer.Timeout);
        await StoredAsync(callId);

        Assert.That(_server.Services.GetRequiredService<IvrRecordSink>().BufferedRuns, Is.Zero);
    }

    private static string NewCallId() => $"gz-{Guid.NewGuid():N}"[..24];

    /// <summary>The contact once the run's record is in (the script ends after the sink, so this is at once or soon).</summary>
    private async Task<Contact> StoredAsync(string callId)
    {
        using var timeout = new CancellationTokenSource(RunningServer.Timeout);
        while (true)
        {
            var contact = await _contacts.GetByCallIdAsync(callId, timeout.Token).WaitAsync(RunningServer.Timeout);
            if (contact is not null && contact.IvrData.ContainsKey("ivr.exit"))
            {
                return contact;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private async Task<string?> OnlyPolicyAsync(int customerId)
    {
        var policies = await _server.Services.GetRequiredService<CustomerQueries>().ListPoliciesAsync(customerId, CancellationToken.None).WaitAsync(RunningServer.Timeout);
        return policies.Count == 1 ? policies[0].PolicyNumber : null;
    }
}
