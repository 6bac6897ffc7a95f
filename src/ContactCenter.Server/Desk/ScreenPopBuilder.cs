using ContactCenter.Core.Contacts;
using ContactCenter.Core.Privacy;
using ContactCenter.Data.Customers;
using ContactCenter.Data.Sites;
using ContactCenter.Server.Telephony;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Desk;

/// <summary>
/// Builds a seat's screen pop from the live contact: the customers matched by the policy number keyed in the IVR
/// and by the calling number (policy match first, each customer once), with policies, open complaints and last
/// contacts. Phone and ID numbers are masked: the pop goes to seats only.
/// </summary>
public sealed class ScreenPopBuilder(CustomerQueries customers, SiteQueries sites, IOptions<DeskOptions> options, ILogger<ScreenPopBuilder> logger)
{
    private Dictionary<string, string>? _queueNames;

    public async Task<DeskCall> BuildAsync(Contact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var matches = new List<CustomerMatch>();
        try
        {
            var recent = options.Value.RecentContacts;
            if (contact.PolicyNumber is { Length: > 0 } policy && await customers.FindByPolicyNumberAsync(policy, recent, cancellationToken) is { } byPolicy)
            {
                matches.Add(Match(byPolicy, "policy"));
            }

            foreach (var byPhone in await customers.FindByPhoneAsync(contact.CallerNumber, recent, cancellationToken))
            {
                if (matches.TrueForAll(m => m.Id != byPhone.Customer.Id))
                {
                    matches.Add(Match(byPhone, "phone"));
                }
            }
        }
        catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            LiveLog.PopLookupFailed(logger, contact.CallId, error);
        }

        var names = _queueNames ??= (await sites.ListQueuesAsync(null, cancellationToken)).ToDictionary(q => q.Id, q => q.DisplayName, StringComparer.Ordinal);
        return new DeskCall(
            contact.CallId,
            contact.AnsweredAt is null ? CallPhase.Ringing : CallPhase.Talking,
            contact.CallerNumber is null ? null : Mask.Phone(contact.CallerNumber),
            contact.QueueId,
            contact.QueueId is { } id && names.TryGetValue(id, out var name) ? name : contact.QueueId,
            contact.IvrPath,
            new Dictionary<string, string>(contact.IvrData, StringComparer.Ordinal),
            contact.PolicyNumber,
            matches,
            contact.RingingAt,
            contact.AnsweredAt,
            contact.EndedAt,
            contact.Outcome);
    }

    private static CustomerMatch Match(ScreenPop pop, string matchedBy) => new(
        pop.Customer.Id,
        pop.Customer.Name,
        pop.Customer.Gender,
        pop.Customer.MaskedMobile,
        pop.Customer.MaskedIdNumber,
        pop.Customer.City,
        matchedBy,
        [.. pop.Policies.Select(p => new PolicyItem(p.PolicyNumber, p.ProductLine, p.ProductName, p.Status, p.StartDate, p.CoolingOffEnd))],
        [.. pop.OpenComplaints.Select(c => new ComplaintItem(c.Id, c.CaseNumber, c.Subject, c.Status, c.Deadlines.Decide))],
        [.. pop.RecentContacts.Select(c => new RecentContactItem(c.CallId, c.EndedAt, c.Direction, c.Outcome, c.QueueId, c.WrapUpCode))]);
}
