namespace ContactCenter.Core.Callbacks;

/// <summary>One yes/no question of a callback checklist, in zh-CN and English.</summary>
/// <param name="Code">Stable key of the item in stored answers (<c>is-policyholder</c>).</param>
/// <param name="NoOpensMisSellingCheck">A "no" answer opens a mis-selling follow-up (欺诈性销售回访).</param>
public sealed record ChecklistItem(string Code, string TextZhCn, string TextEn, bool NoOpensMisSellingCheck);

/// <summary>
/// What the seat's desktop shows for an answered callback: the script to read, the checklist, and the results
/// the seat may submit. Text is given in zh-CN (the default UI language) and English.
/// </summary>
public sealed record CallbackScript(
    CampaignKind Kind,
    string TitleZhCn,
    string TitleEn,
    string OpeningZhCn,
    string OpeningEn,
    IReadOnlyList<ChecklistItem> Checklist,
    IReadOnlyList<CallbackResult> Results)
{
    /// <summary>The item with <paramref name="code"/>, or null.</summary>
    public ChecklistItem? Item(string code) => Checklist.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.Ordinal));
}

/// <summary>The built-in scripts per campaign kind (DOMAIN §3).</summary>
public static class CallbackScripts
{
    /// <summary>The results a seat can submit after speaking to (or failing to reach) the customer.</summary>
    public static readonly IReadOnlyList<CallbackResult> SeatResults =
    [
        CallbackResult.Reached,
        CallbackResult.Refused,
        CallbackResult.CallLater,
        CallbackResult.WrongNumber,
        CallbackResult.DoNotCall,
        CallbackResult.NoAnswer,
    ];

    /// <summary>The new-policy confirmation checklist (2010 rule Art 15, 2017 rule Art 11): a "no" is possible mis-selling.</summary>
    public static readonly IReadOnlyList<ChecklistItem> NewPolicyChecklist =
    [
        new("is-policyholder", "您是否是投保人本人？", "Are you the policyholder?", true),
        new("own-signature", "投保单上的签名是否为您本人所签？", "Are the signatures on the application your own?", true),
        new("read-brochure", "您是否已阅读产品说明书和投保提示书？", "Did you read the product brochure and the purchase warning?", true),
        new("knows-cover", "您是否了解保险责任、责任免除和保险期间？", "Do you know the cover, the exclusions and the term?", true),
        new("knows-surrender-loss", "您是否了解犹豫期后退保可能造成的损失？", "Do you know the loss on surrender after the cooling-off period?", true),
        new("knows-cooling-off", "您是否了解犹豫期及犹豫期内的权利？", "Do you know the cooling-off period and your rights during it?", true),
        new("knows-payment", "（期缴）您是否了解缴费期间和缴费频率？", "(Periodic premium) Do you know the payment period and frequency?", true),
        new("accepts-recording", "您是否同意本次通话录音？", "Do you accept that this call is recorded?", false),
        new("true-intent", "投保是否出于您的真实意愿？", "Was buying the policy your true intent?", true),
    ];

