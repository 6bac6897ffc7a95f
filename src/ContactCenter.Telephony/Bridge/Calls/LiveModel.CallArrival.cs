using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using ContactCenter.Core.Seats;

namespace ContactCenter.Telephony.Bridge;

/// <summary>A call enters the model: its record starts, it queues (or arrives from another site), and leaves the waiting list.</summary>
internal sealed partial class LiveModel
{
    private CallState EnsureCall(SiteState site, string callId, ContactDirection direction, string? callerNumber, DateTimeOffset createdAt,
        string? uniqueid, string? channel, Outbox outbox)
    {
        if (!_calls.TryGetValue(callId, out var call))
        {
            var contact = new Contact(callId, direction, site.Code, callerNumber: direction == ContactDirection.Inbound ? Clip(callerNumber) : null,
                ivrEnteredAt: direction == ContactDirection.Inbound ? createdAt : null);
            call = new CallState(contact, site.Code);
            _calls[callId] = call;
            Record(call, outbox);
        }

        if (uniqueid is not null && string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal) && call.Uniqueid is null)
        {
            call.Uniqueid = uniqueid;
            call.Channel = channel;
        }

        return call;
    }

    private static string? Clip(string? number) =>
        string.IsNullOrWhiteSpace(number) || number.StartsWith('<') ? null : number.Length > 32 ? number[..32] : number;

    private void OnVariable(CallVariableSet fact, Outbox outbox)
    {
        if (!_calls.TryGetValue(fact.CallId, out var call))
        {
            return;
        }

        var contact = call.Contact;
        switch (fact.Name)
        {
            case "CC_POLICY" when fact.Value.Length > 0 && !contact.IsClosed:
                contact.Identify(contact.CustomerId, fact.Value);
                contact.SetIvrData("policy", fact.Value);
                break;
            case "CC_INTENT" when fact.Value.Length > 0 && !contact.IsClosed:
                if (!contact.IvrData.TryGetValue("menu", out var menu) || menu != fact.Value)
                {
                    contact.SetIvrData("menu", fact.Value);
                    contact.RecordIvrStep(fact.Value);
                }

                break;
            case "CC_IVR_PATH" when !string.IsNullOrWhiteSpace(fact.Value) && !contact.IsClosed:
                // The flow's route or transfer step names every node the caller passed: the pop shows the way, not only the intent.
                contact.SetIvrPath(fact.Value);
                break;
            case "CC_CALLBACK_RESULT" when fact.Value.Length > 0 && !contact.IsClosed:
                contact.SetIvrData("callbackResult", fact.Value);
                break;
            case "MIXMONITOR_FILENAME" when fact.Value.Length > 0:
                contact.AttachRecording(Path.GetFileName(fact.Value));
                break;
            case "QUEUESTATUS":
                // app_queue sends QueueCallerLeave for every exit and sets QUEUESTATUS after it: a TIMEOUT, FULL or
                // LEAVEEMPTY status says the last leave was not the caller hanging up.
                call.Variables[fact.Name] = fact.Value;
                if (call.LastExit == QueueExit.Abandoned && fact.Value.ToUpperInvariant() is "TIMEOUT" or "FULL" or "JOINEMPTY" or "JOINUNAVAIL" or "LEAVEEMPTY" or "LEAVEUNAVAIL")
                {
                    call.LastExit = null;
                }

                return;
            case "CC_OUTCOME":
                call.Variables[fact.Name] = fact.Value;
                return;
            default:
                return;
        }

        Record(call, outbox);
    }

    private void OnQueued(SiteState site, CallQueued fact, Outbox outbox)
    {
        var call = EnsureCall(site, fact.CallId, fact.Direction, fact.CallerNumber, fact.ChannelCreatedAt, fact.Uniqueid, fact.Channel, outbox);
        if (call.Contact.IsClosed)
        {
            return;
        }

        if (!string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            // The call arrived from another site (overflow). Record the hop if the Redirect answer is not in yet.
            ArriveAt(call, site.Code, fact.At, outbox);
            call.Uniqueid = fact.Uniqueid;
            call.Channel = fact.Channel;
        }

        call.ArrivedAt.Add(site.Code);
        var queue = QueueOf(site, fact.QueueName);
        LeaveWaitingList(call);
        call.QueueName = fact.QueueName;
        call.JoinedAt = fact.At;
        call.LastExit = null;
        queue.Waiting.Add(call);
        call.Contact.Enqueue(queue.Queue.Id, Clamp(call.Contact, fact.At));
        Record(call, outbox);
        outbox.Events.Add(new CallWaiting(site.Code, queue.Queue.Id, call.Contact.CallId, fact.At));
        PublishFigures(site, queue, fact.At, outbox);
    }

    private static void ArriveAt(CallState call, string siteCode, DateTimeOffset at, Outbox outbox)
    {
        var reason = call.PendingOverflow is { } pending && pending.ToSite == siteCode ? pending.Reason : OverflowReason.Manual;
        if (!string.Equals(call.Contact.CurrentSiteCode, siteCode, StringComparison.Ordinal))
        {
            call.Contact.Overflow(siteCode, reason, Clamp(call.Contact, call.PendingOverflow?.DecidedAt ?? at));
        }

        call.PendingOverflow = null;
        call.OverflowedFrom.Add(call.SiteCode);
        call.SiteCode = siteCode;
        Record(call, outbox);
    }

    private void OnAbandoned(SiteState site, CallAbandoned fact, Outbox outbox)
    {
        if (!_calls.TryGetValue(fact.CallId, out var call) || !string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            return;
        }

        // A Redirect out of Queue() is reported as an abandon: if we sent one, the call is overflowing.
        call.LastExit = call.PendingOverflow is not null || call.OverflowedFrom.Contains(site.Code) ? QueueExit.Overflowed : QueueExit.Abandoned;
        call.LastExitAt = fact.At;
        LeaveQueue(site, call, fact.At, outbox);
    }

    private void OnLeftQueue(SiteState site, CallLeftWaitingList fact, Outbox outbox)
    {
        if (_calls.TryGetValue(fact.CallId, out var call) && string.Equals(call.SiteCode, site.Code, StringComparison.Ordinal))
        {
            LeaveQueue(site, call, fact.At, outbox);
        }
    }

    private void LeaveQueue(SiteState site, CallState call, DateTimeOffset at, Outbox outbox)
    {
        SettleNoAnswersOf(site, call.Contact.CallId, callerStillWaits: false, outbox);
        if (call.QueueName is { } name && LeaveWaitingList(call))
        {
            PublishFigures(site, QueueOf(site, name), at, outbox);
        }
    }

    private bool LeaveWaitingList(CallState call)
    {
        if (call.QueueName is null)
        {
            return false;
        }

        foreach (var site in _sites.Values)
        {
            if (site.Queues.TryGetValue(call.QueueName, out var queue) && queue.Waiting.Remove(call))
            {
                return true;
            }
        }

        return false;
    }
}
