namespace ContactCenter.Core.Complaints;

/// <summary>Which deadline rules apply (DOMAIN §2); CBIRC 2020 is the default. Chosen per company.</summary>
public enum ComplaintRuleSet
{
    /// <summary>《银行业保险业消费投诉处理管理办法》 (2020): calendar days, 15/30/60-day decision.</summary>
    [DomainCode("cbirc-2020")]
    Cbirc2020,

    /// <summary>The company's older rule set: working days, 5-day supplement, 10-day acceptance, triage.</summary>
    Company,
}

/// <summary>
/// The numbers and rule names of one rule set. Every rule set keeps the statutory decision clock of CBIRC 2020
/// Art 18 (it binds every insurer); the company rules add their working-day steps on top.
/// <list type="bullet">
/// <item><b>CBIRC 2020</b>: decide and notify within 15 calendar days of receipt (of the latest new facts);
/// extend to 30 with approval, then to 60 with senior approval and notice; outside appraisal or mediation
/// time is not counted; a repeat within the handling period may be merged, with or without new facts.</item>
/// <item><b>Company rules</b>: the same decision clock, plus: ask for missing material within 5 working days
/// of receipt, say whether the complaint is accepted within 10 working days of complete material, a rejection
/// gives one of the listed grounds, and a repeat is merged only with new facts (without them it is rejected).</item>
/// </list>
/// <para>
/// Calendar-day deadlines are <b>not</b> moved when they fall on a holiday. CBIRC 2020 counts calendar days,
/// and the stricter reading is the safe one for a regulated deadline: a case handled by it is on time under
/// either reading (the Civil Code art 203 roll-over to the next working day would only ever make it later).
/// This also keeps calendar-day deadlines computable for any date, beyond the business calendar's data.
/// Day counts start the day after receipt (Civil Code art 201): received on 3 March, 15 days = 18 March.
/// </para>
/// </summary>
public sealed record ComplaintPolicy
{
    public const string Art13 = "CBIRC 2020 Art 13";
    public const string Art18 = "CBIRC 2020 Art 18";
    public const string Art19 = "CBIRC 2020 Art 19";
    public const string Art20 = "CBIRC 2020 Art 20";
    public const string Art21 = "CBIRC 2020 Art 21";
    public const string Art29 = "CBIRC 2020 Art 29";
    public const string Art33 = "CBIRC 2020 Art 33";
    public const string CompanyRules = "company rules";

    public static readonly ComplaintPolicy Cbirc2020 = new()
    {
        RuleSet = ComplaintRuleSet.Cbirc2020,
        Name = "CBIRC 2020",
        SupplementRequestWorkingDays = null,
        AcceptanceWorkingDays = null,
        MergesRepeatsWithoutNewFacts = true,
        ProcedureRule = Art18,
        RejectionRule = Art18,
    };

    public static readonly ComplaintPolicy Company = new()
    {
        RuleSet = ComplaintRuleSet.Company,
        Name = "company rules",
        SupplementRequestWorkingDays = 5,
        AcceptanceWorkingDays = 10,
        MergesRepeatsWithoutNewFacts = false,
        ProcedureRule = CompanyRules,
        RejectionRule = CompanyRules,
    };

    private ComplaintPolicy()
    {
    }

    public required ComplaintRuleSet RuleSet { get; init; }

    /// <summary>How messages name the rule set ("CBIRC 2020", "company rules").</summary>
    public required string Name { get; init; }

    /// <summary>Calendar days to decide and notify, counted from receipt (Art 18).</summary>
    public int DecideDays { get; init; } = 15;

    /// <summary>The period after the first extension (complex cases).</summary>
    public int ExtendedDecideDays { get; init; } = 30;

    /// <summary>The period after the second extension (especially complex cases); never more.</summary>
    public int MaxDecideDays { get; init; } = 60;

    /// <summary>Working days after receipt to ask for missing material; null when the rule set has no such step.</summary>
    public int? SupplementRequestWorkingDays { get; init; }

    /// <summary>Working days after complete material to say whether the complaint is accepted; null when none.</summary>
    public int? AcceptanceWorkingDays { get; init; }

    /// <summary>Calendar days after the decision notice to apply for review (Art 20).</summary>
    public int ReviewApplyDays { get; init; } = 30;

    /// <summary>Calendar days after the review application to decide it (Art 20).</summary>
    public int ReviewDecideDays { get; init; } = 30;

    /// <summary>Whether a repeat without new facts may be merged (CBIRC) or must be rejected (company rules).</summary>
    public bool MergesRepeatsWithoutNewFacts { get; init; }

    /// <summary>The rule named when a step is taken out of order (closing an unaccepted case, ...).</summary>
    public required string ProcedureRule { get; init; }

    /// <summary>The rule named when a rejection lacks its ground.</summary>
    public required string RejectionRule { get; init; }

    public static ComplaintPolicy For(ComplaintRuleSet ruleSet) => ruleSet switch
    {
        ComplaintRuleSet.Cbirc2020 => Cbirc2020,
        ComplaintRuleSet.Company => Company,
        _ => throw new DomainValidationException($"unknown complaint rule set {ruleSet}"),
    };

    /// <summary>The decision period in calendar days after 0, 1 or 2 extensions.</summary>
    public int DecideDaysAfter(int extensions) => extensions switch
    {
        0 => DecideDays,
        1 => ExtendedDecideDays,
        2 => MaxDecideDays,
        _ => throw new DomainValidationException($"a case can be extended twice at most (got {extensions})"),
    };
}

/// <summary>
/// A complaint step that breaks a rule of the case's rule set. The message starts with the rule, e.g.
/// "CBIRC 2020 Art 19: a decision states what was verified; record the investigation findings first (case TS1)".
/// </summary>
public sealed class ComplaintRuleException : DomainException
{
    public ComplaintRuleException(string caseNumber, string rule, string message)
        : base($"{rule}: {message} (case {caseNumber})")
    {
        CaseNumber = caseNumber;
        Rule = rule;
    }

    public string CaseNumber { get; }

    /// <summary>The rule broken, e.g. "CBIRC 2020 Art 18" or "company rules".</summary>
    public string Rule { get; }
}
