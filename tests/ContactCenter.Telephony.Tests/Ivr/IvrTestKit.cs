using System.Collections.Concurrent;
using ContactCenter.Core.Surveys;
using ContactCenter.Telephony.Agi;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Ivr;
using ContactCenter.Telephony.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Telephony.Tests.Ivr;

/// <summary>Records everything the IVR stored, and lets a test wait for a run to end.</summary>
internal sealed class RecordingIvrSink : IIvrResultSink
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<IvrRunRecord>> _runs = new();

    public ConcurrentQueue<IvrStepRecord> Steps { get; } = new();

    public ConcurrentQueue<SurveyResult> Surveys { get; } = new();

    public Task StepAsync(IvrStepRecord record, CancellationToken cancellationToken)
    {
        Steps.Enqueue(record);
        return Task.CompletedTask;
    }

    public Task RunEndedAsync(IvrRunRecord run, CancellationToken cancellationToken)
    {
        Run(run.CallId).TrySetResult(run);
        return Task.CompletedTask;
    }

    public Task SurveyAsync(SurveyResult result, CancellationToken cancellationToken)
    {
        Surveys.Enqueue(result);
        return Task.CompletedTask;
    }

    public Task<IvrRunRecord> WaitForRunAsync(string callId) => Run(callId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    public IReadOnlyList<IvrStepRecord> StepsOf(string callId) => [.. Steps.Where(s => s.CallId == callId).OrderBy(s => s.Sequence)];

    private TaskCompletionSource<IvrRunRecord> Run(string callId) =>
        _runs.GetOrAdd(callId, _ => new TaskCompletionSource<IvrRunRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Customer lookups answered from two dictionaries; a lookup can be made to hang until cancelled.</summary>
internal sealed class FakeCustomerLookup : IIvrCustomerLookup
{
    public ConcurrentDictionary<string, IvrCustomer> ByPhone { get; } = new();

    public ConcurrentDictionary<string, IvrCustomer> ByPolicy { get; } = new();

    public bool Hang { get; set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public async Task<IvrCustomer?> FindByPhoneAsync(string callerNumber, CancellationToken cancellationToken)
    {
        Calls.Enqueue("phone");
        await HangIfAskedAsync(cancellationToken);
        return ByPhone.GetValueOrDefault(callerNumber);
    }

    public async Task<IvrCustomer?> FindByPolicyNumberAsync(string policyNumber, CancellationToken cancellationToken)
    {
        Calls.Enqueue("policy");
        await HangIfAskedAsync(cancellationToken);
        return ByPolicy.GetValueOrDefault(policyNumber);
    }

    private Task HangIfAskedAsync(CancellationToken cancellationToken) => Hang ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.CompletedTask;
}

internal sealed class FakeBusinessHours : IIvrBusinessHours
{
    public bool Open { get; set; } = true;

    public Task<bool> IsOpenAsync(string schedule, string siteCode, DateTimeOffset at, CancellationToken cancellationToken) => Task.FromResult(Open);
}

/// <summary>Routes home unless a diversion is set for the queue; remembers what it was asked.</summary>
internal sealed class FakeRouter : IIvrRouter
{
    public ConcurrentDictionary<string, string> DivertQueueTo { get; } = new();

    public ConcurrentQueue<(string Site, string Queue, string? CallId)> Asked { get; } = new();

    public RouteDecision DecideRoute(string siteCode, string queueName, string? callId)
    {
        Asked.Enqueue((siteCode, queueName, callId));
        return DivertQueueTo.TryGetValue(queueName, out var target)
            ? new RouteDecision(siteCode, queueName, target, true, Core.Queues.OverflowReason.WaitedTooLong, "overflow", $"{target}-{queueName}")
            : new RouteDecision(siteCode, queueName, siteCode, false, null, null, null);
    }
}

/// <summary>Where the repository's <c>ivr-flows/</c> is: walk up from the test assembly to the repository root.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Flows = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "ivr-flows");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "ContactCenter.sln")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"No 'ivr-flows' beside a ContactCenter.sln in any parent of {AppContext.BaseDirectory}.");
    });

    public static string FlowDirectory => Flows.Value;

    public static IReadOnlyList<IvrFlow> ShippedFlows()
    {
        var catalog = IvrFlowLibrary.ReadCatalogAsync(FlowDirectory, CancellationToken.None).GetAwaiter().GetResult();
        return IvrFlowLibrary.LoadAsync(FlowDirectory, catalog, CancellationToken.None).GetAwaiter().GetResult();
    }

    public static IvrFlow Shipped(string name) => ShippedFlows().Single(f => f.Name == name);
}

/// <summary>A FastAGI server on an ephemeral loopback port running the given flows, with recording fakes.</summary>
internal sealed class IvrHarness : IAsyncDisposable
{
    private readonly FastAgiServer _server;

    private IvrHarness(FastAgiServer server, string promptDirectory)
    {
        _server = server;
        PromptDirectory = promptDirectory;
    }

    public RecordingIvrSink Sink { get; } = new();

    public FakeCustomerLookup Lookup { get; } = new();

    public FakeBusinessHours Hours { get; } = new();

    public FakeRouter Router { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public RecordingLogger<IvrRuntime> Logger { get; } = new();

    public IvrRuntime Runtime { get; private set; } = null!;

    public string PromptDirectory { get; }

    public System.Net.IPEndPoint EndPoint => _server.LocalEndPoint;

    /// <summary>
    /// Starts a server for <paramref name="flows"/>. With <paramref name="withPromptFiles"/> every prompt has a
    /// (dummy) file, so STREAM FILE / GET DATA play it; without, the runtime falls back to SAY DIGITS.
    /// </summary>
    public static async Task<IvrHarness> StartAsync(IReadOnlyList<IvrFlow> flows, bool withPromptFiles = true, string siteCode = "gz")
    {
        var promptDirectory = Path.Combine(Path.GetTempPath(), "cc-ivr-prompts-" + Guid.NewGuid().ToString("N"));
        if (withPromptFiles)
        {
            foreach (var flow in flows)
            {
                foreach (var language in new[] { "zh-CN", "en" })
                {
                    Directory.CreateDirectory(Path.Combine(promptDirectory, language));
                    foreach (var prompt in flow.Prompts.Keys)
                    {
                        await File.WriteAllBytesAsync(Path.Combine(promptDirectory, language, $"{flow.Name}-{prompt}.wav"), []);
                    }
                }
            }
        }

        var options = new IvrOptions { PromptDirectory = promptDirectory, AsteriskPromptDirectory = "/prompts", DefaultSiteCode = siteCode };
        var router = new AgiScriptRouter();
        var server = new FastAgiServer(Options.Create(new FastAgiOptions { Port = 0, DrainTimeout = TimeSpan.FromSeconds(2) }), router, TimeProvider.System,
            NullLogger<FastAgiServer>.Instance);
        var harness = new IvrHarness(server, promptDirectory);
        harness.Runtime = new IvrRuntime(Options.Create(options), harness.Sink, harness.Lookup, harness.Router, harness.Hours, harness.Time, harness.Logger);
        harness.Runtime.Map(router, flows);
        await server.StartAsync(CancellationToken.None);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(PromptDirectory))
        {
            Directory.Delete(PromptDirectory, recursive: true);
        }
    }
}
