using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ContactCenter.Core.Contacts;
using ContactCenter.Core.Surveys;
using ContactCenter.Data.Contacts;
using ContactCenter.Data.Surveys;
using ContactCenter.Telephony.Ivr;

namespace ContactCenter.Server.Ivr;

/// <summary>
/// Stores what the IVR learnt on the contact record, and the survey results in <c>survey_results</c>.
/// <para>
/// Steps are kept in memory per run and written once when the run ends (<see cref="ContactQueries.SaveIvrAsync"/>,
/// which inserts the contact if the bridge has not, and never erases the bridge's data nor lets the bridge erase
/// this): the path through the flow (<c>ivr_path</c>), the customer and the policy number (only when the caller
/// was identified; a number keyed in but not found stays in the data as <c>policy</c>), the IVR entry time, and in
/// <c>ivr_data</c> the flow's variables plus <c>ivr.flow</c>, <c>ivr.exit</c> (routed, transferred, hung-up-by-flow,
/// caller-hung-up, failed), <c>ivr.lastNode</c> (where the caller left), <c>ivr.ms</c> (time in the IVR),
/// <c>ivr.queue</c>/<c>ivr.priority</c> and <c>ivr.keys</c> (what was keyed at each node, <c>mainMenu=9,1;askPolicy=300125</c>).
/// </para>
/// A run that asked a survey (the post-call survey, run with the hotline's call id) adds its variables to the data
/// and leaves the path and the rest of the hotline's record alone.
/// </summary>
public sealed class IvrRecordSink(ContactQueries contacts, SurveyQueries surveys, ILogger<IvrRecordSink> logger) : IIvrResultSink
{
    /// <summary>The longest path stored; longer ones keep their end (where the caller left) behind "…".</summary>
    public const int MaxPathLength = 1000;

    private const int MaxBufferedSteps = 500;
    private const string UnknownCallId = "unknown";

    private readonly ConcurrentDictionary<(string CallId, string Flow), RunSteps> _runs = new();
    private readonly ConcurrentDictionary<string, byte> _surveyed = new(StringComparer.Ordinal);

    /// <summary>Runs whose steps are buffered now (ended runs are removed).</summary>
    public int BufferedRuns => _runs.Count;

    public Task StepAsync(IvrStepRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _runs.GetOrAdd((record.CallId, record.Flow), _ => new RunSteps()).Add(record);
        return Task.CompletedTask;
    }

    public async Task RunEndedAsync(IvrRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var steps = _runs.TryRemove((run.CallId, run.Flow), out var buffered) ? buffered.ToList() : [];
        var surveyed = _surveyed.TryRemove(run.CallId, out _) || steps.Any(s => s.Kind == "survey");
        if (run.CallId == UnknownCallId)
        {
            IvrServerLog.NoCallId(logger, run.Flow);
            return;
        }

        await contacts.SaveIvrAsync(surveyed ? SurveyRecord(run) : EntryRecord(run, steps), cancellationToken);
        IvrServerLog.RunStored(logger, run.Flow, run.CallId, ExitCode(run.Exit), run.LastNode, steps.Count);
    }

    public async Task SurveyAsync(SurveyResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        _surveyed[result.CallId] = 0;
        if (result.CallId == UnknownCallId)
        {
            return;
        }

        // survey_results refers to the contact: make sure it exists (no bridge, or the bridge has not saved it yet).
        await contacts.SaveIvrAsync(new Contact(result.CallId, ContactDirection.Inbound, result.SiteCode), cancellationToken);
        await surveys.RecordAsync(result, cancellationToken);
    }

    /// <summary>The record of the run that brought the caller in (hotline, callback confirmation).</summary>
    internal static Contact EntryRecord(IvrRunRecord run, IReadOnlyList<IvrStepRecord> steps)
    {
        var data = new Dictionary<string, string>(run.Data, StringComparer.Ordinal)
        {
            ["ivr.flow"] = run.Flow,
            ["ivr.exit"] = ExitCode(run.Exit),
            ["ivr.ms"] = ((long)run.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (run.LastNode is { } last)
        {
            data["ivr.lastNode"] = last;
        }

        if (run.Queue is { } queue)
        {
            data["ivr.queue"] = queue;
            data["ivr.priority"] = (run.Priority ?? 0).ToString(CultureInfo.InvariantCulture);
        }

        if (KeysOf(steps) is { } keys)
        {
            data["ivr.keys"] = keys;
        }

        var identified = run.CustomerId is not null;
        return new Contact(
            run.CallId,
            ContactDirection.Inbound,
            run.SiteCode,
            customerId: run.CustomerId,
            policyNumber: identified ? run.PolicyNumber : null,
            ivrPath: CapPath(run.Path),
            ivrData: data,
            ivrEnteredAt: run.EnteredAt);
    }

    /// <summary>A survey run: its variables only (surveyStatus, surveyScore); the result itself is in survey_results.</summary>
    internal static Contact SurveyRecord(IvrRunRecord run) =>
        new(run.CallId, ContactDirection.Inbound, run.SiteCode, ivrData: run.Data.Where(v => v.Key != "lang").ToDictionary(StringComparer.Ordinal));

    internal static string? CapPath(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        if (path.Length <= MaxPathLength)
        {
            return path;
        }

        var nodes = path.Split('>');
        var tail = new List<string>();
        var length = 1;
        for (var i = nodes.Length - 1; i >= 0 && length + 1 + nodes[i].Length <= MaxPathLength; i--)
        {
            tail.Insert(0, nodes[i]);
            length += 1 + nodes[i].Length;
        }

        return "…>" + string.Join('>', tail);
    }

    internal static string ExitCode(IvrExit exit) => exit switch
    {
        IvrExit.Routed => "routed",
        IvrExit.Transferred => "transferred",
        IvrExit.HungUpByFlow => "hung-up-by-flow",
        IvrExit.CallerHungUp => "caller-hung-up",
        _ => "failed",
    };

    private static string? KeysOf(IReadOnlyList<IvrStepRecord> steps)
    {
        var keys = new StringBuilder();
        foreach (var step in steps.Where(s => !string.IsNullOrEmpty(s.Keys)).OrderBy(s => s.Sequence))
        {
            keys.Append(keys.Length == 0 ? string.Empty : ";").Append(step.NodeId).Append('=').Append(step.Keys);
        }

        return keys.Length == 0 ? null : keys.ToString();
    }

    /// <summary>The steps of one run (a run's steps come one after the other; the lock only guards against misuse).</summary>
    private sealed class RunSteps
    {
        private readonly List<IvrStepRecord> _steps = [];

        public void Add(IvrStepRecord step)
        {
            lock (_steps)
            {
                if (_steps.Count < MaxBufferedSteps)
                {
                    _steps.Add(step);
                }
            }
        }

        public List<IvrStepRecord> ToList()
        {
            lock (_steps)
            {
                return [.. _steps];
            }
        }
    }
}
