using System.ComponentModel.DataAnnotations;

namespace ContactCenter.Server.Desk;

/// <summary>The seat desktop's lists and screen pop (section <c>Desk</c>).</summary>
public sealed class DeskOptions : IValidatableObject
{
    public const string Section = "Desk";

    /// <summary>小休 reasons a seat picks from. Default 小休, 午餐, 培训, 会议; each 1–50 characters.</summary>
    public IList<string> PauseReasons { get; } = [];

    /// <summary>Wrap-up (小结) codes; one is required after every answered call. Default 咨询, 投诉, 理赔报案, 保单变更, 回访预约, 其他; 1–64 characters each.</summary>
    public IList<string> WrapUpCodes { get; } = [];

    /// <summary>How many of the customer's last contacts the screen pop lists, 0–20. Default 5.</summary>
    [Range(0, 20)]
    public int RecentContacts { get; set; } = 5;

    /// <summary>The survey scale the IVR asks on (3 or 5 points). Default 5.</summary>
    [Range(3, 5)]
    public int SurveyScale { get; set; } = 5;

    /// <summary>The lists as configured, or the defaults when a list is not configured.</summary>
    public IReadOnlyList<string> EffectivePauseReasons => PauseReasons.Count > 0 ? [.. PauseReasons] : ["小休", "午餐", "培训", "会议"];

    public IReadOnlyList<string> EffectiveWrapUpCodes => WrapUpCodes.Count > 0 ? [.. WrapUpCodes] : ["咨询", "投诉", "理赔报案", "保单变更", "回访预约", "其他"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SurveyScale is not (3 or 5))
        {
            yield return new ValidationResult("Desk:SurveyScale must be 3 or 5.");
        }

        if (PauseReasons.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 50))
        {
            yield return new ValidationResult("Desk:PauseReasons entries must be 1-50 characters.");
        }

        if (WrapUpCodes.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 64))
        {
            yield return new ValidationResult("Desk:WrapUpCodes entries must be 1-64 characters.");
        }
    }
}
