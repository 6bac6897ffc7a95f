using System.Globalization;
using System.Text;
using ContactCenter.Data.Complaints;

namespace ContactCenter.Server.Complaints;

/// <summary>A complaint report as CSV (RFC 4180 quoting), one line per key then the total; rates as percentages with two decimals.</summary>
internal static class ComplaintCsv
{
    private static readonly string[] ChineseHeaders =
    [
        "维度", "投诉量", "去年同期", "同比", "应办结", "按时办结", "投诉处理及时率", "已答复", "案均处理天数", "保费(元)", "保单数", "亿元保费投诉量", "万张保单投诉量", "在办", "超期", "排名",
    ];

    private static readonly string[] EnglishHeaders =
    [
        "Key", "Volume", "Same period last year", "Year-on-year", "Due", "Answered on time", "Timeliness rate", "Answered", "Average handling days",
        "Premium (yuan)", "Policies", "Per 100m yuan premium", "Per 10,000 policies", "Open", "Overdue", "Rank",
    ];

    private static readonly Dictionary<string, string> ChineseKeys = new(StringComparer.Ordinal)
    {
        [string.Empty] = "未分类",
        ["claims"] = "理赔",
        ["mis-selling"] = "销售误导",
        ["surrender"] = "退保",
        ["service-attitude"] = "服务态度",
        ["underwriting"] = "承保",
        ["policy-administration"] = "保全",
        ["premiums"] = "保费",
        ["other"] = "其他",
        ["life"] = "寿险",
        ["health"] = "健康险",
        ["accident"] = "意外险",
        ["auto"] = "车险",
        ["property"] = "财产险",
    };

    public static string Write(ComplaintReport report, bool english)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', (english ? EnglishHeaders : ChineseHeaders).Select(Quote)).Append("\r\n");
        foreach (var line in report.Lines)
        {
            Append(csv, line, Label(line.Key, english, report.Dimension));
        }

        Append(csv, report.Total, english ? "Total" : "合计");
        return csv.ToString();
    }

    private static string Label(string key, bool english, ReportDimension dimension) =>
        english ? (key.Length == 0 ? "(not recorded)" : key)
        : dimension == ReportDimension.Branch && key.Length > 0 ? key : ChineseKeys.GetValueOrDefault(key, key);

    private static void Append(StringBuilder csv, ReportLine l, string label)
    {
        string[] fields =
        [
            label, Int(l.Volume), Int(l.VolumeYearBefore), Percent(l.YearOnYearChange), Int(l.Due), Int(l.AnsweredOnTime), Percent(l.TimelinessRate),
            Int(l.Answered), Number(l.AverageHandlingDays), l.Premium?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty,
            l.Policies?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Number(l.PerHundredMillionPremium), Number(l.PerTenThousandPolicies),
            Int(l.Open), Int(l.Overdue), l.Rank == 0 ? string.Empty : Int(l.Rank),
        ];
        csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : string.Empty;

    // Quote every field that needs it; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.
    private static string Quote(string field)
    {
        var safe = field.Length > 0 && "=+@".Contains(field[0], StringComparison.Ordinal) ? "'" + field : field;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
