using System.Text.RegularExpressions;
using ContactCenter.Telephony.Bridge;
using ContactCenter.Telephony.Ivr;

namespace ContactCenter.Telephony.Tests.Bridge;

/// <summary>The shipped Asterisk configs in telephony-config/ are consistent with each other, the IVR and the seed data.</summary>
public sealed partial class TelephonyConfigTests
{
    private static readonly string[] SeedQueues = ["complaints", "claims", "policy-service"];
    private static readonly string[] IvrScripts = ["hotline", "satisfaction-survey", "callback-confirm"];
    private static readonly (string Site, string Other, int FirstSeat)[] Sites = [("gz", "sh", 1001), ("sh", "gz", 2001)];

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "telephony-config");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("telephony-config/ not found above the test binaries");
        }
    }

    private static IEnumerable<TestCaseData> SiteCases() => Sites.Select(s => new TestCaseData(s.Site, s.Other, s.FirstSeat).SetArgDisplayNames(s.Site));

    [TestCaseSource(nameof(SiteCases))]
    public void Every_dialplan_target_exists(string site, string other, int firstSeat)
    {
        _ = other;
        var dialplan = Dialplan.Load(Path.Combine(Root, $"site-{site}", "extensions.conf"));
        var endpoints = Sections(Path.Combine(Root, $"site-{site}", "pjsip.conf"), "endpoint");
        var queues = Sections(Path.Combine(Root, $"site-{site}", "queues.conf")).Where(q => q is not "general" and not "queue-template").ToHashSet();
        var domains = new Dictionary<string, string[]>
        {
            ["${CC_QUEUE}"] = SeedQueues,
            // the IVR's hand-back (the values the runtime really sets are checked in TelephonyConfigTests.IvrRoutes.cs)
            ["${CC_ROUTE_CONTEXT}"] = [IvrRoutes.DefaultOverflowContext, new SiteOptions().OverflowContext],
            ["${CC_ROUTE_EXTEN}"] = [.. Sites.SelectMany(s => SeedQueues.Select(q => IvrRoutes.OverflowExtension(s.Site, q)))],
            ["${ARG1}"] = SeedQueues,
            // a preview callback's seat: outbound-connect seat-<extension> sets it to the extension
            ["${CC_CONNECT_SEAT}"] = [.. Enumerable.Range(firstSeat, 6).Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        };
        var problems = new List<string>();
        foreach (var (context, exten, app, data) in dialplan.Steps)
        {
            var sample = Dialplan.Sample(exten);
            string Expand(string s) => s.Replace("${EXTEN}", sample, StringComparison.Ordinal);

            foreach (Match m in GotoTarget().Matches($"{app}({data})"))
            {
                var parts = Expand(m.Groups["target"].Value).Split(',');
                var (ctx, ext) = parts.Length >= 3 ? (parts[0], parts[1]) : (context, parts.Length == 2 ? parts[0] : exten);
                foreach (var c in Domain(ctx, domains))
                {
                    foreach (var e in Domain(ext, domains))
                    {
                        if (!dialplan.Has(c, e))
                        {
                            problems.Add($"[{context}] {exten}: {app} to {c},{e} which does not exist");
                        }
                    }
                }
            }

            foreach (Match m in DialEndpoint().Matches(data))
            {
                var endpoint = m.Groups["at"].Success ? m.Groups["at"].Value : m.Groups["ep"].Value;
                if (!endpoint.Contains('$', StringComparison.Ordinal) && !endpoints.Contains(endpoint))
                {
                    problems.Add($"[{context}] {exten}: Dial to unknown endpoint {endpoint}");
                }
            }

            if (app == "Queue")
            {
                foreach (var q in Domain(data.Split(',')[0], domains))
                {
                    if (!queues.Contains(q))
                    {
                        problems.Add($"[{context}] {exten}: Queue({q}) is not in queues.conf");
                    }
                }
            }

            if (app == "AGI")
            {
                var script = AgiScript().Match(data);
                if (!script.Success || !IvrScripts.Contains(script.Groups["script"].Value))
                {
                    problems.Add($"[{context}] {exten}: AGI({data}) is not one of the IVR's scripts {string.Join(", ", IvrScripts)}");
                }
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(dialplan.Globals, Does.ContainKey("IVR_FALLBACK_QUEUE"));
        Assert.That(dialplan.Has("queue", dialplan.Globals["IVR_FALLBACK_QUEUE"]), Is.True, "a caller the IVR did not route is queued in an existing queue");
        Assert.That(dialplan.Steps.Where(s => s.App == "AGI").Select(s => AgiScript().Match(s.Data).Groups["script"].Value).Distinct(), Is.EquivalentTo(IvrScripts));
        Assert.That(dialplan.Steps.Any(s => s.App == "MixMonitor" && s.Context == "queue-sub"), Is.True, "queue calls are recorded");
    }

    [TestCaseSource(nameof(SiteCases))]
    public void Queues_seats_and_the_trunk_match_the_seed_data_and_the_bridge(string site, string other, int firstSeat)
    {
        var dir = Path.Combine(Root, $"site-{site}");
        var queues = Sections(Path.Combine(dir, "queues.conf")).Where(q => q is not "general" and not "queue-template");
        Assert.That(queues, Is.EquivalentTo(SeedQueues));

        var endpoints = Sections(Path.Combine(dir, "pjsip.conf"), "endpoint");
        var seatEndpoints = Enumerable.Range(firstSeat, 6).Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(endpoints, Is.SupersetOf(seatEndpoints.Append($"site-{other}").Append("carrier").Append("carrier-out")));
        var pjsip = File.ReadAllText(Path.Combine(dir, "pjsip.conf"));
        Assert.That(pjsip, Does.Contain("protocol = wss").And.Contain("webrtc = yes"), "a WebRTC-capable transport and seat template");

        var dialplan = Dialplan.Load(Path.Combine(dir, "extensions.conf"));
        var otherPlan = Dialplan.Load(Path.Combine(Root, $"site-{other}", "extensions.conf"));
        foreach (var q in SeedQueues)
        {
            Assert.That(dialplan.Has("overflow", $"{other}-{q}"), Is.True, $"overflow,{other}-{q} (the bridge redirects to <target>-<queue>)");
            Assert.That(otherPlan.Has($"from-site-{site}", q), Is.True, $"site {other} takes overflowed {q} calls");
            Assert.That(dialplan.Has("outbound-connect", q), Is.True);
        }

        // The dialer's Originate: seat-<extension> for a preview call (DialRequest.SeatConnectExtension), callback for a progressive one.
        foreach (var seat in Enumerable.Range(firstSeat, 6).Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            Assert.That(dialplan.Has("outbound-connect", $"seat-{seat}"), Is.True, $"outbound-connect,seat-{seat} (the seat that dialled a preview callback)");
            Assert.That(dialplan.Has("outbound-seat", seat), Is.True, $"outbound-seat,{seat} dials the seat after callback-confirm");
        }

        Assert.That(dialplan.Has("outbound-connect", "callback"), Is.True, "outbound-connect,callback (a progressive callback: the queue of its kind)");
        Assert.That(dialplan.Has("supervisor-listen", $"listen-{firstSeat}"), Is.True);
        Assert.That(dialplan.Has("inbound", "95518"), Is.True);
    }

    [TestCaseSource(nameof(SiteCases))]
    public void Manager_user_is_least_privilege_with_a_raised_write_timeout(string site, string other, int firstSeat)
    {
        _ = other;
        _ = firstSeat;
        var manager = Ini(Path.Combine(Root, $"site-{site}", "manager.conf"));
        Assert.That(manager["general"]["channelvars"], Does.Contain("CC_CALLID"));
        Assert.That(manager["general"]["timestampevents"], Is.EqualTo("yes"));
        var user = manager["cc-bridge"];
        var read = user["read"].Split(',');
        var write = user["write"].Split(',');
        Assert.That(read, Is.SupersetOf(new[] { "system", "call", "agent", "user", "dialplan" }).And.No.Contains("all").And.No.Contains("dtmf"));
        Assert.That(write, Is.SupersetOf(new[] { "call", "agent", "originate" }).And.No.Contains("all").And.No.Contains("command").And.No.Contains("system").And.No.Contains("config"));
        Assert.That(int.Parse(user["writetimeout"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1000));
    }

    [Test]
    public void No_secret_is_a_known_default_and_every_secret_is_a_placeholder()
    {
        string[] defaults = ["1234", "12345", "amp111", "amp109", "password", "secret", "admin", "bridge-secret", "wallboard-secret", "mysecret", "asterisk"];
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(Root, "*.conf", SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadLines(file).Select(l => l.Split(';')[0].Trim()))
            {
                var m = SecretLine().Match(line);
                if (!m.Success)
                {
                    continue;
                }

                var value = m.Groups["value"].Value;
                if (defaults.Contains(value, StringComparer.OrdinalIgnoreCase) || !value.StartsWith("CHANGE_ME_", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetRelativePath(Root, file)}: {m.Groups["key"].Value} = {value}");
                }
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(Root, "README.md")), Does.Contain("CHANGE_ME_"), "the README tells users to replace them");
    }

    /// <summary>The README's check, <c>grep -rn CHANGE_ME /etc/asterisk</c> prints nothing once the secrets are set, holds only if no comment says CHANGE_ME.</summary>
    [Test]
    public void Change_me_appears_only_as_the_placeholder_value_of_a_secret()
    {
        var stray = Directory.GetFiles(Root, "*.conf", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetRelativePath(Root, file), Number: i + 1, Line: line)))
            .Where(l => l.Line.Contains("CHANGE_ME", StringComparison.Ordinal) && !SecretLine().IsMatch(l.Line.Split(';')[0].Trim()))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}");
        Assert.That(stray, Is.Empty);
    }

    private static string[] Domain(string value, Dictionary<string, string[]> domains) =>
        domains.TryGetValue(value, out var values) ? values : [value];

    private static HashSet<string> Sections(string path, string? type = null) =>
        Ini(path).Where(s => type is null || (s.Value.TryGetValue("type", out var t) && t == type))
            .Select(s => s.Key).ToHashSet();

    /// <summary>Sections with their last value per key; a section that appears twice (PJSIP objects) keeps each type under its own key.</summary>
    private static Dictionary<string, Dictionary<string, string>> Ini(string path)
    {
        var result = new Dictionary<string, Dictionary<string, string>>();
        var templates = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split(';')[0].Trim();
            var header = SectionHeader().Match(line);
            if (header.Success)
            {
                current = new Dictionary<string, string>();
                foreach (var parent in header.Groups["parents"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (templates.TryGetValue(parent, out var inherited))
                    {
                        foreach (var (k, v) in inherited)
                        {
                            current[k] = v;
                        }
                    }
                }

                var name = header.Groups["name"].Value;
                if (header.Groups["parents"].Value == "!")
                {
                    templates[name] = current;
                }
                else if (!result.TryGetValue(name, out var existing) || !existing.TryGetValue("type", out var existingType) || existingType != "endpoint")
                {
                    result[name] = current;
                }

                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (current is not null && eq > 0)
            {
                current[line[..eq].Trim()] = line[(eq + 1)..].TrimStart('>').Trim();
            }
        }

        return result;
    }

    [GeneratedRegex(@"^\[(?<name>[^\]]+)\](?:\((?<parents>[^)]*)\))?$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^(?<key>secret|password)\s*=\s*(?<value>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"(?:(?:Goto|Gosub)\((?<target>[^()?]*?)(?:\(|\)|$)|GotoIf\([^?]*\?(?<target>[^():]*)|hangup_handler_push\)=(?<target>[^)\s]+)|b\((?<target>[^()^]+\^[^()^]+\^[^()^]+))")]
    private static partial Regex GotoTarget();

    [GeneratedRegex(@"PJSIP/(?:(?<ep>[A-Za-z0-9_-]+)(?:[,)/&]|$)|[^@,]*@(?<at>[A-Za-z0-9_-]+))")]
    private static partial Regex DialEndpoint();

    [GeneratedRegex(@"^agi://[^/]+/(?<script>[a-z-]+)(?:\?|$|,)")]
    private static partial Regex AgiScript();

    /// <summary>A minimal extensions.conf reader: contexts, extensions (with patterns) and their application steps.</summary>
    private sealed class Dialplan
    {
        private readonly Dictionary<string, HashSet<string>> _extens = [];

        public List<(string Context, string Exten, string App, string Data)> Steps { get; } = [];

        public Dictionary<string, string> Globals { get; } = new(StringComparer.Ordinal);

        public static Dialplan Load(string path)
        {
            var plan = new Dialplan();
            string? context = null;
            string? exten = null;
            foreach (var raw in File.ReadLines(path))
            {
                var line = raw.Split(';')[0].Trim();
                if (line.StartsWith('[') && line.EndsWith(']'))
                {
                    context = line[1..^1];
                    plan._extens.TryAdd(context, []);
                    continue;
                }

                if (context == "globals" && line.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq)
                {
                    plan.Globals[line[..eq].Trim()] = line[(eq + 1)..].Trim();
                    continue;
                }

                var m = Regex.Match(line, @"^(?:exten\s*=>\s*(?<exten>[^,]+),|same\s*=>\s*)(?<prio>[^,]+),(?<app>[A-Za-z]+)\((?<data>.*)\)$");
                if (context is null || !m.Success)
                {
                    continue;
                }

                if (m.Groups["exten"].Success)
                {
                    exten = m.Groups["exten"].Value.Trim();
                    plan._extens[context].Add(exten);
                }

                var app = m.Groups["app"].Value;
                var data = m.Groups["data"].Value;
                plan.Steps.Add((context, exten!, app, data));
                if (app == "ExecIf" && data.Split('?', 2) is [_, var inner] && Regex.Match(inner, @"^(?<app>[A-Za-z]+)\((?<data>.*)\)$") is { Success: true } nested)
                {
                    plan.Steps.Add((context, exten!, nested.Groups["app"].Value, nested.Groups["data"].Value));
                }
            }

            return plan;
        }

        public bool Has(string context, string exten) =>
            _extens.TryGetValue(context, out var extens) && extens.Any(e => Matches(e, exten));

        /// <summary>A concrete extension for a pattern (to expand ${EXTEN} in a target).</summary>
        public static string Sample(string exten) => exten.StartsWith('_')
            ? string.Concat(exten[1..].Select(c => c switch { 'X' or 'Z' or 'N' => '1', '.' or '!' => '2', _ => c }))
            : exten;

        private static bool Matches(string pattern, string exten)
        {
            if (!pattern.StartsWith('_'))
            {
                return pattern == exten;
            }

            var regex = "^" + string.Concat(pattern[1..].Select(c => c switch
            {
                'X' => "[0-9]",
                'Z' => "[1-9]",
                'N' => "[2-9]",
                '.' => ".+",
                '!' => ".*",
                _ => Regex.Escape(c.ToString()),
            })) + "$";
            return Regex.IsMatch(exten, regex);
        }
    }
}
