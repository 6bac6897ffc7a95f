using ContactCenter.Core;
using ContactCenter.Core.Callbacks;
using ContactCenter.Telephony.Ivr;

namespace ContactCenter.Telephony.Tests.Ivr;

/// <summary>callback-confirm routes on what the dialer sends: CC_INTENT = the campaign kind's code + <c>-callback</c>.</summary>
public sealed class CallbackConfirmFlowTests
{
    private static readonly (CampaignKind Kind, string Queue)[] DemoKinds =
    [
        (CampaignKind.NewPolicy, "policy-service"),
        (CampaignKind.ComplaintResolution, "complaints"),
        (CampaignKind.Claims, "claims"),
        (CampaignKind.Satisfaction, "policy-service"),
    ];

    [Test]
    public void Every_demo_campaign_kind_reaches_its_queue_and_every_case_is_a_kind_the_dialer_sends()
    {
        var flow = RepoPaths.Shipped("callback-confirm");
        var branch = flow.Nodes.Values.OfType<BranchNode>().Single(b => b.Variable == "intent");
        string QueueOf(string intent) => ((RouteNode)flow.Nodes[branch.Cases.GetValueOrDefault(intent, branch.Default)]).Queue;

        Assert.Multiple(() =>
        {
            foreach (var (kind, queue) in DemoKinds)
            {
                var intent = DomainCodes.ToCode(kind) + "-callback";
                Assert.That(branch.Cases.ContainsKey(intent), Is.True, $"{intent} has its own case");
                Assert.That(QueueOf(intent), Is.EqualTo(queue), intent);
            }

            var sent = Enum.GetValues<CampaignKind>().Select(k => DomainCodes.ToCode(k) + "-callback").ToHashSet(StringComparer.Ordinal);
            Assert.That(branch.Cases.Keys, Is.SubsetOf(sent), "no case for an intent the dialer never sends");
        });
    }
}
