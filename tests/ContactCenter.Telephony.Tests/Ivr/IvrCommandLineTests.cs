using ContactCenter.Telephony.Ivr;
using ContactCenter.Testing;

namespace ContactCenter.Telephony.Tests.Ivr;

public class IvrCommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Ivr_validate_passes_the_shipped_flows()
    {
        var output = new StringWriter();

        var exit = await IvrCommandLine.RunAsync(["ivr", "validate", RepoPaths.FlowDirectory], output, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(output.ToString().Trim(), Is.EqualTo("3 flow file(s), 0 error(s)"));
        Assert.That(exit, Is.Zero);
    }

    [Test]
    public async Task Ivr_validate_prints_file_line_message_and_fails_for_a_queue_that_does_not_exist()
    {
        using var directory = new TempDirectory();
        File.Copy(Path.Combine(RepoPaths.FlowDirectory, "hotline.json"), Path.Combine(directory.Path, "hotline.json"));
        var output = new StringWriter();

        var exit = await IvrCommandLine.RunAsync(["validate", directory.Path, "--queues", "complaints,claims"], output, CancellationToken.None).WaitAsync(Timeout);

        var file = Path.Combine(directory.Path, "hotline.json");
        var line = File.ReadLines(file).ToList().FindIndex(t => t.Contains("\"routePolicyService\": {", StringComparison.Ordinal)) + 1;
        Assert.That(line, Is.GreaterThan(0));
        Assert.That(output.ToString(), Does.Contain($"{file}:{line}: route 'routePolicyService' names queue 'policy-service', which does not exist"));
        Assert.That(output.ToString(), Does.Contain("1 flow file(s), 2 error(s)"), "routePolicyService and routeOperator");
        Assert.That(exit, Is.EqualTo(1));
    }

    [Test]
    public async Task Ivr_without_a_known_command_prints_the_usage()
    {
        var output = new StringWriter();

        var exit = await IvrCommandLine.RunAsync(["ivr", "frobnicate"], output, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(output.ToString(), Does.StartWith("usage: ivr validate"));
        Assert.That(exit, Is.EqualTo(2));
    }

    [Test]
    public async Task Ivr_prompts_writes_8_kHz_mono_16_bit_wav_files_for_both_languages()
    {
        if (!IvrPromptGenerator.ToolsAvailable())
        {
            MissingDependency.Report("espeak-ng and sox are not installed (Debian: apt-get install -y espeak-ng sox)");
        }
        using var flows = new TempDirectory();
        using var prompts = new TempDirectory();
        File.Copy(Path.Combine(RepoPaths.FlowDirectory, "satisfaction-survey.json"), Path.Combine(flows.Path, "satisfaction-survey.json"));
        var output = new StringWriter();

        var exit = await IvrCommandLine.RunAsync(["ivr", "prompts", flows.Path, prompts.Path], output, CancellationToken.None).WaitAsync(Timeout);

        Assert.That(exit, Is.Zero, output.ToString());
        var files = Directory.GetFiles(prompts.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(prompts.Path, f)).Order(StringComparer.Ordinal);
        Assert.That(files, Is.EqualTo(new[]
        {
            "en/satisfaction-survey-invalidRating.wav", "en/satisfaction-survey-rate.wav", "en/satisfaction-survey-thanks.wav",
            "zh-CN/satisfaction-survey-invalidRating.wav", "zh-CN/satisfaction-survey-rate.wav", "zh-CN/satisfaction-survey-thanks.wav",
        }));
        foreach (var file in Directory.GetFiles(prompts.Path, "*.wav", SearchOption.AllDirectories))
        {
            var header = File.ReadAllBytes(file);
            Assert.That(System.Text.Encoding.ASCII.GetString(header, 0, 4), Is.EqualTo("RIFF"), file);
            Assert.That(BitConverter.ToInt16(header, 22), Is.EqualTo(1), $"{file}: mono");
            Assert.That(BitConverter.ToInt32(header, 24), Is.EqualTo(8000), $"{file}: 8 kHz");
            Assert.That(BitConverter.ToInt16(header, 34), Is.EqualTo(16), $"{file}: 16-bit");
            Assert.That(header.Length, Is.GreaterThan(8000), $"{file}: at least half a second of speech");
        }

        // The runtime now finds the files and plays them instead of reading digits.
        var options = new IvrOptions { PromptDirectory = prompts.Path, AsteriskPromptDirectory = "/var/lib/asterisk/sounds/cc-ivr" };
        var resolver = new IvrPromptFiles(options);
        Assert.That(resolver.Resolve("satisfaction-survey", "rate", "zh-CN"), Is.EqualTo("/var/lib/asterisk/sounds/cc-ivr/zh-CN/satisfaction-survey-rate"));
        Assert.That(resolver.Resolve("satisfaction-survey", "missing", "zh-CN"), Is.Null);
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cc-ivr-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
