using System.Text;
using ContactCenter.Telephony.Ivr;

namespace ContactCenter.Telephony.Tests.Ivr;

public class IvrFlowValidatorTests
{
    private static readonly IvrCatalog Catalog = new(new HashSet<string> { "complaints", "claims" }, new HashSet<string> { "gz", "sh" });

    // Line numbers matter: the expected messages below name them.
    private const string Broken = """
        {
          "formatVersion": 1,
          "name": "broken",
          "version": "1",
          "start": "welcome",
          "prompts": {
            "hello": { "zh-CN": "您好", "en": "Hello" },
            "silent": { },
            "halfway": { "zh-CN": "请按1" }
          },
          "nodes": {
            "welcome": { "kind": "play", "prompts": ["hello"], "next": "menu" },
            "menu": { "kind": "menu", "prompt": "halfway", "options": { "1": "toClaims", "2": "spin" }, "fallback": "toClaims" },
            "toClaims": { "kind": "route", "queue": "claimz" },
            "orphan": { "kind": "play", "prompts": ["hello"], "next": "nowhere" },
            "spin": { "kind": "play", "prompts": ["silent"], "next": "spin2" },
            "spin2": { "kind": "play", "prompts": ["hello"], "next": "spin", "colour": "red" },
            "away": { "kind": "transfer", "site": "bj", "queue": "complaints" },
            "twice": { "kind": "hangup", "kind": "hangup" },
            "noFallback": { "kind": "menu", "prompt": "hello", "options": { "1": "toClaims" } }
          }
        }
        """;

    [Test]
    public async Task Every_shipped_flow_validates_against_the_shipped_catalog()
    {
        var directory = RepoPaths.FlowDirectory;
        var catalog = await IvrFlowLibrary.ReadCatalogAsync(directory, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var documents = await IvrFlowLibrary.ReadDirectoryAsync(directory, catalog, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(documents.Select(d => Path.GetFileName(d.File)), Is.EquivalentTo(new[] { "hotline.json", "satisfaction-survey.json", "callback-confirm.json" }));
        Assert.That(documents.SelectMany(d => d.Diagnostics).Select(d => d.ToString()), Is.Empty);
        Assert.That(catalog.Queues, Is.EquivalentTo(new[] { "complaints", "claims", "policy-service" }));
    }

    [Test]
    public void Each_problem_is_reported_at_its_line()
    {
        var document = IvrFlowReader.Read("flows/broken.json", Encoding.UTF8.GetBytes(Broken));
        IvrFlowValidator.Validate(document, Catalog);

        Assert.That(document.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "flows/broken.json:8: prompt 'silent' has no audio and no text",
            "flows/broken.json:9: prompt 'halfway' has no en text",
            "flows/broken.json:14: route 'toClaims' names queue 'claimz', which does not exist (known: claims, complaints)",
            "flows/broken.json:15: node 'orphan' (next) leads to unknown node 'nowhere'",
            "flows/broken.json:15: node 'orphan' cannot be reached from the start node 'welcome'",
            "flows/broken.json:16: node 'spin' is in a loop with no exit: no route, transfer or hang-up can be reached from it",
            "flows/broken.json:17: unknown property 'colour'",
            "flows/broken.json:17: node 'spin2' is in a loop with no exit: no route, transfer or hang-up can be reached from it",
            "flows/broken.json:18: transfer 'away' names site 'bj', which does not exist (known: gz, sh)",
            "flows/broken.json:18: node 'away' cannot be reached from the start node 'welcome'",
            "flows/broken.json:19: 'kind' appears twice in the same object",
            "flows/broken.json:19: node 'twice' cannot be reached from the start node 'welcome'",
            "flows/broken.json:20: menu 'noFallback' has no \"fallback\": a caller who presses nothing or only wrong keys must go somewhere",
        }));
    }

    [Test]
    public void A_loop_that_the_caller_can_leave_is_not_an_error_but_one_that_cannot_be_left_is()
    {
        const string Flow = """
            { "formatVersion": 1, "name": "loops", "version": "1", "start": "a",
              "prompts": { "p": { "zh-CN": "按1", "en": "press 1" } },
              "nodes": {
                "a": { "kind": "menu", "prompt": "p", "options": { "1": "b", "9": "a" }, "fallback": "end" },
                "b": { "kind": "branch", "variable": "x", "cases": { "y": "a" }, "default": "c" },
                "c": { "kind": "set", "variables": { "x": "y" }, "next": "b" },
                "end": { "kind": "hangup" }
              } }
            """;
        var document = IvrFlowReader.Read("loops.json", Encoding.UTF8.GetBytes(Flow));
        IvrFlowValidator.Validate(document, IvrCatalog.Unchecked);

        Assert.That(document.Diagnostics, Is.Empty, "a > b > c > b > a can reach the menu's fallback");
    }

