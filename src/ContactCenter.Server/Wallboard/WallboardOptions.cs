using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Server.Wallboard;

/// <summary>The supervisor wallboard (section <c>Wallboard</c>).</summary>
public sealed class WallboardOptions : IValidatableObject
{
    public const string Section = "Wallboard";

    /// <summary>How often changed figures are pushed and KPIs recomputed, 0.1–1 s. Default 0.5 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait above this colours the figure and raises an alert, 1–3600 s. Default 60.</summary>
    [Range(1, 3600)]
    public int LongestWaitAlertSeconds { get; set; } = 60;

    /// <summary>Abandon rate above this (0–1) colours the figure and raises an alert. Default 0.10.</summary>
    [Range(0.0, 1.0)]
    public double AbandonRateAlert { get; set; } = 0.10;

    /// <summary>Answer rate under this (0–1) colours the figure. Default 0.85 (DOMAIN §3 inbound target).</summary>
    [Range(0.0, 1.0)]
    public double AnswerRateTarget { get; set; } = 0.85;

    /// <summary>Satisfaction under this (0–1) colours the figure. Default 0.90.</summary>
    [Range(0.0, 1.0)]
    public double SatisfactionTarget { get; set; } = 0.90;

    /// <summary>
    /// Each supervisor's phone for listen/whisper/barge, by login: <c>"super-gz": "PJSIP/9001"</c>. A supervisor
    /// without an entry types the extension on the wallboard.
    /// </summary>
    public IDictionary<string, string> SupervisorPhones { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RefreshInterval < TimeSpan.FromMilliseconds(100) || RefreshInterval > TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Wallboard:RefreshInterval must be between 00:00:00.1 and 00:00:01.");
        }

        foreach (var (login, phone) in SupervisorPhones)
        {
            if (!phone.Contains('/', StringComparison.Ordinal) || phone.Any(char.IsWhiteSpace))
            {
                yield return new ValidationResult($"Wallboard:SupervisorPhones:{login} must be a channel interface such as PJSIP/9001.");
            }
        }
    }
}
