namespace ContactCenter.Telephony.Ivr;

/// <summary>
/// The queues and sites flows may name. A null set is not checked (the server passes the configured queues
/// and sites; <c>ivr validate</c> reads <c>catalog.json</c> beside the flows).
/// </summary>
public sealed record IvrCatalog(IReadOnlySet<string>? Queues, IReadOnlySet<string>? Sites)
{
    /// <summary>Checks nothing against queues or sites.</summary>
    public static IvrCatalog Unchecked { get; } = new(null, null);
}

/// <summary>
/// Checks the graph of a flow: unknown node and prompt references, unreachable nodes, loops with no exit,
/// prompts without text or audio, queues and sites that do not exist. (A menu without a fallback and bad
/// values are reported by <see cref="IvrFlowReader"/>.) Errors go into the document with their line.
/// </summary>
public static class IvrFlowValidator
{
    private static readonly string[] Languages = ["zh-CN", "en"];

    /// <summary>Validates one document (after reading it) and sorts its diagnostics by line.</summary>
    public static void Validate(IvrFlowDocument document, IvrCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(catalog);
        if (document.Flow is { } flow)
        {
            Check(document, flow, catalog);
        }
        document.SortDiagnostics();
    }

    /// <summary>Validates several documents, and that no two flows answer to the same script name.</summary>
    public static void Validate(IReadOnlyList<IvrFlowDocument> documents, IvrCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var document in documents)
        {
            if (document.Flow is { } flow)
            {
                foreach (var script in flow.Aliases.Prepend(flow.Name))
                {
                    if (!owners.TryAdd(script, flow.Name))
                    {
                        document.Error(script == flow.Name ? "/name" : "/aliases", $"script name '{script}' is already used by flow '{owners[script]}'");
                    }
                }
            }
            Validate(document, catalog);
        }
    }

    private static void Check(IvrFlowDocument document, IvrFlow flow, IvrCatalog catalog)
    {
        bool Exists(string id) => flow.Nodes.ContainsKey(id) || document.BrokenIds.Contains(id);

        if (!Exists(flow.Start))
        {
            document.Error("/start", $"start node '{flow.Start}' does not exist");
        }

        foreach (var prompt in flow.Prompts.Values)
        {
            var languages = Languages.Where(l => !prompt.Text.TryGetValue(l, out var text) || string.IsNullOrWhiteSpace(text)).ToList();
            if (languages.Count == Languages.Length && string.IsNullOrWhiteSpace(prompt.Audio))
            {
                document.Error("/prompts/" + prompt.Id, $"prompt '{prompt.Id}' has no audio and no text");
            }
            else if (languages.Count > 0)
            {
                document.Error("/prompts/" + prompt.Id, $"prompt '{prompt.Id}' has no {string.Join(" or ", languages)} text");
            }
        }

        foreach (var node in flow.Nodes.Values)
        {
            var path = "/nodes/" + node.Id;
            foreach (var edge in node.Edges.Where(e => !Exists(e.Target)))
            {
                document.Error(path + "/" + edge.Field, $"node '{node.Id}' ({edge.Field}) leads to unknown node '{edge.Target}'");
            }
            foreach (var promptId in node.PromptIds.Where(p => !flow.Prompts.ContainsKey(p)))
            {
                document.Error(path, $"node '{node.Id}' plays unknown prompt '{promptId}'");
            }
            switch (node)
            {
                case PlayNode { Prompts.Count: 0 }:
                    document.Error(path, $"play node '{node.Id}' has no prompts");
                    break;
                case MenuNode { Options.Count: 0 }:
                    document.Error(path, $"menu '{node.Id}' has no options");
                    break;
                case RouteNode route when catalog.Queues is { } queues && !queues.Contains(route.Queue):
                    document.Error(path + "/queue", $"route '{node.Id}' names queue '{route.Queue}', which does not exist (known: {string.Join(", ", queues.Order(StringComparer.Ordinal))})");
                    break;
                case TransferNode transfer:
                    if (catalog.Sites is { } sites && !sites.Contains(transfer.Site))
                    {
                        document.Error(path + "/site", $"transfer '{node.Id}' names site '{transfer.Site}', which does not exist (known: {string.Join(", ", sites.Order(StringComparer.Ordinal))})");
                    }
                    if (catalog.Queues is { } known && !known.Contains(transfer.Queue))
                    {
                        document.Error(path + "/queue", $"transfer '{node.Id}' names queue '{transfer.Queue}', which does not exist");
                    }
                    break;
            }
        }

        // Reachability from the start.
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        if (flow.Nodes.ContainsKey(flow.Start))
        {
            pending.Push(flow.Start);
        }
        while (pending.TryPop(out var id))
        {
            if (reachable.Add(id) && flow.Nodes.TryGetValue(id, out var node))
            {
                foreach (var edge in node.Edges.Where(e => flow.Nodes.ContainsKey(e.Target)))
                {
                    pending.Push(edge.Target);
                }
            }
        }
        foreach (var node in flow.Nodes.Values.Where(n => !reachable.Contains(n.Id)))
        {
            document.Error("/nodes/" + node.Id, $"node '{node.Id}' cannot be reached from the start node '{flow.Start}'");
        }

        // Loops with no exit: reachable nodes from which no terminal node (route, transfer, hang-up) can be reached.
        var exits = new HashSet<string>(flow.Nodes.Values.Where(n => n.IsTerminal).Select(n => n.Id), StringComparer.Ordinal);
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var node in flow.Nodes.Values.Where(n => !exits.Contains(n.Id)))
            {
                if (node.Edges.Any(e => exits.Contains(e.Target) || document.BrokenIds.Contains(e.Target)))
                {
                    exits.Add(node.Id);
                    changed = true;
                }
            }
        }
        foreach (var node in flow.Nodes.Values.Where(n => reachable.Contains(n.Id) && !exits.Contains(n.Id) && n.Edges.All(e => Exists(e.Target))))
        {
            document.Error("/nodes/" + node.Id, $"node '{node.Id}' is in a loop with no exit: no route, transfer or hang-up can be reached from it");
        }
    }
}
