namespace ContactCenter.Core.Complaints;

/// <summary>How a notice reached the complainant (Art 21).</summary>
public enum NoticeMethod
{
    Written,
    Sms,
    Email,
    Phone,
}

/// <summary>One notice delivered: method, time and the proof kept (courier number, SMS id, call id, ...).</summary>
public sealed record NoticeDelivery
{
    public NoticeDelivery(NoticeMethod method, DateTimeOffset at, string proof)
    {
        Method = Enum.IsDefined(method) ? method : throw new DomainValidationException($"unknown notice method {method}");
        At = at;
        Proof = Guard.Required(proof, "proof of notice (CBIRC 2020 Art 21)", 500);
    }

    public NoticeMethod Method { get; }

    public DateTimeOffset At { get; }

    public string Proof { get; }

    public override string ToString() => $"{DomainCodes.ToCode(Method)} at {At:O}";
}

/// <summary>
/// The content of a decision notice (Art 19): what was verified, the basis and reasons, and the remedies
/// open to the complainant (review, mediation, arbitration, litigation).
/// </summary>
public sealed record DecisionNotice(string FactsVerified, string BasisAndReasons, string Remedies)
{
    internal bool IsComplete =>
        !string.IsNullOrWhiteSpace(FactsVerified) && !string.IsNullOrWhiteSpace(BasisAndReasons) && !string.IsNullOrWhiteSpace(Remedies);
}

/// <summary>Company-rule rejection grounds (also the Art 18 grounds to decline).</summary>
public enum RejectionGround
{
    /// <summary>Not raised by the consumer, their legal representative or their agent.</summary>
    NotByConsumerOrAgent,

    /// <summary>Already accepted and raised again within the handling period without new facts.</summary>
    RepeatInHandling,

    /// <summary>Already decided and raised again without new facts.</summary>
    RepeatAfterDecision,
}

/// <summary>Triage outcomes (b) and (c): not ours, or not a consumer complaint.</summary>
public enum ForwardKind
{
    /// <summary>A consumer complaint about another body: declined here and forwarded there.</summary>
    External,

    /// <summary>Not a consumer complaint but another department's business.</summary>
    Internal,
}

/// <summary>Why the decision clock is paused (Art 18: not counted, and the complainant is told).</summary>
public enum SuspensionReason
{
    /// <summary>外部鉴定、评估.</summary>
    OutsideAppraisal,

    /// <summary>调解.</summary>
    Mediation,
}

/// <summary>Art 29 grounds for a major complaint (重大投诉).</summary>
public enum MajorComplaintReason
{
    DisasterOrPublicHealthEvent,

    /// <summary>A group of 20 or more people.</summary>
    GroupOfTwentyOrMore,

    RegulatorDesignated,
}

/// <summary>有效/无效.</summary>
public enum CaseValidity
{
    Valid,
    Invalid,
}

/// <summary>The cause a complaint is attributed to at closure (reports break down by it).</summary>
public enum ComplaintCause
{
    Claims,

    /// <summary>销售误导.</summary>
    MisSelling,

    Surrender,
    ServiceAttitude,
    Underwriting,
    PolicyAdministration,
    Premiums,
    Other,
}

/// <summary>The classification a case gets at closure: valid or invalid, the cause, and the responsible unit.</summary>
public sealed record CaseClassification
{
    public CaseClassification(CaseValidity validity, ComplaintCause cause, string responsibleUnit)
    {
        Validity = Enum.IsDefined(validity) ? validity : throw new DomainValidationException($"unknown validity {validity}");
        Cause = Enum.IsDefined(cause) ? cause : throw new DomainValidationException($"unknown complaint cause {cause}");
        ResponsibleUnit = Guard.Required(responsibleUnit, "responsible unit", 200);
    }

    public CaseValidity Validity { get; }

    public ComplaintCause Cause { get; }

    public string ResponsibleUnit { get; }
}