    private static readonly Dictionary<CampaignKind, CallbackScript> Scripts = new()
    {
        [CampaignKind.NewPolicy] = new(
            CampaignKind.NewPolicy,
            "新契约回访",
            "New-policy callback",
            "您好，我是{company}客服，工号{seat}。为保障您的权益，现对您{date}投保的{product}进行回访，大约需要3分钟，请问现在方便吗？",
            "Hello, this is {company} customer service, seat {seat}. To protect your rights we are calling about the {product} policy you bought on {date}. It takes about 3 minutes; is now a good time?",
            NewPolicyChecklist,
            SeatResults),
        [CampaignKind.ComplaintResolution] = new(
            CampaignKind.ComplaintResolution,
            "投诉处理回访",
            "Complaint-resolution callback",
            "您好，我是{company}客服，工号{seat}。您于{date}反映的问题已处理完毕，想了解一下您对处理结果是否满意？",
            "Hello, this is {company} customer service, seat {seat}. The matter you raised on {date} has been resolved; are you satisfied with the outcome?",
            [
                new("resolved", "您反映的问题是否已经解决？", "Has your problem been resolved?", false),
                new("satisfied", "您对处理结果是否满意？", "Are you satisfied with the outcome?", false),
                new("informed", "处理过程中是否及时告知您进展？", "Were you kept informed during the handling?", false),
            ],
            SeatResults),
        [CampaignKind.Claims] = new(
            CampaignKind.Claims,
            "理赔回访",
            "Claims callback",
            "您好，我是{company}客服，工号{seat}。您的理赔案件已结案，想了解一下您对理赔服务的评价。",
            "Hello, this is {company} customer service, seat {seat}. Your claim has been closed; we would like your view of the claims service.",
            [
                new("paid-as-told", "赔款金额与告知的是否一致？", "Was the amount paid the amount you were told?", false),
                new("timely", "理赔时效是否满意？", "Are you satisfied with how quickly the claim was handled?", false),
                new("staff-conduct", "理赔人员服务是否规范（无索要好处等）？", "Did the claims staff behave properly (no requests for favours)?", false),
            ],
            SeatResults),
        [CampaignKind.Satisfaction] = new(
            CampaignKind.Satisfaction,
            "满意度回访",
            "Satisfaction callback",
            "您好，我是{company}客服，工号{seat}。想占用您一分钟时间，了解您对我们服务的满意程度。",
            "Hello, this is {company} customer service, seat {seat}. May we take one minute to ask how satisfied you are with our service?",
            [new("satisfied", "您对我们的服务是否满意？", "Are you satisfied with our service?", false)],
            SeatResults),
        [CampaignKind.MisSellingCheck] = new(
            CampaignKind.MisSellingCheck,
            "欺诈性销售回访",
            "Mis-selling check",
            "您好，我是{company}客服，工号{seat}。关于您{date}投保的{product}，我们需要再次与您核实销售过程。",
            "Hello, this is {company} customer service, seat {seat}. We need to check again how the {product} policy you bought on {date} was sold to you.",
            [
                new("promised-returns", "销售人员是否向您承诺过保证收益？", "Did the seller promise you guaranteed returns?", false),
                new("wants-to-keep", "了解情况后您是否愿意继续持有保单？", "Knowing this, do you want to keep the policy?", false),
            ],
            SeatResults),
    };

    /// <summary>The script of <paramref name="kind"/>; kinds without their own script get the satisfaction one with their kind.</summary>
    public static CallbackScript For(CampaignKind kind) =>
        Scripts.TryGetValue(kind, out var script) ? script : Scripts[CampaignKind.Satisfaction] with { Kind = kind };
}

/// <summary>What a seat submits after an answered callback: the result, the checklist answers, notes, and a time when the customer asked to be called later.</summary>
public sealed record CallbackResultForm(
    int TaskId,
    CallbackResult Result,
    IReadOnlyDictionary<string, bool> Answers,
    string? Notes = null,
    DateTimeOffset? CallBackAt = null)
{
    /// <summary>
    /// Checks the form against the script: a Reached result must answer every checklist item, and answers must
    /// name known items; CallLater needs a time after <paramref name="now"/> when one is given. Returns the
    /// items answered "no" that open a mis-selling follow-up.
    /// </summary>
    public IReadOnlyList<ChecklistItem> Validate(CallbackScript script, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(Answers);
        if (!script.Results.Contains(Result))
        {
            throw new DomainValidationException($"a seat cannot submit the result {DomainCodes.ToCode(Result)}");
        }

        foreach (var code in Answers.Keys)
        {
            if (script.Item(code) is null)
            {
                throw new DomainValidationException($"'{code}' is not an item of the {DomainCodes.ToCode(script.Kind)} checklist");
            }
        }

        if (Result == CallbackResult.Reached)
        {
            var missing = script.Checklist.Where(i => !Answers.ContainsKey(i.Code)).Select(i => i.Code).ToList();
            if (missing.Count > 0)
            {
                throw new DomainValidationException($"a reached callback must answer every checklist item; missing: {string.Join(", ", missing)}");
            }
        }

        if (Result == CallbackResult.CallLater && CallBackAt is { } at && at <= now)
        {
            throw new DomainValidationException($"the call-back time {at:O} is not in the future");
        }

        _ = Guard.Optional(Notes, "notes", 2000);
        return script.Checklist.Where(i => i.NoOpensMisSellingCheck && Answers.TryGetValue(i.Code, out var yes) && !yes).ToList();
    }
}
