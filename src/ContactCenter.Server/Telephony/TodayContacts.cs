using ContactCenter.Core.Contacts;
using ContactCenter.Core.Surveys;

namespace ContactCenter.Server.Telephony;

/// <summary>
/// The contact records and survey results that closed in the last day, kept in memory so the wallboard can run
/// <see cref="Core.Kpis.KpiCalculator"/> over today's records every refresh without a database query. Filled from
/// the database at start-up and by the record sink as contacts close; a record stored again (after-call work
/// added) replaces the earlier copy, so nothing is counted twice.
/// </summary>
public sealed class TodayContacts(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(26);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Contact> _contacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SurveyResult> _surveys = new(StringComparer.Ordinal);
    private DateTimeOffset _lastEviction = DateTimeOffset.MinValue;

    public void Add(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        lock (_gate)
        {
            _contacts[contact.CallId] = contact;
        }
    }

    public void Add(SurveyResult survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        lock (_gate)
        {
            _surveys[survey.CallId] = survey;
        }
    }

    /// <summary>Closed contacts whose last queue is at <paramref name="siteCode"/> and that ended at or after <paramref name="since"/>.</summary>
    public List<Contact> ContactsOf(string siteCode, DateTimeOffset since)
    {
        var prefix = siteCode + "/";
        lock (_gate)
        {
            EvictLocked();
            return [.. _contacts.Values.Where(c => c.EndedAt >= since && (c.QueueId?.StartsWith(prefix, StringComparison.Ordinal) ?? c.CurrentSiteCode == siteCode))];
        }
    }

    public List<SurveyResult> SurveysOf(string siteCode, DateTimeOffset since)
    {
        lock (_gate)
        {
            return [.. _surveys.Values.Where(s => s.RecordedAt >= since && s.SiteCode == siteCode)];
        }
    }

    private void EvictLocked()
    {
        var now = time.GetUtcNow();
        if (now - _lastEviction < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _lastEviction = now;
        foreach (var old in _contacts.Values.Where(c => now - c.EndedAt > Keep).Select(c => c.CallId).ToList())
        {
            _contacts.Remove(old);
        }

        foreach (var old in _surveys.Values.Where(s => now - s.RecordedAt > Keep).Select(s => s.CallId).ToList())
        {
            _surveys.Remove(old);
        }
    }
}
