using ContactCenter.Core.Calendar;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Users;
using ContactCenter.Data.Complaints;
using ContactCenter.Data.Users;

namespace ContactCenter.Data.Tests.Complaints;

/// <summary>
/// A migrated database with the sites and three users the complaint steps name (a gz seat, a gz supervisor and an
/// admin), the shipped business calendar, and registrations in China time.
/// </summary>
public abstract class ComplaintFixture(string provider) : DatabaseFixture(provider)
{
    private static readonly Lazy<BusinessCalendar> Calendar = new(() =>
        BusinessCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, BusinessCalendar.ShippedFileName))));

    protected static BusinessCalendar Days => Calendar.Value;

    protected static DecisionNotice FullNotice { get; } = new("理赔材料齐全后延迟支付属实", "依据合同第12条应在10日内支付", "可申请复核，或申请调解、仲裁、诉讼");

    protected CaseQueries Cases { get; private set; } = null!;

    protected int Seat { get; private set; }

    protected int Supervisor { get; private set; }

    protected int Admin { get; private set; }

    [OneTimeSetUp]
    public async Task CreateUsers()
    {
        await TestData.EnsureSitesAsync(Db);
        var users = new UserQueries(Db);
        Seat = await users.InsertAsync(new User(0, Unique("seat"), "座席", "h", Role.Seat, TestData.Guangzhou, TestData.GzSeat), CancellationToken.None).WaitAsync(Timeout);
        Supervisor = await users.InsertAsync(new User(0, Unique("super"), "班长", "h", Role.Supervisor, TestData.Guangzhou, null), CancellationToken.None).WaitAsync(Timeout);
        Admin = await users.InsertAsync(new User(0, Unique("admin"), "管理员", "h", Role.Admin, null, null), CancellationToken.None).WaitAsync(Timeout);
        Cases = new CaseQueries(Db);
    }

    /// <summary>An instant at the given China local time.</summary>
    protected static DateTimeOffset Cst(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(year, month, day, hour, minute, 0, BusinessCalendar.ChinaOffset);

    protected static CaseRegistration Registration(DateTimeOffset receivedAt, string? phone = null, string branch = "广东分公司", ProductLine line = ProductLine.Health,
        string subject = "理赔款迟迟未到账") =>
        new(Unique("TS"), CaseChannel.Phone, receivedAt, subject, new Complainant(ComplainantKind.Person, "张三", phone: phone ?? Phone()), "尽快支付理赔款", "3月初提交材料后至今未赔付")
        {
            Branch = branch,
            ProductLine = line,
            Institution = "某某人寿广东分公司",
        };

    protected static string Phone() => "139" + Random.Shared.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    protected static NoticeDelivery Sms(DateTimeOffset at) => new(NoticeMethod.Sms, at, "sms-" + at.ToUnixTimeSeconds());

    protected async Task<Case> InsertAsync(Case complaint, string? site = TestData.Guangzhou, int? registeredBy = null)
    {
        await Cases.InsertAsync(complaint, site, registeredBy ?? Seat, complaint.ReceivedAt, CancellationToken.None).WaitAsync(Timeout);
        return complaint;
    }

    protected Task SaveAsync(Case complaint, DateTimeOffset at) => Cases.SaveAsync(complaint, Supervisor, at, CancellationToken.None).WaitAsync(Timeout);

    protected async Task<Case> ReloadAsync(Case complaint) => (await Cases.GetByIdAsync(complaint.Id, CancellationToken.None).WaitAsync(Timeout))!;
}