    [TestCase("{ \"formatVersion\": 1,\n  \"name\": \"x\",\n  \"nodes\": { ,\n}", "x.json:3: not valid JSON", TestName = "A JSON syntax error is reported at its line")]
    [TestCase("{ \"formatVersion\": 2, \"name\": \"x\", \"version\": \"1\", \"start\": \"a\", \"prompts\": {}, \"nodes\": { \"a\": { \"kind\": \"hangup\" } } }",
        "x.json:1: format version 2 is not supported", TestName = "An unknown format version is refused")]
    [TestCase("{ \"formatVersion\": 1, \"name\": \"y\", \"version\": \"1\", \"start\": \"a\", \"prompts\": {}, \"nodes\": { \"a\": { \"kind\": \"hangup\" } } }",
        "x.json:1: the flow is named 'y' but its file is 'x.json'", TestName = "The flow name must be the file name")]
    [TestCase("{ \"formatVersion\": 1, \"name\": \"x\", \"version\": \"1\", \"start\": \"a\", \"prompts\": {},\n \"nodes\": { \"a\": { \"kind\": \"jump\" } } }",
        "x.json:2: node 'a' has unknown kind 'jump'", TestName = "An unknown node kind is refused")]
    [TestCase("{ \"formatVersion\": 1, \"name\": \"x\", \"version\": \"1\", \"start\": \"a\", \"prompts\": { \"p\": { \"zh-CN\": \"a\", \"en\": \"b\" } },\n \"nodes\": { \"a\": { \"kind\": \"collect\", \"prompt\": \"p\", \"variable\": \"v\", \"minLength\": 9, \"maxLength\": 3, \"next\": \"b\", \"fallback\": \"b\" }, \"b\": { \"kind\": \"hangup\" } } }",
        "x.json:2: collect 'a': minLength 9 is more than maxLength 3", TestName = "A collect node with min above max is refused")]
    [TestCase("{ \"formatVersion\": 1, \"name\": \"x\", \"version\": \"1\", \"start\": \"a\", \"prompts\": { \"p\": { \"zh-CN\": \"a\", \"en\": \"b\" } },\n \"nodes\": { \"a\": { \"kind\": \"survey\", \"prompt\": \"p\", \"scale\": 5, \"replayKey\": \"3\", \"next\": \"b\" }, \"b\": { \"kind\": \"hangup\" } } }",
        "x.json:2: survey 'a': the replay key must be one key", TestName = "A survey replay key inside the scale is refused")]
    [TestCase("{ \"formatVersion\": 1, \"name\": \"x\", \"version\": \"1\", \"start\": \"a\", \"prompts\": { \"p\": { \"zh-CN\": \"a\", \"en\": \"b\" } },\n \"nodes\": { \"a\": { \"kind\": \"collect\", \"prompt\": \"p\", \"variable\": \"v\", \"pattern\": \"[0-9\", \"next\": \"b\", \"fallback\": \"b\" }, \"b\": { \"kind\": \"hangup\" } } }",
        "x.json:2: collect 'a': pattern is not a valid regular expression", TestName = "A bad policy-number pattern is refused")]
    public void Bad_values_are_reported(string json, string expected)
    {
        var document = IvrFlowReader.Read("x.json", Encoding.UTF8.GetBytes(json));
        IvrFlowValidator.Validate(document, Catalog);

        Assert.That(document.Diagnostics.Select(d => d.ToString()), Has.Some.StartsWith(expected));
    }

    [Test]
    public async Task Two_flows_may_not_answer_to_the_same_script_name()
    {
        var directory = Directory.CreateTempSubdirectory("cc-ivr-flows-").FullName;
        try
        {
            const string Template = "{{ \"formatVersion\": 1, \"name\": \"{0}\", \"version\": \"1\", \"aliases\": [\"survey\"], \"start\": \"a\", \"prompts\": {{}}, \"nodes\": {{ \"a\": {{ \"kind\": \"hangup\" }} }} }}";
            await File.WriteAllTextAsync(Path.Combine(directory, "one.json"), string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "one"));
            await File.WriteAllTextAsync(Path.Combine(directory, "two.json"), string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "two"));

            var error = Assert.ThrowsAsync<IvrFlowException>(() => IvrFlowLibrary.LoadAsync(directory, IvrCatalog.Unchecked, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

            Assert.That(error!.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { $"{Path.Combine(directory, "two.json")}:1: script name 'survey' is already used by flow 'one'" }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
