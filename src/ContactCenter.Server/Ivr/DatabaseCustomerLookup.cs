using ContactCenter.Data.Customers;
using ContactCenter.Telephony.Ivr;

namespace ContactCenter.Server.Ivr;

/// <summary>
/// The IVR's caller identification over <see cref="CustomerQueries"/>: a calling number matching exactly one
/// customer is found (several customers sharing a number are "not identified", and the flow asks for a policy
/// number); a policy number finds its holder. An open complaint is any complaint case that is not closed.
/// </summary>
public sealed class DatabaseCustomerLookup(CustomerQueries customers) : IIvrCustomerLookup
{
    public async Task<IvrCustomer?> FindByPhoneAsync(string callerNumber, CancellationToken cancellationToken)
    {
        var pops = await customers.FindByPhoneAsync(callerNumber, 0, cancellationToken);
        if (pops.Count != 1)
        {
            return null;
        }

        var pop = pops[0];
        // The policy is only certain when the customer has one.
        return new IvrCustomer(pop.Customer.Id, pop.Policies.Count == 1 ? pop.Policies[0].PolicyNumber : null, pop.OpenComplaints.Count > 0);
    }

    public async Task<IvrCustomer?> FindByPolicyNumberAsync(string policyNumber, CancellationToken cancellationToken)
    {
        var pop = await customers.FindByPolicyNumberAsync(policyNumber, 0, cancellationToken);
        if (pop is null)
        {
            return null;
        }

        var policy = pop.Policies.FirstOrDefault(p => string.Equals(p.PolicyNumber, policyNumber.Trim(), StringComparison.Ordinal));
        return new IvrCustomer(pop.Customer.Id, policy?.PolicyNumber ?? policyNumber.Trim(), pop.OpenComplaints.Count > 0);
    }
}
