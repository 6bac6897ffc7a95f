using ContactCenter.Core.Contacts;
using ContactCenter.Core.Queues;
using Microsoft.Extensions.Time.Testing;

namespace ContactCenter.Core.Tests.Contacts;

public class ContactTests
{
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 3, 1, 0, 0, TimeSpan.Zero));

    [Test]
    public void An_answered_call_records_every_timestamp_in_order()
    {
        var contact = Contact.StartInbound("gz-1741000000.1", "gz", "13812341234", Now());
        contact.RecordIvrStep("main");
        contact.RecordIvrStep("claims");
        contact.SetIvrData("policy", "P0001");
        Advance(12);
        contact.Enqueue("gz/claims", Now());
        Advance(8);
        contact.Ring("agent-1001", Now());
        Advance(3);
        contact.Answer("agent-1001", Now());
        Advance(95);
        contact.Close(ContactOutcome.Answered, Now(), FiveSeconds);

        Assert.Multiple(() =>
        {
            Assert.That(contact.IvrPath, Is.EqualTo("main>claims"));
            Assert.That(contact.IvrData["policy"], Is.EqualTo("P0001"));
            Assert.That(contact.AnswerWait, Is.EqualTo(TimeSpan.FromSeconds(11)));
            Assert.That(contact.TalkTime, Is.EqualTo(TimeSpan.FromSeconds(95)));
            Assert.That(contact.Outcome, Is.EqualTo(ContactOutcome.Answered));
            Assert.That(contact.ShortAbandon, Is.False);
            Assert.That(contact.AskedForSeat, Is.True);
        });
    }

    [Test]
    public void The_outcome_is_set_once_and_a_second_close_throws()
    {
        var contact = Contact.StartInbound("call-1", "gz", null, Now());
        contact.Enqueue("gz/claims", Now());
        Advance(30);
        contact.Close(ContactOutcome.Abandoned, Now(), FiveSeconds);
        var endedAt = contact.EndedAt;
        Advance(1);

        var ex = Assert.Throws<ContactAlreadyClosedException>(() => contact.Close(ContactOutcome.Timeout, Now(), FiveSeconds));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("contact call-1 is already closed as abandoned; cannot close it again as timeout"));
            Assert.That(contact.Outcome, Is.EqualTo(ContactOutcome.Abandoned));
            Assert.That(contact.EndedAt, Is.EqualTo(endedAt));
        });
    }

    [Test]
    public void A_closed_contact_refuses_further_call_events()
    {
        var contact = Contact.StartInbound("call-1", "gz", null, Now());
        contact.Close(ContactOutcome.Closed, Now(), FiveSeconds);

        Assert.Throws<ContactAlreadyClosedException>(() => contact.Enqueue("gz/claims", Now()));
    }

    [TestCase(4.999, true, TestName = "An abandon after 4.999 s with a 5 s threshold is short")]
    [TestCase(5.0, false, TestName = "An abandon after exactly 5 s is not short")]
    [TestCase(40.0, false, TestName = "An abandon after 40 s is not short")]
    public void Short_abandon_is_flagged_from_the_threshold(double waitedSeconds, bool expected)
    {
        var queue = new Queue("gz", "claims", "理赔", shortAbandonSeconds: 5);
        var contact = Contact.StartInbound("call-1", "gz", null, Now());
        contact.Enqueue(queue.Id, Now());
        _time.Advance(TimeSpan.FromSeconds(waitedSeconds));

        contact.Close(ContactOutcome.Abandoned, Now(), queue);

        Assert.That(contact.ShortAbandon, Is.EqualTo(expected));
    }

    [Test]
    public void Only_abandons_are_short()
    {
        var contact = Contact.StartInbound("call-1", "gz", null, Now());
        contact.Enqueue("gz/claims", Now());
        Advance(1);

        contact.Close(ContactOutcome.LeaveEmpty, Now(), FiveSeconds);

        Assert.That(contact.ShortAbandon, Is.False);
    }

    [Test]
    public void Answered_outcome_needs_an_answer_and_an_answered_call_cannot_be_abandoned()
    {
        var unanswered = Contact.StartInbound("call-1", "gz", null, Now());
        var answered = Contact.StartInbound("call-2", "gz", null, Now());
        answered.Enqueue("gz/claims", Now());
        answered.Answer("agent-1001", Now());

        Assert.Multiple(() =>
        {
            Assert.Throws<ContactStateException>(() => unanswered.Close(ContactOutcome.Answered, Now(), FiveSeconds));
            Assert.Throws<ContactStateException>(() => answered.Close(ContactOutcome.Abandoned, Now(), FiveSeconds));
            Assert.That(unanswered.IsClosed, Is.False);
            Assert.That(answered.IsClosed, Is.False);
        });
    }

    [Test]
    public void Overflowed_call_keeps_its_call_id_ivr_data_and_first_enqueue_time()
    {
        var contact = Contact.StartInbound("gz-1741000000.7", "gz", "13812341234", Now());
        contact.SetIvrData("policy", "P0001");
        contact.Enqueue("gz/claims", Now());
        var firstEnqueue = contact.EnqueuedAt;
        Advance(61);
        var hop = contact.Overflow("sh", OverflowReason.WaitedTooLong, Now());
        contact.Enqueue("sh/claims", Now());
        Advance(4);
        contact.Ring("agent-2001", Now());
        contact.Answer("agent-2001", Now());

        Assert.Multiple(() =>
        {
            Assert.That(contact.CallId, Is.EqualTo("gz-1741000000.7"));
            Assert.That(contact.SiteCode, Is.EqualTo("gz"));
            Assert.That(contact.CurrentSiteCode, Is.EqualTo("sh"));
            Assert.That(contact.QueueId, Is.EqualTo("sh/claims"));
            Assert.That(contact.IvrData["policy"], Is.EqualTo("P0001"));
            Assert.That(contact.EnqueuedAt, Is.EqualTo(firstEnqueue));
            Assert.That(contact.AnswerWait, Is.EqualTo(TimeSpan.FromSeconds(65)));
            Assert.That(hop, Is.EqualTo(new OverflowHop(1, "gz", "sh", OverflowReason.WaitedTooLong, firstEnqueue!.Value.AddSeconds(61))));
            Assert.That(contact.OverflowHops, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void A_call_cannot_overflow_to_the_site_it_is_at_or_after_it_was_answered()
    {
        var contact = Contact.StartInbound("call-1", "gz", null, Now());
        contact.Enqueue("gz/claims", Now());

        Assert.Throws<ContactStateException>(() => contact.Overflow("gz", OverflowReason.Manual, Now()));
        contact.Answer("agent-1001", Now());
        Assert.Throws<ContactStateException>(() => contact.Overflow("sh", OverflowReason.Manual, Now()));
    }

    [Test]
    public void Timestamps_may_not_go_backwards()
    {
        var contact = Contact.StartInbound("call-1", "gz", null, Now());
        contact.Enqueue("gz/claims", Now());

        Assert.Throws<DomainValidationException>(() => contact.Answer("agent-1001", Now().AddSeconds(-1)));
    }

    [Test]
    public void Wrap_up_and_after_call_work_belong_to_answered_calls_and_count_in_handle_time()
    {
        var contact = Contact.StartInbound("call-1", "gz", null, Now());
        contact.Enqueue("gz/claims", Now());
        Assert.Throws<ContactStateException>(() => contact.RecordWrapUp("claims-status", null));
        contact.Answer("agent-1001", Now());
        Advance(100);
        contact.Close(ContactOutcome.Answered, Now(), FiveSeconds);

        contact.RecordWrapUp("claims-status", "客户询问理赔进度");
        contact.RecordAfterCallWork(TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(contact.WrapUpCode, Is.EqualTo("claims-status"));
            Assert.That(contact.HandleTime, Is.EqualTo(TimeSpan.FromSeconds(120)));
        });
    }

    [Test]
    public void Outcome_codes_match_the_stored_values()
    {
        var codes = Enum.GetValues<ContactOutcome>().Select(DomainCodes.ToCode);

        Assert.That(codes, Is.EqualTo((string[])["answered", "abandoned", "timeout", "overflowed", "full", "joinempty", "leaveempty", "closed", "transferred", "failed"]));
    }

    private DateTimeOffset Now() => _time.GetUtcNow();

    private void Advance(int seconds) => _time.Advance(TimeSpan.FromSeconds(seconds));
}
