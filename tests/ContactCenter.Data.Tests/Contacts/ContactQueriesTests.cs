using ContactCenter.Core;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Data.Contacts;
using Dapper;

namespace ContactCenter.Data.Tests.Contacts;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class ContactQueriesTests(string provider) : DatabaseFixture(provider)
{
    private static readonly DateTimeOffset Day = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private ContactQueries _contacts = null!;

    [OneTimeSetUp]
    public async Task Setup()
    {
        await TestData.EnsureSitesAsync(Db);
        _contacts = new ContactQueries(Db);
    }

    [Test]
    public async Task A_call_that_overflowed_and_was_answered_reads_back_with_the_same_call_id_ivr_data_and_hops()
    {
        var t0 = Day.AddHours(3).AddTicks(1234560); // whole microseconds: stored exactly everywhere
        var contact = Contact.StartInbound(Unique("call"), TestData.Guangzhou, "13800138000", t0);
        contact.RecordIvrStep("welcome");
        contact.RecordIvrStep("complaints");
        contact.SetIvrData("policy", "P123");
        contact.SetIvrData("lang", "zh-CN");
        contact.Enqueue(TestData.GzComplaints, t0.AddSeconds(20));
        await _contacts.InsertAsync(contact, CancellationToken.None).WaitAsync(Timeout);

        contact.Overflow(TestData.Shanghai, OverflowReason.WaitedTooLong, t0.AddSeconds(90));
        contact.Enqueue(TestData.ShComplaints, t0.AddSeconds(91));
        contact.Ring(TestData.ShSeat, t0.AddSeconds(95));
        contact.Answer(TestData.ShSeat, t0.AddSeconds(99));
        contact.Close(ContactOutcome.Answered, t0.AddMinutes(5), TimeSpan.FromSeconds(5));
        Assert.That(await _contacts.SaveProgressAsync(contact, CancellationToken.None).WaitAsync(Timeout), Is.True);

        var stored = (await _contacts.GetByCallIdAsync(contact.CallId, CancellationToken.None).WaitAsync(Timeout))!;

        Assert.That(stored.CallId, Is.EqualTo(contact.CallId));
        Assert.That((stored.Direction, stored.SiteCode, stored.CurrentSiteCode, stored.QueueId, stored.SeatId),
            Is.EqualTo((ContactDirection.Inbound, TestData.Guangzhou, TestData.Shanghai, (string?)TestData.ShComplaints, (string?)TestData.ShSeat)));
        Assert.That(stored.IvrPath, Is.EqualTo("welcome>complaints"));
        Assert.That(stored.IvrData, Is.EquivalentTo(contact.IvrData));
        Assert.That((stored.IvrEnteredAt, stored.EnqueuedAt, stored.AnsweredAt, stored.EndedAt),
            Is.EqualTo((contact.IvrEnteredAt, contact.EnqueuedAt, contact.AnsweredAt, contact.EndedAt)));
        Assert.That((stored.Outcome, stored.ShortAbandon), Is.EqualTo(((ContactOutcome?)ContactOutcome.Answered, false)));
        Assert.That(stored.OverflowHops, Is.EqualTo(contact.OverflowHops));
    }

    [Test]
    public async Task Outcomes_are_stored_as_their_lowercase_codes()
    {
        var contact = Contact.StartInbound(Unique("call"), TestData.Guangzhou, null, Day.AddHours(4));
        contact.Enqueue(TestData.GzComplaints, Day.AddHours(4));
        contact.Close(ContactOutcome.JoinEmpty, Day.AddHours(4).AddSeconds(1), TimeSpan.Zero);
        await _contacts.InsertAsync(contact, CancellationToken.None).WaitAsync(Timeout);

        await using var connection = await Db.OpenAsync(CancellationToken.None).WaitAsync(Timeout);
        var raw = await connection.QuerySingleAsync<(string Direction, string Outcome)>(Db.Command(
            "SELECT direction, outcome FROM contacts WHERE call_id = @CallId", new { contact.CallId }, CancellationToken.None)).WaitAsync(Timeout);

        Assert.That(raw, Is.EqualTo(("inbound", "joinempty")));
    }

