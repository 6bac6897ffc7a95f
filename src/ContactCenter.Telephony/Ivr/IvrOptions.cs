using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Telephony.Ivr;

/// <summary>Settings of the IVR runtime. Bind from configuration section <c>Ivr</c>.</summary>
public sealed class IvrOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Ivr";

    /// <summary>The folder with the flow files (<c>*.json</c>) and <c>catalog.json</c>. Default <c>ivr-flows</c>.</summary>
    [Required]
    public string FlowDirectory { get; set; } = "ivr-flows";

    /// <summary>
    /// The folder the generated prompts are in, as this process sees it (<c>&lt;dir&gt;/&lt;lang&gt;/&lt;flow&gt;-&lt;prompt&gt;.wav</c>,
    /// written by <c>ivr prompts</c>). A prompt whose file is missing is read as digits with Asterisk's core sounds.
    /// Default <c>/var/lib/asterisk/sounds/cc-ivr</c>.
    /// </summary>
    [Required]
    public string PromptDirectory { get; set; } = "/var/lib/asterisk/sounds/cc-ivr";

    /// <summary>The same folder as Asterisk sees it (STREAM FILE path without extension); null = <see cref="PromptDirectory"/>.</summary>
    public string? AsteriskPromptDirectory { get; set; }

    /// <summary>The site code used when neither the script query (<c>?site=</c>) nor the channel variable <c>SITE</c> gives one. Default <c>gz</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9_-]{1,32}$")]
    public string DefaultSiteCode { get; set; } = "gz";

    /// <summary>Prompt language when the call does not ask for <c>en</c> (<c>?lang=</c>, or agi_language). Default <c>zh-CN</c>.</summary>
    [Required]
    [RegularExpression("^(zh-CN|en)$")]
    public string DefaultLanguage { get; set; } = "zh-CN";

    /// <summary>Longest wait for a customer lookup before the caller is treated as not identified. Default 3 s (0.1–30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:30")]
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait for the result sink after the caller hung up. Default 5 s (0.1–60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan SinkTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
