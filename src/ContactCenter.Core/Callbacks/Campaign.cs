namespace ContactCenter.Core.Callbacks;

/// <summary>Kinds of follow-up call (回访), DOMAIN §3.</summary>
public enum CampaignKind
{
    /// <summary>服务满意度回访.</summary>
    Satisfaction,

    /// <summary>新契约回访: within the cooling-off period.</summary>
    NewPolicy,

    /// <summary>欺诈性销售回访.</summary>
    MisSellingCheck,

    /// <summary>投诉处理回访.</summary>
    ComplaintResolution,

    /// <summary>理赔回访: 100% of claims.</summary>
    Claims,

    /// <summary>风险管理服务回访.</summary>
    RiskManagement,

    /// <summary>消费者权益保护回访.</summary>
    ConsumerProtection,
}

/// <summary>Daily calling hours in the home site's local time, start inclusive, end exclusive, same day.</summary>
public sealed record CallingWindow
{
    public CallingWindow(TimeOnly start, TimeOnly end)
    {
        if (start >= end)
        {
            throw new DomainValidationException($"calling window start {start:HH:mm} must be before its end {end:HH:mm}");
        }

        Start = start;
        End = end;
    }

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    public bool Contains(TimeOnly localTime) => localTime >= Start && localTime < End;

    /// <summary>
    /// <paramref name="now"/> if it is inside the window (in <paramref name="zone"/>), otherwise the next
    /// window opening. Used to schedule the next attempt.
    /// </summary>
    public DateTimeOffset NextOpening(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        if (Contains(time))
        {
            return now;
        }

        var day = DateOnly.FromDateTime(local.DateTime);
        if (time >= End)
        {
            day = day.AddDays(1);
        }

        var opening = day.ToDateTime(Start);
        return new DateTimeOffset(opening, zone.GetUtcOffset(opening));
    }
}

/// <summary>
/// A callback campaign: what kind, which site dials it, when (window in <see cref="TimeZoneId"/>, working
/// days), how many tries per task and when to retry, preview or progressive dialing, and where the answered
/// customer is sent in the dialplan (<see cref="ConnectExtension"/>).
/// </summary>
public sealed class Campaign : IVersioned
{
    /// <summary>China Standard Time, the default zone of a campaign.</summary>
    public const string DefaultTimeZoneId = "Asia/Shanghai";

    public Campaign(
        int id,
        string name,
        CampaignKind kind,
        string homeSite,
        CallingWindow window,
        int maxAttempts,
        int version = 1,
        DialingMode mode = DialingMode.Progressive,
        RetryPolicy? retry = null,
        string timeZoneId = DefaultTimeZoneId,
        string? connectExtension = null)
    {
        Id = id;
        Name = Guard.Required(name, "campaign name", 200);
        Kind = kind;
        HomeSite = Guard.SiteCode(homeSite, "home site");
        Window = window ?? throw new ArgumentNullException(nameof(window));
        MaxAttempts = maxAttempts > 0
            ? maxAttempts
            : throw new DomainValidationException($"max attempts must be at least 1, not {maxAttempts}");
        Version = version;
        Mode = mode;
        Retry = retry ?? RetryPolicy.Default;
        TimeZoneId = Guard.Required(timeZoneId, "time zone", 64);
        _ = CallingSchedule.Zone(TimeZoneId);
        ConnectExtension = Guard.Optional(connectExtension, "connect extension", 64);
    }

    public int Id { get; }

    public string Name { get; private set; }

    public CampaignKind Kind { get; }

    /// <summary>The site whose seats normally dial this campaign.</summary>
    public string HomeSite { get; private set; }

    public CallingWindow Window { get; private set; }

    public int MaxAttempts { get; private set; }

    public int Version { get; set; }

    public DialingMode Mode { get; private set; }

    public RetryPolicy Retry { get; private set; }

    /// <summary>IANA id of the zone the calling window is read in, unless a task names the customer's own zone.</summary>
    public string TimeZoneId { get; }

    /// <summary>
    /// The extension in the site's <c>outbound-connect</c> context the answered customer is sent to (a queue
    /// whose members are the campaign's seats, e.g. <c>claims</c>); null = the seat's own extension.
    /// </summary>
    public string? ConnectExtension { get; }

    /// <summary>The script, checklist and result form seats use for this campaign's kind.</summary>
    public CallbackScript Script => CallbackScripts.For(Kind);

    /// <summary>Switches between preview and progressive dialing and replaces the retry rules.</summary>
    public void ChangeDialing(DialingMode mode, RetryPolicy retry)
    {
        Mode = mode;
        Retry = retry ?? throw new ArgumentNullException(nameof(retry));
    }

    public void Reschedule(CallingWindow window, int maxAttempts)
    {
        Window = window ?? throw new ArgumentNullException(nameof(window));
        MaxAttempts = maxAttempts > 0
            ? maxAttempts
            : throw new DomainValidationException($"max attempts must be at least 1, not {maxAttempts}");
    }

    public void Rename(string name) => Name = Guard.Required(name, "campaign name", 200);

    public void MoveTo(string homeSite) => HomeSite = Guard.SiteCode(homeSite, "home site");
}
