using ContactCenter.Core.Contacts;
using ContactCenter.Core.Surveys;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Surveys;
using Dapper;

namespace ContactCenter.Data.Tests.Surveys;

[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class SurveyQueriesTests(string provider) : DatabaseFixture(provider)
{
    private static readonly DateTimeOffset Day = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private SurveyQueries _surveys = null!;
    private ContactQueries _contacts = null!;

    [OneTimeSetUp]
    public async Task Setup()
    {
        await TestData.EnsureSitesAsync(Db);
        _surveys = new SurveyQueries(Db);
        _contacts = new ContactQueries(Db);
    }

    [Test]
    public async Task A_not_rated_result_is_stored_as_not_rated_with_no_score()
    {
        var callId = await CallAsync();
        await _surveys.RecordAsync(SurveyResult.NotRated(callId, TestData.GzSeat, TestData.GzComplaints, TestData.Guangzhou, 3, Day), CancellationToken.None).WaitAsync(Timeout);

        var stored = await _surveys.GetAsync(callId, CancellationToken.None).WaitAsync(Timeout);
        await using var connection = await Db.OpenAsync(CancellationToken.None).WaitAsync(Timeout);
        var raw = await connection.QuerySingleAsync<(string Status, int? Score)>(Db.Command(
            "SELECT status, score FROM survey_results WHERE call_id = @CallId", new { CallId = callId }, CancellationToken.None)).WaitAsync(Timeout);

        Assert.That((stored?.Status, stored?.Score, stored?.Scale), Is.EqualTo(((SurveyStatus?)SurveyStatus.NotRated, (int?)null, (int?)3)));
        Assert.That(raw, Is.EqualTo(("not-rated", (int?)null)));
    }

    [Test]
    public async Task Recording_again_for_the_same_call_replaces_the_result()
    {
        var callId = await CallAsync();
        await _surveys.RecordAsync(SurveyResult.NotRated(callId, TestData.GzSeat, null, TestData.Guangzhou, 5, Day), CancellationToken.None).WaitAsync(Timeout);
        await _surveys.RecordAsync(SurveyResult.Rated(callId, TestData.GzSeat, null, TestData.Guangzhou, 5, 4, Day.AddSeconds(5)), CancellationToken.None).WaitAsync(Timeout);

        var stored = await _surveys.GetAsync(callId, CancellationToken.None).WaitAsync(Timeout);

        Assert.That((stored?.Status, stored?.Score, stored?.RecordedAt), Is.EqualTo(((SurveyStatus?)SurveyStatus.Rated, (int?)4, (DateTimeOffset?)Day.AddSeconds(5))));
    }

    [Test]
    public async Task Results_list_by_period_and_seat()
    {
        var from = Day.AddDays(10);
        var a = await CallAsync();
        var b = await CallAsync();
        var c = await CallAsync();
        await _surveys.RecordAsync(SurveyResult.Rated(a, TestData.GzSeat, TestData.GzComplaints, TestData.Guangzhou, 3, 1, from.AddHours(1)), CancellationToken.None).WaitAsync(Timeout);
        await _surveys.RecordAsync(SurveyResult.Rated(b, TestData.ShSeat, TestData.ShComplaints, TestData.Shanghai, 3, 3, from.AddHours(2)), CancellationToken.None).WaitAsync(Timeout);
        await _surveys.RecordAsync(SurveyResult.Rated(c, TestData.GzSeat, TestData.GzComplaints, TestData.Guangzhou, 3, 2, from.AddDays(2)), CancellationToken.None).WaitAsync(Timeout);

        var day = await _surveys.ListAsync(new SurveyPeriod(from, from.AddDays(1)), CancellationToken.None).WaitAsync(Timeout);
        var seat = await _surveys.ListAsync(new SurveyPeriod(from, from.AddDays(3), SeatId: TestData.GzSeat), CancellationToken.None).WaitAsync(Timeout);

        Assert.That(day.Select(r => r.CallId), Is.EqualTo(new[] { a, b }));
        Assert.That(seat.Select(r => r.CallId), Is.EqualTo(new[] { a, c }));
    }

    private async Task<string> CallAsync()
    {
        var contact = Contact.StartInbound(Unique("call"), TestData.Guangzhou, null, Day);
        await _contacts.InsertAsync(contact, CancellationToken.None).WaitAsync(Timeout);
        return contact.CallId;
    }
}
