using ContactCenter.Core.Callbacks;

namespace ContactCenter.Core.Tests.Callbacks;

public class CallbackScriptTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 30, 2, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, bool> AllYes(CallbackScript script) => script.Checklist.ToDictionary(i => i.Code, _ => true);

    [Test]
    public void The_new_policy_script_asks_every_confirmation_of_the_rules_in_both_languages()
    {
        var script = CallbackScripts.For(CampaignKind.NewPolicy);

        Assert.Multiple(() =>
        {
            Assert.That(script.Checklist.Select(i => i.Code), Is.SupersetOf(new[]
            {
                "is-policyholder", "own-signature", "read-brochure", "knows-cover", "knows-surrender-loss",
                "knows-cooling-off", "knows-payment", "accepts-recording", "true-intent",
            }));
            Assert.That(script.Checklist.All(i => i.TextZhCn.Length > 0 && i.TextEn.Length > 0), Is.True);
            Assert.That(script.OpeningZhCn, Does.Contain("回访"));
            Assert.That(script.Results, Does.Contain(CallbackResult.CallLater));
        });
    }

    [Test]
    public void A_no_on_a_new_policy_confirmation_opens_a_mis_selling_check()
    {
        var script = CallbackScripts.For(CampaignKind.NewPolicy);
        var answers = AllYes(script);
        answers["own-signature"] = false;
        answers["accepts-recording"] = false;

        var followUps = new CallbackResultForm(1, CallbackResult.Reached, answers).Validate(script, Now);

        Assert.That(followUps.Select(i => i.Code), Is.EqualTo(new[] { "own-signature" }));
    }

    [Test]
    public void A_reached_callback_must_answer_the_whole_checklist()
    {
        var script = CallbackScripts.For(CampaignKind.NewPolicy);
        var answers = AllYes(script);
        answers.Remove("true-intent");

        var error = Assert.Throws<DomainValidationException>(() => new CallbackResultForm(1, CallbackResult.Reached, answers).Validate(script, Now));
        Assert.That(error!.Message, Does.Contain("true-intent"));
    }

    [Test]
    public void Unknown_items_past_call_back_times_and_system_only_results_are_refused()
    {
        var script = CallbackScripts.For(CampaignKind.Claims);

        Assert.Multiple(() =>
        {
            Assert.Throws<DomainValidationException>(() => new CallbackResultForm(1, CallbackResult.Refused, new Dictionary<string, bool> { ["nope"] = true }).Validate(script, Now));
            Assert.Throws<DomainValidationException>(() => new CallbackResultForm(1, CallbackResult.CallLater, new Dictionary<string, bool>(), CallBackAt: Now.AddMinutes(-1)).Validate(script, Now));
            Assert.Throws<DomainValidationException>(() => new CallbackResultForm(1, CallbackResult.Unreachable, new Dictionary<string, bool>()).Validate(script, Now));
            Assert.That(new CallbackResultForm(1, CallbackResult.Refused, new Dictionary<string, bool>()).Validate(script, Now), Is.Empty);
        });
    }

    [Test]
    public void Kinds_without_their_own_script_get_a_generic_one_of_their_kind()
    {
        Assert.That(CallbackScripts.For(CampaignKind.RiskManagement).Kind, Is.EqualTo(CampaignKind.RiskManagement));
    }
}