    [Test]
    public async Task Ended_contacts_list_by_period_site_and_queue_including_calls_overflowed_to_the_site()
    {
        var from = Day.AddDays(1);
        var stay = await ClosedAsync(TestData.Guangzhou, TestData.GzComplaints, from.AddHours(1), overflowTo: null);
        var moved = await ClosedAsync(TestData.Guangzhou, TestData.GzComplaints, from.AddHours(2), overflowTo: TestData.Shanghai);
        var local = await ClosedAsync(TestData.Shanghai, TestData.ShComplaints, from.AddHours(3), overflowTo: null);
        var tooLate = await ClosedAsync(TestData.Shanghai, TestData.ShComplaints, from.AddDays(1).AddHours(1), overflowTo: null);

        var all = await _contacts.ListEndedAsync(new ContactPeriod(from, from.AddDays(1)), CancellationToken.None).WaitAsync(Timeout);
        var shanghai = await _contacts.ListEndedAsync(new ContactPeriod(from, from.AddDays(1), SiteCode: TestData.Shanghai), CancellationToken.None).WaitAsync(Timeout);
        var gzQueue = await _contacts.ListEndedAsync(new ContactPeriod(from, from.AddDays(1), QueueId: TestData.GzComplaints), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(all.Select(c => c.CallId), Is.EqualTo(new[] { stay, moved, local }));
        Assert.That(shanghai.Select(c => c.CallId), Is.EqualTo(new[] { moved, local }));
        Assert.That(shanghai[0].OverflowHops.Select(h => h.ToSite), Is.EqualTo(new[] { TestData.Shanghai }));
        Assert.That(gzQueue.Select(c => c.CallId), Is.EqualTo(new[] { stay, moved }));
        Assert.That(all.Select(c => c.CallId), Does.Not.Contain(tooLate));
    }

    [Test]
    public async Task Open_contacts_are_the_ones_not_ended()
    {
        var live = Contact.StartInbound(Unique("call"), TestData.Shanghai, null, Day.AddHours(5));
        live.Enqueue(TestData.ShComplaints, Day.AddHours(5));
        await _contacts.InsertAsync(live, CancellationToken.None).WaitAsync(Timeout);
        var ended = await ClosedAsync(TestData.Shanghai, TestData.ShComplaints, Day.AddHours(6), overflowTo: null);

        var open = await _contacts.ListOpenAsync(TestData.Shanghai, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(open.Select(c => c.CallId), Does.Contain(live.CallId).And.Not.Contain(ended));
        Assert.That(open.Where(c => c.CallId == live.CallId).Single().IsWaiting, Is.True);
    }

    [Test]
    public async Task Contacts_from_a_number_since_a_time_list_newest_first()
    {
        var number = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var c = Contact.StartInbound(Unique("call"), TestData.Guangzhou, number, Day.AddDays(3 + i));
            c.Close(ContactOutcome.Abandoned, Day.AddDays(3 + i).AddMinutes(1), TimeSpan.Zero);
            await _contacts.InsertAsync(c, CancellationToken.None).WaitAsync(Timeout);
            ids.Add(c.CallId);
        }

        var repeats = await _contacts.ListByCallerAsync(number, Day.AddDays(4), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(repeats.Select(c => c.CallId), Is.EqualTo(new[] { ids[2], ids[1] }));
    }

    [Test]
    public async Task Two_seats_saving_the_same_wrap_up_get_a_conflict_for_the_second_save()
    {
        var callId = await ClosedAsync(TestData.Guangzhou, TestData.GzComplaints, Day.AddHours(7), overflowTo: null, answered: true);
        var first = (await _contacts.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;
        var second = (await _contacts.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout))!;

        first.RecordWrapUp("claim-status", "客户询问理赔进度");
        first.RecordAfterCallWork(TimeSpan.FromSeconds(42.5));
        await _contacts.SaveWrapUpAsync(first, CancellationToken.None).WaitAsync(Timeout);
        second.RecordWrapUp("complaint", "other");
        var conflict = Assert.ThrowsAsync<ConcurrencyConflictException>(() => _contacts.SaveWrapUpAsync(second, CancellationToken.None).WaitAsync(Timeout));
        var stored = await _contacts.GetByCallIdAsync(callId, CancellationToken.None).WaitAsync(Timeout);

        Assert.That((conflict!.Record, conflict.Id), Is.EqualTo(("contact", callId)));
        Assert.That((stored?.WrapUpCode, stored?.Notes, stored?.AfterCallWork, stored?.Version),
            Is.EqualTo(((string?)"claim-status", (string?)"客户询问理赔进度", (TimeSpan?)TimeSpan.FromSeconds(42.5), (int?)2)));
    }

    [Test]
    public async Task Saving_progress_of_an_unknown_call_reports_false()
    {
        var ghost = Contact.StartInbound(Unique("call"), TestData.Guangzhou, null, Day);

        Assert.That(await _contacts.SaveProgressAsync(ghost, CancellationToken.None).WaitAsync(Timeout), Is.False);
    }

    private async Task<string> ClosedAsync(string site, string queue, DateTimeOffset endedAt, string? overflowTo, bool answered = false)
    {
        var start = endedAt.AddMinutes(-10);
        var contact = Contact.StartInbound(Unique("call"), site, null, start);
        contact.Enqueue(queue, start.AddSeconds(10));
        if (overflowTo is not null)
        {
            contact.Overflow(overflowTo, OverflowReason.EstimatedWaitTooLong, start.AddSeconds(60));
        }

        if (answered)
        {
            var seat = site == TestData.Guangzhou ? TestData.GzSeat : TestData.ShSeat;
            contact.Ring(seat, start.AddSeconds(70));
            contact.Answer(seat, start.AddSeconds(75));
        }

        contact.Close(answered ? ContactOutcome.Answered : ContactOutcome.Abandoned, endedAt, TimeSpan.FromSeconds(5));
        await _contacts.InsertAsync(contact, CancellationToken.None).WaitAsync(Timeout);
        return contact.CallId;
    }
}
