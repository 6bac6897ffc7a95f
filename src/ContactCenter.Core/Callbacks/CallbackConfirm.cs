namespace ContactCenter.Core.Callbacks;

/// <summary>
/// The customer's answer in the callback-confirm IVR flow (<c>ivr-flows/callback-confirm.json</c>), the channel variable
/// <c>CC_CALLBACK_RESULT</c>, and what it means for the task when the call ends without reaching a seat.
/// </summary>
public static class CallbackConfirm
{
    /// <summary>1 then 1: the policyholder wants to talk to a seat now.</summary>
    public const string Connect = "connect";

    /// <summary>1 then 2: call again later.</summary>
    public const string Later = "later";

    /// <summary>2: the person who answered is not the policyholder.</summary>
    public const string WrongPerson = "wrong-person";

    /// <summary>No key after the retries.</summary>
    public const string NoResponse = "no-response";

    /// <summary>
    /// The attempt's result for a call that ended in the IVR or before a seat answered: wrong person = wrong number (the
    /// campaign's rules decide whether to re-check it); no key = no answer; "later", a hang-up inside the flow (no answer
    /// given) and a customer who asked for a seat but left before one answered = call later, at the campaign's default delay.
    /// </summary>
    public static CallbackResult ResultWithoutSeat(string? answer) => answer switch
    {
        WrongPerson => CallbackResult.WrongNumber,
        NoResponse => CallbackResult.NoAnswer,
        _ => CallbackResult.CallLater,
    };
}
