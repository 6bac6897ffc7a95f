using ContactCenter.Core.Contacts;
using ContactCenter.Core.Customers;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Customers;

namespace ContactCenter.Data.Tests.Contacts;

/// <summary>The IVR's save (<see cref="ContactQueries.SaveIvrAsync"/>) and the bridge's save (<see cref="ContactQueries.SaveProgressAsync"/>) of the same call.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class ContactIvrSaveTests(string provider) : DatabaseFixture(provider)
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 6, 2, 0, 0, TimeSpan.Zero);
    private ContactQueries _contacts = null!;
    private int _customerId;

    [OneTimeSetUp]
    public async Task Setup()
    {
        await TestData.EnsureSitesAsync(Db);
        _contacts = new ContactQueries(Db);
        _customerId = await new CustomerQueries(Db).InsertAsync(
            new Customer(0, "张三", Gender.Male, null, "13812345678", null, "广州", T0), CancellationToken.None).WaitAsync(Timeout);
    }

    [Test]
    public async Task The_bridges_later_saves_keep_the_ivr_path_data_and_customer()
    {
        // The bridge saw the channel first, then the IVR's CC_POLICY / CC_INTENT.
        var bridge = Contact.StartInbound(Unique("call"), TestData.Guangzhou, "13812345678", T0);
        await _contacts.InsertAsync(bridge, CancellationToken.None).WaitAsync(Timeout);
        bridge.Identify(null, "300125");
        bridge.SetIvrData("policy", "300125");
        bridge.SetIvrData("menu", "complaint");
        bridge.RecordIvrStep("complaint");
        await _contacts.SaveProgressAsync(bridge, CancellationToken.None).WaitAsync(Timeout);

        // The IVR run ends and stores its own record.
        await _contacts.SaveIvrAsync(IvrRun(bridge.CallId, T0.AddSeconds(1), "greeting>hours>identifyCaller>identified>mainMenu>complaints"),
            CancellationToken.None).WaitAsync(Timeout);

        // The bridge goes on: queued, answered, ended; it never knew the customer id.
        bridge.Enqueue(TestData.GzComplaints, T0.AddSeconds(20));
        bridge.Answer(TestData.GzSeat, T0.AddSeconds(30));
        bridge.Close(ContactOutcome.Answered, T0.AddMinutes(3), TimeSpan.FromSeconds(5));
        Assert.That(await _contacts.SaveProgressAsync(bridge, CancellationToken.None).WaitAsync(Timeout), Is.True);

        var stored = (await _contacts.GetByCallIdAsync(bridge.CallId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.That(stored.IvrPath, Is.EqualTo("greeting>hours>identifyCaller>identified>mainMenu>complaints"));
        Assert.That((stored.CustomerId, stored.PolicyNumber, stored.CallerNumber), Is.EqualTo(((int?)_customerId, (string?)"300125", (string?)"13812345678")));
        Assert.That(stored.IvrData, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["policy"] = "300125",
            ["menu"] = "complaint",
            ["intent"] = "complaint",
            ["ivr.exit"] = "routed",
        }));
        Assert.That(stored.IvrEnteredAt, Is.EqualTo(T0), "the earlier entry time (the bridge saw the channel first)");
        Assert.That((stored.QueueId, stored.SeatId, stored.Outcome), Is.EqualTo(((string?)TestData.GzComplaints, (string?)TestData.GzSeat, (ContactOutcome?)ContactOutcome.Answered)));
    }

    [Test]
    public async Task The_ivr_inserts_the_contact_when_no_bridge_saved_it_and_the_bridge_then_fills_in_the_rest()
    {
        var callId = Unique("call");
        await _contacts.SaveIvrAsync(IvrRun(callId, T0.AddSeconds(2), "greeting>hours>mainMenu"), CancellationToken.None).WaitAsync(Timeout);

        var inserted = (await _contacts.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.That((inserted.Direction, inserted.SiteCode, inserted.IvrPath, inserted.CustomerId, inserted.IvrEnteredAt),
            Is.EqualTo((ContactDirection.Inbound, TestData.Guangzhou, (string?)"greeting>hours>mainMenu", (int?)_customerId, (DateTimeOffset?)T0.AddSeconds(2))));
        Assert.That(inserted.CallerNumber, Is.Null);

        // The bridge's insert fails (the row is there), so it saves progress over it.
        var bridge = Contact.StartInbound(callId, TestData.Guangzhou, "13812345678", T0);
        bridge.Enqueue(TestData.GzComplaints, T0.AddSeconds(20));
        Assert.That(await _contacts.SaveProgressAsync(bridge, CancellationToken.None).WaitAsync(Timeout), Is.True);

        var stored = (await _contacts.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.That((stored.IvrPath, stored.CustomerId, stored.PolicyNumber), Is.EqualTo(((string?)"greeting>hours>mainMenu", (int?)_customerId, (string?)"300125")));
        Assert.That((stored.CallerNumber, stored.QueueId, stored.IvrEnteredAt), Is.EqualTo(((string?)"13812345678", (string?)TestData.GzComplaints, (DateTimeOffset?)T0)));
        Assert.That(stored.IvrData["ivr.exit"], Is.EqualTo("routed"));
    }

    [Test]
    public async Task A_bridge_without_our_ivr_still_extends_its_own_path_and_data()
    {
        var bridge = Contact.StartInbound(Unique("call"), TestData.Guangzhou, "13812345678", T0);
        await _contacts.InsertAsync(bridge, CancellationToken.None).WaitAsync(Timeout);
        bridge.SetIvrData("policy", "300125");
        bridge.RecordIvrStep("claims");
        await _contacts.SaveProgressAsync(bridge, CancellationToken.None).WaitAsync(Timeout);
        bridge.SetIvrData("menu", "complaint");
        bridge.RecordIvrStep("complaint");
        await _contacts.SaveProgressAsync(bridge, CancellationToken.None).WaitAsync(Timeout);

        var stored = (await _contacts.GetByCallIdAsync(bridge.CallId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.That(stored.IvrPath, Is.EqualTo("claims>complaint"));
        Assert.That(stored.IvrData, Is.EquivalentTo(new Dictionary<string, string> { ["policy"] = "300125", ["menu"] = "complaint" }));
    }

    [Test]
    public async Task A_later_ivr_run_without_a_path_adds_its_data_and_keeps_the_path()
    {
        var callId = Unique("call");
        await _contacts.SaveIvrAsync(IvrRun(callId, T0, "greeting>mainMenu>complaints"), CancellationToken.None).WaitAsync(Timeout);

        // The post-call survey run: data only, entered later.
        var survey = new Contact(callId, ContactDirection.Inbound, TestData.Guangzhou, ivrEnteredAt: T0.AddMinutes(5));
        survey.SetIvrData("surveyScore", "4");
        await _contacts.SaveIvrAsync(survey, CancellationToken.None).WaitAsync(Timeout);

        var stored = (await _contacts.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;
        Assert.That((stored.IvrPath, stored.CustomerId, stored.IvrEnteredAt), Is.EqualTo(((string?)"greeting>mainMenu>complaints", (int?)_customerId, (DateTimeOffset?)T0)));
        Assert.That((stored.IvrData["surveyScore"], stored.IvrData["intent"]), Is.EqualTo(("4", "complaint")));
    }

    [Test]
    public async Task Saves_of_the_ivr_and_the_bridge_racing_on_one_call_lose_nothing()
    {
        var callIds = Enumerable.Range(0, 12).Select(_ => Unique("race")).ToList();
        var saves = callIds.SelectMany(callId =>
        {
            var bridge = Contact.StartInbound(callId, TestData.Guangzhou, "13812345678", T0);
            bridge.SetIvrData("menu", "complaint");
            bridge.RecordIvrStep("complaint");
            return new[]
            {
                Task.Run(async () =>
                {
                    if (!await _contacts.SaveProgressAsync(bridge, CancellationToken.None))
                    {
                        try
                        {
                            await _contacts.InsertAsync(bridge, CancellationToken.None);
                        }
                        catch (System.Data.Common.DbException)
                        {
                            await _contacts.SaveProgressAsync(bridge, CancellationToken.None);
                        }
                    }
                }),
                Task.Run(() => _contacts.SaveIvrAsync(IvrRun(callId, T0.AddSeconds(1), "greeting>mainMenu>complaints"), CancellationToken.None)),
            };
        });
        await Task.WhenAll(saves).WaitAsync(Timeout);

        foreach (var callId in callIds)
        {
            var stored = (await _contacts.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;
            Assert.That((stored.IvrPath, stored.CustomerId, stored.CallerNumber), Is.EqualTo(((string?)"greeting>mainMenu>complaints", (int?)_customerId, (string?)"13812345678")), callId);
            Assert.That(stored.IvrData.Keys, Is.SupersetOf(new[] { "menu", "intent", "ivr.exit" }), callId);
        }
    }

    private Contact IvrRun(string callId, DateTimeOffset entered, string path)
    {
        var run = Contact.StartInbound(callId, TestData.Guangzhou, null, entered);
        foreach (var node in path.Split('>'))
        {
            run.RecordIvrStep(node);
        }

        run.SetIvrData("policy", "300125");
        run.SetIvrData("intent", "complaint");
        run.SetIvrData("ivr.exit", "routed");
        run.Identify(_customerId, "300125");
        return run;
    }
}
