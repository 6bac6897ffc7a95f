using ContactCenter.Core.Privacy;

namespace ContactCenter.Core.Customers;

public enum Gender
{
    Unknown,
    Male,
    Female,
}

/// <summary>
/// A policyholder or caller. ID number and phones are personal information: screens show
/// <see cref="MaskedMobile"/> etc. unless the user may see full values, and every full view is audited.
/// </summary>
public sealed class Customer : IVersioned
{
    public Customer(
        int id,
        string name,
        Gender gender,
        string? idNumber,
        string? mobile,
        string? phone2,
        string? city,
        DateTimeOffset createdAt,
        int version = 1)
    {
        Id = id;
        Name = Guard.Required(name, "customer name", 100);
        Gender = gender;
        IdNumber = Guard.Optional(idNumber, "ID number", 32);
        Mobile = NormalizePhone(mobile);
        Phone2 = NormalizePhone(phone2);
        City = Guard.Optional(city, "city", 50);
        CreatedAt = createdAt;
        Version = version;
    }

    public int Id { get; }

    public string Name { get; private set; }

    public Gender Gender { get; private set; }

    public string? IdNumber { get; private set; }

    public string? Mobile { get; private set; }

    public string? Phone2 { get; private set; }

    public string? City { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public int Version { get; set; }

    public string MaskedMobile => Mask.Phone(Mobile);

    public string MaskedPhone2 => Mask.Phone(Phone2);

    public string MaskedIdNumber => Mask.IdNumber(IdNumber);

    /// <summary>Whether a caller number belongs to this customer (screen pop). Compares digits only.</summary>
    public bool HasPhone(string? number)
    {
        var n = NormalizePhone(number);
        return n is not null && (string.Equals(n, Mobile, StringComparison.Ordinal) || string.Equals(n, Phone2, StringComparison.Ordinal));
    }

    public void UpdateContactDetails(string? mobile, string? phone2, string? city)
    {
        Mobile = NormalizePhone(mobile);
        Phone2 = NormalizePhone(phone2);
        City = Guard.Optional(city, "city", 50);
    }

    public void Correct(string name, Gender gender, string? idNumber)
    {
        Name = Guard.Required(name, "customer name", 100);
        Gender = gender;
        IdNumber = Guard.Optional(idNumber, "ID number", 32);
    }

    /// <summary>
    /// Keeps digits only and drops a leading +86/0086 country code, so "+86 138-0013-8000" and
    /// "13800138000" are the same number. Null when nothing is left.
    /// </summary>
    public static string? NormalizePhone(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith("0086", StringComparison.Ordinal) && digits.Length > 4)
        {
            digits = digits[4..];
        }
        else if (number.TrimStart().StartsWith('+') && digits.StartsWith("86", StringComparison.Ordinal) && digits.Length > 2)
        {
            digits = digits[2..];
        }

        return digits.Length == 0 ? null : digits;
    }
}
