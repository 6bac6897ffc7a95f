namespace ContactCenter.Core.Complaints;

public enum ComplainantKind
{
    Person,
    Organisation,
}

/// <summary>
/// Who complains (CBIRC 2020 Art 13): name, identity and contacts; for an organisation also its address,
/// unified social credit code and legal representative. Personal data: never logged, masked on screens.
/// Fields the company already holds (a known customer) may stay empty.
/// </summary>
public sealed record Complainant
{
    public Complainant(
        ComplainantKind kind,
        string name,
        string? idNumber = null,
        string? phone = null,
        string? email = null,
        string? address = null,
        string? creditCode = null,
        string? legalRepresentative = null)
    {
        Kind = Enum.IsDefined(kind) ? kind : throw new DomainValidationException($"unknown complainant kind {kind}");
        Name = Guard.Required(name, "complainant name", 200);
        IdNumber = Guard.Optional(idNumber, "complainant id number", 64);
        Phone = Guard.Optional(phone, "complainant phone", 32);
        Email = Guard.Optional(email, "complainant email", 200);
        Address = Guard.Optional(address, "complainant address", 500);
        CreditCode = Guard.Optional(creditCode, "unified social credit code", 18);
        LegalRepresentative = Guard.Optional(legalRepresentative, "legal representative", 200);
    }

    public ComplainantKind Kind { get; }

    public string Name { get; }

    public string? IdNumber { get; }

    public string? Phone { get; }

    public string? Email { get; }

    public string? Address { get; }

    /// <summary>统一社会信用代码 (organisations).</summary>
    public string? CreditCode { get; }

    public string? LegalRepresentative { get; }

    public bool HasContact => Phone is not null || Email is not null || Address is not null;
}

/// <summary>Someone complaining for the consumer (Art 13): their details and the proof of authority (委托书).</summary>
public sealed record ComplainantAgent
{
    public ComplainantAgent(string name, string? idNumber, string? phone, string? relationship, string? authorityProof)
    {
        Name = Guard.Required(name, "agent name", 200);
        IdNumber = Guard.Optional(idNumber, "agent id number", 64);
        Phone = Guard.Optional(phone, "agent phone", 32);
        Relationship = Guard.Optional(relationship, "agent relationship", 100);
        AuthorityProof = Guard.Optional(authorityProof, "agent proof of authority", 500);
    }

    public string Name { get; }

    public string? IdNumber { get; }

    public string? Phone { get; }

    public string? Relationship { get; }

    /// <summary>Reference to the power of attorney (document id, archive number); required at registration.</summary>
    public string? AuthorityProof { get; }
}

/// <summary>
/// What a new complaint brings in (Art 13). <see cref="Channel"/> <see cref="CaseChannel.Phone"/> is the hotline;
/// a call prefills <see cref="CallId"/> and <see cref="CustomerId"/>. <see cref="MaterialComplete"/> false starts
/// the company rules' supplement step.
/// </summary>
public sealed record CaseRegistration(
    string CaseNumber,
    CaseChannel Channel,
    DateTimeOffset ReceivedAt,
    string Subject,
    Complainant Complainant,
    string Request,
    string Facts)
{
    public int? CustomerId { get; init; }

    public string? CallId { get; init; }

    public ComplainantAgent? Agent { get; init; }

    /// <summary>The complainant's reasons and basis (事实和理由 beyond the facts).</summary>
    public string? Basis { get; init; }

    /// <summary>The institution complained about (company or branch name as the complainant gives it).</summary>
    public string? Institution { get; init; }

    public string? Branch { get; init; }

    public Customers.ProductLine? ProductLine { get; init; }

    /// <summary>The staff member complained about (name or job number), if any.</summary>
    public string? Staff { get; init; }

    /// <summary>The regulator's reference of a forwarded complaint (监管转办编号); required for that channel.</summary>
    public string? RegulatorReference { get; init; }

    public bool MaterialComplete { get; init; } = true;
}
