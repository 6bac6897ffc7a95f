using ContactCenter.Core.Callbacks;

namespace ContactCenter.Core.Tests.Callbacks;

public class CallbackKpisTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly Campaign Campaign = new(1, "c", CampaignKind.NewPolicy, "gz", new CallingWindow(new TimeOnly(0, 0), new TimeOnly(23, 59)), 3);

    private static CallbackTask Finished(int id, CallbackResult result)
    {
        var task = new CallbackTask(id, 1, null, "13812341234", null, null, Now.AddDays(-1), deadline: null);
        task.StartAttempt("gz", Now.AddHours(-2));
        task.RecordAttempt(result, Now.AddHours(-2), TimeSpan.FromHours(1), maxAttempts: 1);
        return task;
    }

    [Test]
    public void Success_and_new_policy_rates_come_from_task_results()
    {
        var tasks = new List<(CallbackTask, CampaignKind)>();
        for (var i = 0; i < 19; i++)
        {
            tasks.Add((Finished(i, CallbackResult.Reached), CampaignKind.NewPolicy));
        }

        tasks.Add((Finished(19, CallbackResult.NoAnswer), CampaignKind.NewPolicy));
        tasks.Add((Finished(20, CallbackResult.Refused), CampaignKind.Claims));
        tasks.Add((Finished(21, CallbackResult.Reached), CampaignKind.Claims));
        var cancelled = new CallbackTask(22, 1, null, "13812341234", null, null, Now.AddDays(-1), deadline: null);
        cancelled.Cancel();
        tasks.Add((cancelled, CampaignKind.NewPolicy));
        tasks.Add((new CallbackTask(23, 1, null, "13812341234", null, null, Now.AddDays(1), deadline: null), CampaignKind.NewPolicy));

        var kpis = CallbackKpis.Compute(tasks, Now);

        Assert.Multiple(() =>
        {
            Assert.That((kpis.Due, kpis.Reached, kpis.NewPolicyDue, kpis.NewPolicyReached), Is.EqualTo((22, 20, 20, 19)));
            Assert.That(kpis.SuccessRate, Is.EqualTo(20.0 / 22).Within(1e-9));
            Assert.That(kpis.NewPolicyRate, Is.EqualTo(0.95).Within(1e-9));
            Assert.That(kpis.MeetsSuccessTarget, Is.False);
            Assert.That(kpis.MeetsNewPolicyTarget, Is.False);
        });
    }

    [Test]
    public void Nothing_due_gives_no_rate_rather_than_zero()
    {
        var kpis = CallbackKpis.Compute([], Now);

        Assert.That((kpis.SuccessRate, kpis.NewPolicyRate), Is.EqualTo(((double?)null, (double?)null)));
    }

    [Test]
    public void A_campaign_reports_its_script()
    {
        Assert.That(Campaign.Script.Kind, Is.EqualTo(CampaignKind.NewPolicy));
    }
}
