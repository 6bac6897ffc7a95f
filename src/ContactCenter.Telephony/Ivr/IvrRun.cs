using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Surveys;
using ContactCenter.Telephony.Agi;

namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// One caller going through one flow. Every node visit is a step record; the run ends at a terminal node, or
/// when the caller hangs up (HANGUP, a -1 result, 511 on a dead channel, or the connection closing), which is
/// recorded with the node the caller was at. Keyed digits go to the sink only, never to the log.
/// </summary>
internal sealed partial class IvrRun
{
    private const int MaxSteps = 500;
    private const string AllKeys = "0123456789*#";
    private const string FallbackSilence = "silence/1";

    private readonly IvrRuntime _runtime;
    private readonly IvrFlow _flow;
    private readonly AgiSession _session;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly List<string> _path = [];
    private string _callId = "unknown";
    private string _site;
    private string _language;
    private int _sequence;
    private IvrNode? _current;
    private string? _queue;
    private int? _priority;
    private bool _surveyStored;

    public IvrRun(IvrRuntime runtime, IvrFlow flow, AgiSession session)
    {
        _runtime = runtime;
        _flow = flow;
        _session = session;
        _site = runtime.Options.DefaultSiteCode;
        _language = runtime.Options.DefaultLanguage;
    }

    private AgiRequest Request => _session.Request;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = _runtime.Time;
        var entered = time.GetUtcNow();
        var exit = IvrExit.Failed;
        try
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            exit = await WalkAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsHangup(ex))
        {
            exit = IvrExit.CallerHungUp;
            if (_current is { } node)
            {
                if (_path.Count == 0)
                {
                    // Hung up before the first node ran (while answering): the caller left at the start.
                    _path.Add(node.Id);
                }
                using var hungUp = ResultTokenSource();
                await StepAsync(node, "hung-up", null, time.GetUtcNow(), TimeSpan.Zero, hungUp.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            IvrLog.RunFailed(_runtime.Logger, _flow.Name, _callId, _current?.Id, ex);
        }
        await StoreUnansweredSurveyAsync().ConfigureAwait(false);

        var record = new IvrRunRecord(
            _callId,
            _flow.Name,
            _site,
            string.Join('>', _path),
            new Dictionary<string, string>(_variables, StringComparer.Ordinal),
            entered,
            time.GetUtcNow(),
            exit,
            _current?.Id,
            _variables.TryGetValue("customer", out var customer) && int.TryParse(customer, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
            _variables.GetValueOrDefault("policy") is { Length: > 0 } policy ? policy : null,
            _queue,
            _priority);
        IvrLog.RunEnded(_runtime.Logger, _flow.Name, _callId, exit, _current?.Id, _sequence);
        using var result = ResultTokenSource();
        await SinkAsync(t => _runtime.Sink.RunEndedAsync(record, t), result.Token).ConfigureAwait(false);
    }

    /// <summary>Answers if needed and learns the call id, the site and the language.</summary>
    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _current = _flow.Nodes.GetValueOrDefault(_flow.Start);
        var query = Request.Query;
        var fromRequest = Clean(query.GetValueOrDefault("callid"), 128);
        _callId = fromRequest ?? Clean(Request.UniqueId, 128) ?? "unknown";
        if (await _session.ChannelStatusAsync(cancellationToken).ConfigureAwait(false) != 6)
        {
            await _session.AnswerAsync(cancellationToken).ConfigureAwait(false);
        }

        if (fromRequest is null && Clean(await _session.GetVariableAsync("CC_CALLID", cancellationToken).ConfigureAwait(false), 128) is { } callId)
        {
            // The call id the dialplan set (Set(__CC_CALLID=${UNIQUEID})), kept across overflow to another site.
            _callId = callId;
        }
        var site = query.GetValueOrDefault("site") is { Length: > 0 } fromQuery
            ? fromQuery
            : await _session.GetVariableAsync("SITE", cancellationToken).ConfigureAwait(false);
        if (site is not null && SiteCodePattern().IsMatch(site))
        {
            _site = site;
        }
        if (query.GetValueOrDefault("lang") is { } language && language is "en" or "zh-CN")
        {
            _language = language;
        }
        _variables["lang"] = _language;
    }

    private async Task<IvrExit> WalkAsync(CancellationToken cancellationToken)
    {
        var time = _runtime.Time;
        var nodeId = _flow.Start;
        for (var steps = 0; steps < MaxSteps; steps++)
        {
            var node = _flow.Nodes[nodeId];
            _current = node;
            _path.Add(node.Id);
            var startedAt = time.GetUtcNow();
            var started = time.GetTimestamp();
            var (next, outcome, keys) = await ExecuteAsync(node, cancellationToken).ConfigureAwait(false);
            if (node is HangupNode)
            {
                // The flow hung up and Asterisk confirmed it; the channel closing now cancels the session's token,
                // so the last step is stored on its own token and the exit stays the flow's, not the caller's.
                using var stored = ResultTokenSource();
                await StepAsync(node, outcome, keys, startedAt, time.GetElapsedTime(started), stored.Token).ConfigureAwait(false);
                return IvrExit.HungUpByFlow;
            }

            await StepAsync(node, outcome, keys, startedAt, time.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
            switch (node)
            {
                case RouteNode:
                    return IvrExit.Routed;
                case TransferNode:
                    return IvrExit.Transferred;
            }
            nodeId = next!;
        }
        throw new InvalidOperationException($"The flow ran {MaxSteps} steps without ending.");
    }

    private Task<(string? Next, string Outcome, string? Keys)> ExecuteAsync(IvrNode node, CancellationToken cancellationToken) => node switch
    {
        PlayNode play => PlayNodeAsync(play, cancellationToken),
        MenuNode menu => MenuAsync(menu, cancellationToken),
        CollectNode collect => CollectAsync(collect, cancellationToken),
        LookupNode lookup => LookupAsync(lookup, cancellationToken),
        SetNode set => SetAsync(set, cancellationToken),
        BranchNode branch => Task.FromResult<(string?, string, string?)>(
            _variables.TryGetValue(branch.Variable, out var value) && branch.Cases.TryGetValue(value, out var target)
                ? (target, "case:" + value, null)
                : (branch.Default, "default", null)),
        HoursNode hours => HoursAsync(hours, cancellationToken),
        RouteNode route => RouteAsync(route, cancellationToken),
        TransferNode transfer => TransferAsync(transfer, cancellationToken),
        SurveyNode survey => SurveyAsync(survey, cancellationToken),
        HangupNode => HangupAsync(cancellationToken),
        _ => throw new InvalidOperationException($"Node kind {node.Kind} has no runtime."),
    };

    private async Task<(string?, string, string?)> PlayNodeAsync(PlayNode node, CancellationToken cancellationToken)
    {
        foreach (var prompt in node.Prompts)
        {
            await PlayAsync(prompt, string.Empty, cancellationToken).ConfigureAwait(false);
        }
        return (node.Next, "played", null);
    }

    private async Task<(string?, string, string?)> MenuAsync(MenuNode node, CancellationToken cancellationToken)
    {
        var pressed = new List<string>();
        for (var attempt = 0; attempt <= node.Retries; attempt++)
        {
            var key = await PlayAsync(node.Prompt, AllKeys, cancellationToken).ConfigureAwait(false)
                ?? await WaitForKeyAsync(node.Timeout, cancellationToken).ConfigureAwait(false);
            if (key is { } k && node.Options.TryGetValue(k, out var target))
            {
                pressed.Add(k.ToString());
                return (target, "key:" + k, string.Join(',', pressed));
            }
            pressed.Add(key?.ToString() ?? "-");
            var retryPrompt = key is null ? node.TimeoutPrompt : node.InvalidPrompt;
            if (attempt < node.Retries && retryPrompt is not null)
            {
                await PlayAsync(retryPrompt, string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        return (node.Fallback, "fallback", string.Join(',', pressed));
    }

    private async Task<(string?, string, string?)> CollectAsync(CollectNode node, CancellationToken cancellationToken)
    {
        string? last = null;
        for (var attempt = 0; attempt <= node.Retries; attempt++)
        {
            var digits = await GetDigitsAsync(node, cancellationToken).ConfigureAwait(false);
            if (digits.Length > 0 && node.Accepts(digits))
            {
                _variables[node.Variable] = digits;
                return (node.Next, "digits", digits);
            }
            last = digits;
            if (attempt < node.Retries && digits.Length > 0 && node.InvalidPrompt is not null)
            {
                await PlayAsync(node.InvalidPrompt, string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        return (node.Fallback, "fallback", string.IsNullOrEmpty(last) ? null : last);
    }

    private async Task<(string?, string, string?)> LookupAsync(LookupNode node, CancellationToken cancellationToken)
    {
        var key = node.By == IvrLookupBy.CallerNumber
            ? Request.CallerId is { Length: > 0 } number && number != "unknown" ? number : null
            : _variables.GetValueOrDefault(node.Variable ?? "policy");
        IvrCustomer? customer = null;
        if (!string.IsNullOrEmpty(key))
        {
            using var timeout = new CancellationTokenSource(_runtime.Options.LookupTimeout, _runtime.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                customer = node.By == IvrLookupBy.CallerNumber
                    ? await _runtime.Lookup.FindByPhoneAsync(key, linked.Token).ConfigureAwait(false)
                    : await _runtime.Lookup.FindByPolicyNumberAsync(key, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                IvrLog.LookupFailed(_runtime.Logger, _flow.Name, _callId, node.Id, ex);
            }
        }
        if (customer is null)
        {
            return (node.NotFound, "not-found", null);
        }

        _variables["customer"] = customer.CustomerId.ToString(CultureInfo.InvariantCulture);
        if (customer.PolicyNumber is { Length: > 0 } policy)
        {
            _variables["policy"] = policy;
        }
        _variables["openComplaint"] = customer.HasOpenComplaint ? "yes" : "no";
        return customer.HasOpenComplaint && node.OpenComplaint is { } open ? (open, "open-complaint", null) : (node.Found, "found", null);
    }

    private async Task<(string?, string, string?)> SetAsync(SetNode node, CancellationToken cancellationToken)
    {
        foreach (var (variable, channelVariable) in node.FromChannel)
        {
            if (await _session.GetVariableAsync(channelVariable, cancellationToken).ConfigureAwait(false) is { } value)
            {
                _variables[variable] = value;
            }
        }
        foreach (var (variable, value) in node.Variables)
        {
            _variables[variable] = Expand(value);
        }
        foreach (var (channelVariable, value) in node.ChannelVariables)
        {
            var expanded = Expand(value);
            if (expanded.Length > 0)
            {
                await _session.SetVariableAsync(channelVariable, expanded, cancellationToken).ConfigureAwait(false);
            }
        }
        return (node.Next, "set", null);
    }

    private async Task<(string?, string, string?)> HoursAsync(HoursNode node, CancellationToken cancellationToken)
    {
        bool open;
        try
        {
            open = await _runtime.BusinessHours.IsOpenAsync(node.Schedule, _site, _runtime.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            IvrLog.HoursFailed(_runtime.Logger, _flow.Name, _callId, node.Id, ex);
            open = true;
        }
        return open ? (node.Open, "open", null) : (node.Closed, "closed", null);
    }

    private async Task<(string?, string, string?)> RouteAsync(RouteNode node, CancellationToken cancellationToken)
    {
        Bridge.RouteDecision decision;
        try
        {
            decision = _runtime.Router.DecideRoute(_site, node.Queue, _callId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            IvrLog.RouteFailed(_runtime.Logger, _flow.Name, _callId, node.Id, ex);
            decision = new Bridge.RouteDecision(_site, node.Queue, _site, false, null, null, null);
        }

        _queue = decision.QueueName;
        _priority = node.Priority;
        await _session.SetVariableAsync("CC_QUEUE", decision.QueueName, cancellationToken).ConfigureAwait(false);
        await _session.SetVariableAsync("QUEUE_PRIO", node.Priority.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        await _session.SetVariableAsync("CC_IVR_PATH", string.Join('>', _path), cancellationToken).ConfigureAwait(false);
        if (decision.Diverted)
        {
            await _session.SetVariableAsync("CC_TARGET_SITE", decision.TargetSite, cancellationToken).ConfigureAwait(false);
            await _session.SetVariableAsync("CC_ROUTE_CONTEXT", decision.DialplanContext ?? IvrRoutes.DefaultOverflowContext, cancellationToken).ConfigureAwait(false);
            await _session.SetVariableAsync("CC_ROUTE_EXTEN", decision.DialplanExten ?? IvrRoutes.OverflowExtension(decision.TargetSite, decision.QueueName), cancellationToken).ConfigureAwait(false);
            await _session.SetVariableAsync(IvrRoutes.RouteVariable, IvrRoutes.Divert, cancellationToken).ConfigureAwait(false);
            return (null, "diverted:" + decision.TargetSite, null);
        }
        await _session.SetVariableAsync(IvrRoutes.RouteVariable, IvrRoutes.Queue, cancellationToken).ConfigureAwait(false);
        return (null, "routed", null);
    }

    private async Task<(string?, string, string?)> TransferAsync(TransferNode node, CancellationToken cancellationToken)
    {
        _queue = node.Queue;
        await _session.SetVariableAsync("CC_QUEUE", node.Queue, cancellationToken).ConfigureAwait(false);
        await _session.SetVariableAsync("CC_IVR_PATH", string.Join('>', _path), cancellationToken).ConfigureAwait(false);
        await _session.SetVariableAsync("CC_TARGET_SITE", node.Site, cancellationToken).ConfigureAwait(false);
        await _session.SetVariableAsync("CC_ROUTE_EXTEN", IvrRoutes.OverflowExtension(node.Site, node.Queue), cancellationToken).ConfigureAwait(false);
        await _session.SetVariableAsync(IvrRoutes.RouteVariable, IvrRoutes.Transfer, cancellationToken).ConfigureAwait(false);
        return (null, "transferred:" + node.Site, null);
    }

    private async Task<(string?, string, string?)> HangupAsync(CancellationToken cancellationToken)
    {
        await _session.HangupAsync(cancellationToken).ConfigureAwait(false);
        return (null, "hung-up-by-flow", null);
    }

    private async Task<(string?, string, string?)> SurveyAsync(SurveyNode node, CancellationToken cancellationToken)
    {
        var (seat, queueId) = await SurveyTargetAsync(cancellationToken).ConfigureAwait(false);

        int? score = null;
        var pressed = new List<string>();
        var stored = false;
        try
        {
            var replays = 0;
            var invalid = 0;
            while (true)
            {
                var key = await PlayAsync(node.Prompt, AllKeys, cancellationToken).ConfigureAwait(false)
                    ?? await WaitForKeyAsync(node.Timeout, cancellationToken).ConfigureAwait(false);
                if (key is null)
                {
                    break;
                }
                pressed.Add(key.Value.ToString());
                if (key.Value is >= '1' and <= '9' && key.Value - '0' <= node.Scale)
                {
                    score = key.Value - '0';
                    break;
                }
                if (key == node.ReplayKey && replays < SurveyNode.MaxReplays)
                {
                    replays++;
                    continue;
                }
                if (invalid++ > 0)
                {
                    break;
                }
                if (node.InvalidPrompt is not null)
                {
                    await PlayAsync(node.InvalidPrompt, string.Empty, cancellationToken).ConfigureAwait(false);
                }
            }

            using (var result = ResultTokenSource())
            {
                await StoreSurveyAsync(node, seat, queueId, score, result.Token).ConfigureAwait(false);
            }
            stored = true;
            await _session.SetVariableAsync("SURVEY_SCORE", score?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, cancellationToken).ConfigureAwait(false);
            await _session.SetVariableAsync("SURVEY_STATUS", score is null ? "not-rated" : "rated", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!stored)
            {
                // The caller hung up (or the channel failed) before answering: "not rated", never a default score.
                using var result = ResultTokenSource();
                await StoreSurveyAsync(node, seat, queueId, score, result.Token).ConfigureAwait(false);
            }
        }
        return (node.Next, score is { } s ? "rated:" + s.ToString(CultureInfo.InvariantCulture) : "not-rated", pressed.Count == 0 ? null : string.Join(',', pressed));
    }

    /// <summary>The seat and queue the survey is about: <c>?seat=</c>/<c>?queue=</c>, else MEMBERNAME/QUEUENAME (app_queue's setinterfacevar/setqueuevar).</summary>
    private async Task<(string? Seat, string? QueueId)> SurveyTargetAsync(CancellationToken cancellationToken)
    {
        var query = Request.Query;
        var seat = Clean(query.GetValueOrDefault("seat"), 64)
            ?? Clean(await _session.GetVariableAsync("MEMBERNAME", cancellationToken).ConfigureAwait(false), 64);
        var queueName = Clean(query.GetValueOrDefault("queue"), 60)
            ?? Clean(await _session.GetVariableAsync("QUEUENAME", cancellationToken).ConfigureAwait(false), 60);
        _queue = queueName;
        return (seat, queueName is null ? null : queueName.Contains('/', StringComparison.Ordinal) ? queueName : Queue.MakeId(_site, queueName));
    }

    /// <summary>A survey flow the caller left before its question: still one "not rated" result for the call.</summary>
    private async Task StoreUnansweredSurveyAsync()
    {
        if (_surveyStored || _flow.Nodes.Values.OfType<SurveyNode>().FirstOrDefault() is not { } node)
        {
            return;
        }
        using var result = ResultTokenSource();
        (string? Seat, string? QueueId) target = (null, null);
        try
        {
            // GET VARIABLE still works on a dead channel.
            target = await SurveyTargetAsync(result.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or AgiCommandException)
        {
            // The connection is gone: store what we know.
        }
        await StoreSurveyAsync(node, target.Seat, target.QueueId, null, result.Token).ConfigureAwait(false);
    }

    private async Task StoreSurveyAsync(SurveyNode node, string? seat, string? queueId, int? score, CancellationToken cancellationToken)
    {
        var now = _runtime.Time.GetUtcNow();
        var result = score is { } s
            ? SurveyResult.Rated(_callId, seat, queueId, _site, node.Scale, s, now)
            : SurveyResult.NotRated(_callId, seat, queueId, _site, node.Scale, now);
        _variables["surveyStatus"] = score is null ? "not-rated" : "rated";
        if (score is { } rated)
        {
            _variables["surveyScore"] = rated.ToString(CultureInfo.InvariantCulture);
        }
        IvrLog.SurveyStored(_runtime.Logger, _flow.Name, _callId, _variables["surveyStatus"], seat, queueId);
        _surveyStored = true;
        await SinkAsync(t => _runtime.Sink.SurveyAsync(result, t), cancellationToken).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ prompts and keys

    /// <summary>
    /// Plays a prompt; returns the key that interrupted it (only keys in <paramref name="escapeDigits"/>).
    /// Without its audio file the prompt's digits are read with SAY DIGITS (Asterisk's core sounds).
    /// </summary>
    private async Task<char?> PlayAsync(string promptId, string escapeDigits, CancellationToken cancellationToken)
    {
        var prompt = _flow.Prompts[promptId];
        var file = prompt.Audio ?? _runtime.Prompts.Resolve(_flow.Name, promptId, _language);
        if (file is not null)
        {
            var reply = await _session.StreamFileAsync(file, escapeDigits, cancellationToken).ConfigureAwait(false);
            if (reply.ResultCode != -1)
            {
                return reply.Digit;
            }
            if (reply.EndPosition is not 0 || _session.IsHungUp)
            {
                throw new CallerHungUpException();
            }
            // result=-1 endpos=0 on a live channel: Asterisk has no such file.
        }

        IvrLog.PromptMissing(_runtime.Logger, _flow.Name, promptId, _language);
        var digits = IvrPromptFiles.DigitsOf(prompt.Text.GetValueOrDefault(_language) ?? prompt.Text.Values.FirstOrDefault());
        if (digits.Length == 0)
        {
            return null;
        }
        var said = await _session.SayDigitsAsync(digits, escapeDigits, cancellationToken).ConfigureAwait(false);
        return said.ResultCode == -1 ? throw new CallerHungUpException() : said.Digit;
    }

    private async Task<char?> WaitForKeyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reply = await _session.WaitForDigitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return reply.ResultCode == -1 ? throw new CallerHungUpException() : reply.Digit;
    }

    /// <summary>Plays the collect prompt and reads digits; empty on silence.</summary>
    private async Task<string> GetDigitsAsync(CollectNode node, CancellationToken cancellationToken)
    {
        var prefix = string.Empty;
        var file = _flow.Prompts[node.Prompt].Audio ?? _runtime.Prompts.Resolve(_flow.Name, node.Prompt, _language);
        if (file is null)
        {
            // No prompt file: read its digits, keep a key pressed during that, then listen behind a short silence.
            prefix = (await PlayAsync(node.Prompt, AllKeys, cancellationToken).ConfigureAwait(false))?.ToString() ?? string.Empty;
            file = FallbackSilence;
            if (prefix == node.Terminator)
            {
                return string.Empty;
            }
        }
        var max = node.MaxLength - prefix.Length;
        if (max <= 0)
        {
            return prefix;
        }
        var reply = await _session.GetDataAsync(file, node.Timeout, max, cancellationToken).ConfigureAwait(false);
        if (reply.Result == "-1")
        {
            throw new CallerHungUpException();
        }
        return prefix + (reply.Result ?? string.Empty);
    }

    // ------------------------------------------------------------------ helpers

    private async Task StepAsync(IvrNode node, string outcome, string? keys, DateTimeOffset startedAt, TimeSpan duration, CancellationToken cancellationToken)
    {
        var step = new IvrStepRecord(_callId, _flow.Name, ++_sequence, node.Id, node.Kind, outcome, keys, startedAt, duration);
        await SinkAsync(t => _runtime.Sink.StepAsync(step, t), cancellationToken).ConfigureAwait(false);
    }

    private async Task SinkAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            IvrLog.SinkFailed(_runtime.Logger, _flow.Name, _callId, ex);
        }
    }

    /// <summary>A token for writing results after the caller hung up (the run's token is cancelled by then).</summary>
    private CancellationTokenSource ResultTokenSource() => new(_runtime.Options.SinkTimeout, _runtime.Time);

    private bool IsHangup(Exception ex) =>
        ex is OperationCanceledException or CallerHungUpException
        || (ex is AgiCommandException { Reply.Code: 511 })
        || (_session.IsHungUp && ex is AgiCommandException);

    private string Expand(string value)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }
        return VariablePattern().Replace(value, m => m.Groups[1].Value switch
        {
            "callId" => _callId,
            "site" => _site,
            "flow" => _flow.Name,
            var name => _variables.GetValueOrDefault(name, string.Empty),
        });
    }

    private static string? Clean(string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > maxLength ? null : trimmed;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex VariablePattern();

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex SiteCodePattern();

    private sealed class CallerHungUpException : Exception
    {
        public CallerHungUpException()
            : base("The caller hung up.")
        {
        }
    }
}
