using System.Globalization;
using ContactCenter.Core.Callbacks;
using ContactCenter.Core.Customers;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;
using ContactCenter.Core.Sites;
using ContactCenter.Core.Users;
using ContactCenter.Data.Seeding;

namespace ContactCenter.Server.Demo;

/// <summary>
/// A demo contact center: 广州 (gz) and 上海 (sh), each with the queues 投诉 / 理赔 / 保单服务, six seats,
/// a supervisor; one administrator; and customers with policies. Deterministic (seeded random), so every
/// fresh database looks the same and the README's demo logins always work.
/// </summary>
public static class DemoData
{
    public static readonly IReadOnlyList<Site> Sites = [new("gz", "广州"), new("sh", "上海")];

    private static readonly (string Name, string Display)[] QueueNames =
        [("complaints", "投诉"), ("claims", "理赔"), ("policy-service", "保单服务")];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强"];
    private static readonly string[] Cities = ["广州", "深圳", "佛山", "东莞", "上海", "苏州", "杭州", "南京"];
    private static readonly string[] SeatGivenNames = ["小雅", "晓峰", "丽娟", "志明", "佳怡", "文博"];
    private static readonly (ProductLine Line, string Name, decimal MinPremium, decimal MaxPremium, int Term)[] Products =
    [
        (ProductLine.Life, "安康终身寿险", 3000m, 20000m, 20),
        (ProductLine.Health, "百万医疗险", 300m, 1500m, 1),
        (ProductLine.Health, "重疾保障计划", 2000m, 12000m, 10),
        (ProductLine.Accident, "综合意外险", 100m, 600m, 1),
        (ProductLine.Auto, "机动车商业保险", 2500m, 8000m, 1),
        (ProductLine.Property, "家庭财产保险", 200m, 1200m, 1),
    ];

    public static IEnumerable<Queue> QueuesOf(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var other = Sites.Single(s => s.Code != site.Code).Code;
        foreach (var (name, display) in QueueNames)
        {
            // Complaints and claims overflow to the other site after 60 s, or at more than 3 callers per free seat.
            var overflow = name == "policy-service" ? null : new OverflowPolicy(60, 120, 3.0, [other]);
            yield return new Queue(site.Code, name, display, overflow: overflow);
        }
    }

    /// <summary>Six seats a site: gz 1001–1006, sh 2001–2006 (the extensions of the telephony configs).</summary>
    public static IEnumerable<Seat> SeatsOf(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var first = site.Code == "gz" ? 1001 : 2001;
        for (var i = 0; i < 6; i++)
        {
            var extension = (first + i).ToString(CultureInfo.InvariantCulture);
            var seat = new Seat($"agent-{extension}", site.Code, extension, $"{site.Name}{SeatGivenNames[i]}");
            seat.JoinQueue(Queue.MakeId(site.Code, "complaints"), penalty: i < 3 ? 0 : 1);
            seat.JoinQueue(Queue.MakeId(site.Code, "claims"), penalty: i < 3 ? 1 : 0);
            seat.JoinQueue(Queue.MakeId(site.Code, "policy-service"));
            yield return seat;
        }
    }

    /// <summary>Each seat's login is its extension; supervisors are super-gz / super-sh; one admin.</summary>
    public static IEnumerable<User> UsersFor(IEnumerable<Seat> seats, string passwordHash)
    {
        ArgumentNullException.ThrowIfNull(seats);
        foreach (var seat in seats)
        {
            yield return new User(0, seat.Extension, seat.DisplayName, passwordHash, Role.Seat, seat.SiteCode, seat.Id);
        }

        foreach (var site in Sites)
        {
            yield return new User(0, $"super-{site.Code}", $"{site.Name}班长", passwordHash, Role.Supervisor, site.Code, null);
        }

        yield return new User(0, "admin", "系统管理员", passwordHash, Role.Admin, null, null);
    }

    /// <summary>One campaign of each main kind, preview dialing, 09:00–20:00 in the customer's time, three attempts.</summary>
    public static IEnumerable<Campaign> Campaigns()
    {
        var window = new CallingWindow(new TimeOnly(9, 0), new TimeOnly(20, 0));
        yield return new Campaign(0, "新契约回访", CampaignKind.NewPolicy, "gz", window, 3, mode: DialingMode.Preview);
        yield return new Campaign(0, "投诉处理回访", CampaignKind.ComplaintResolution, "gz", window, 3, mode: DialingMode.Preview);
        yield return new Campaign(0, "理赔回访", CampaignKind.Claims, "sh", window, 3, mode: DialingMode.Preview);
        yield return new Campaign(0, "满意度回访", CampaignKind.Satisfaction, "sh", window, 3, mode: DialingMode.Preview);
    }

    public static IReadOnlyList<SeedCustomer> Customers(int count, DateTimeOffset now)
    {
        var random = new Random(95518);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var customers = new List<SeedCustomer>(count);
        var policyNumber = 310000;
        for (var i = 0; i < count; i++)
        {
            var gender = random.Next(2) == 0 ? Gender.Male : Gender.Female;
            var name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];
            var birth = today.AddYears(-random.Next(22, 75)).AddDays(-random.Next(365));
            var city = Cities[random.Next(Cities.Length)];
            // The first customer carries the number the recorded test calls present (13812345678).
            var mobile = i == 0 ? "13812345678" : MobileNumber(random);
            var customer = new Customer(0, name, gender, IdNumber(random, birth, gender), mobile, random.Next(5) == 0 ? "020" + random.Next(30_000_000, 89_999_999).ToString(CultureInfo.InvariantCulture) : null, city, now);

            var policies = new List<Policy>();
            var policyCount = random.Next(1, 4);
            for (var p = 0; p < policyCount; p++)
            {
                var product = Products[random.Next(Products.Length)];
                var premium = Math.Round(product.MinPremium + (decimal)random.NextDouble() * (product.MaxPremium - product.MinPremium), 2);
                // Some policies are brand new, so the new-policy callback campaign has work in its cooling-off window.
                var start = random.Next(6) == 0 ? today.AddDays(-random.Next(0, 10)) : today.AddDays(-random.Next(30, 2000));
                var branch = city is "上海" or "苏州" or "杭州" or "南京" ? "上海分公司" : "广东分公司";
                // The first customer's first policy is 300125: the number keyed in the recorded IVR calls.
                var number = i == 0 && p == 0 ? "300125" : (++policyNumber).ToString(CultureInfo.InvariantCulture);
                policies.Add(Policy.Issue(number, 0, product.Line, product.Name, premium, start, product.Term, branch, CoolingOffRule.Default));
            }

            customers.Add(new SeedCustomer(customer, policies));
        }

        return customers;
    }

    private static string MobileNumber(Random random)
    {
        string[] prefixes = ["135", "136", "137", "139", "150", "158", "186", "189"];
        return prefixes[random.Next(prefixes.Length)] + random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
    }

    /// <summary>A well-formed 18-digit resident ID number (GB 11643 check digit) for a demo person.</summary>
    private static string IdNumber(Random random, DateOnly birth, Gender gender)
    {
        string[] regions = ["440104", "440305", "310101", "310115", "320505", "330106"];
        var sequence = random.Next(0, 99) * 10 + (gender == Gender.Male ? random.Next(0, 5) * 2 + 1 : random.Next(0, 5) * 2);
        var body = regions[random.Next(regions.Length)] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body[i] - '0') * weights[i];
        }

        return body + "10X98765432"[sum % 11];
    }
}
