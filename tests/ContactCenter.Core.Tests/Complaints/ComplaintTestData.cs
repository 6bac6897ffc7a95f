using ContactCenter.Core.Calendar;
using ContactCenter.Core.Complaints;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Tests.Calendar;

namespace ContactCenter.Core.Tests.Complaints;

/// <summary>Registrations and times for the complaint scenarios. Times are given in China time (UTC+8).</summary>
internal static class ComplaintTestData
{
    public const int Seat = 11;
    public const int Supervisor = 21;
    public const int Manager = 31;
    public const int Investigator = 41;

    public static BusinessCalendar Days => ShippedCalendar.Instance;

    public static readonly DecisionNotice FullNotice = new(
        "理赔材料已于3月5日齐全，理赔款延迟支付属实",
        "依据保险合同第12条及理赔时效规定，应在10日内支付",
        "如不服可申请复核，或申请调解、仲裁、诉讼");

    public static readonly CaseClassification ValidClaims = new(CaseValidity.Valid, ComplaintCause.Claims, "广东分公司理赔部");

    /// <summary>An instant at the given China local time.</summary>
    public static DateTimeOffset Cst(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(year, month, day, hour, minute, 0, BusinessCalendar.ChinaOffset);

    public static DateOnly D(int year, int month, int day) => new(year, month, day);

    public static CaseRegistration Registration(
        string number,
        DateTimeOffset receivedAt,
        CaseChannel channel = CaseChannel.Phone,
        int? customerId = 501,
        string subject = "理赔款迟迟未到账") =>
        new(number, channel, receivedAt, subject, new Complainant(ComplainantKind.Person, "张三", phone: "13812341234"), "尽快支付理赔款", "3月初提交材料后至今未赔付")
        {
            CustomerId = customerId,
            CallId = channel == CaseChannel.Phone ? "1741000000.17" : null,
            Branch = "广东分公司",
            ProductLine = ProductLine.Health,
            Institution = "某某人寿广东分公司",
        };

    public static NoticeDelivery Sms(DateTimeOffset at) => new(NoticeMethod.Sms, at, "sms-receipt-" + at.ToUnixTimeSeconds());

    /// <summary>Registers and walks a case to InProgress with findings recorded.</summary>
    public static Case Investigated(string number, DateTimeOffset receivedAt, ComplaintRuleSet ruleSet = ComplaintRuleSet.Cbirc2020)
    {
        var complaint = Case.Register(Registration(number, receivedAt), Days, ruleSet, Seat);
        complaint.Accept(receivedAt.AddHours(1), Supervisor);
        complaint.AssignInvestigation("广东分公司理赔部", Investigator, receivedAt.AddHours(2), Supervisor);
        complaint.RecordInvestigation("材料齐全后超期未赔付", receivedAt.AddHours(3), Investigator);
        return complaint;
    }

    /// <summary>Simulates the data layer storing a new case: gives it and its events ids.</summary>
    public static Case Stored(Case complaint, int id)
    {
        complaint.MarkEventsStored(Enumerable.Range(1, complaint.NewEvents.Count).Select(i => (long)(id * 1000 + i)).ToList(), id);
        return complaint;
    }
}
