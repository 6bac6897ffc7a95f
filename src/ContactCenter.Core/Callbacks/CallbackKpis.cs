namespace ContactCenter.Core.Callbacks;

/// <summary>
/// The callback KPIs of DOMAIN §3/§6 over one set of tasks, with the counts they come from. Rates are 0..1,
/// null when nothing was due.
/// <list type="bullet">
/// <item>回访成功率 (callback success rate) = tasks completed with the customer reached ÷ tasks due (target ≥ 95%).</item>
/// <item>新契约回访率 (new-policy callback rate) = new-policy tasks reached ÷ new-policy tasks due (target 100%).</item>
/// </list>
/// A task is due when its due time is at or before the cut-off; cancelled tasks are left out (they were not owed).
/// </summary>
public sealed record CallbackKpis(int Due, int Reached, int NewPolicyDue, int NewPolicyReached, double? SuccessRate, double? NewPolicyRate)
{
    public const double SuccessTarget = 0.95;

    public const double NewPolicyTarget = 1.0;

    public bool MeetsSuccessTarget => SuccessRate >= SuccessTarget;

    public bool MeetsNewPolicyTarget => NewPolicyRate >= NewPolicyTarget;

    /// <summary>Computes the KPIs of <paramref name="tasks"/> (each with its campaign's kind) due by <paramref name="dueBy"/>.</summary>
    public static CallbackKpis Compute(IEnumerable<(CallbackTask Task, CampaignKind Kind)> tasks, DateTimeOffset dueBy)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        int due = 0, reached = 0, newDue = 0, newReached = 0;
        foreach (var (task, kind) in tasks)
        {
            if (task.DueAt > dueBy || task.Status == CallbackTaskStatus.Cancelled)
            {
                continue;
            }

            var ok = task.IsSuccessful ? 1 : 0;
            due++;
            reached += ok;
            if (kind == CampaignKind.NewPolicy)
            {
                newDue++;
                newReached += ok;
            }
        }

        return From(due, reached, newDue, newReached);
    }

    /// <summary>The KPIs from counts already aggregated (e.g. by a SQL roll-up).</summary>
    public static CallbackKpis From(int due, int reached, int newPolicyDue, int newPolicyReached) =>
        new(due, reached, newPolicyDue, newPolicyReached, Rate(reached, due), Rate(newPolicyReached, newPolicyDue));

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
