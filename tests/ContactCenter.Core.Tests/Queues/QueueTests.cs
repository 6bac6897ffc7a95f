using ContactCenter.Core.Queues;

namespace ContactCenter.Core.Tests.Queues;

public class QueueTests
{
    [Test]
    public void Queue_id_is_site_slash_name()
    {
        var queue = new Queue("gz", "claims", "理赔");

        Assert.Multiple(() =>
        {
            Assert.That(queue.Id, Is.EqualTo("gz/claims"));
            Assert.That(queue.ServiceLevelThreshold, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(queue.Overflow, Is.SameAs(OverflowPolicy.None));
        });
    }

    [TestCase(0, 0.8, 5)]
    [TestCase(20, 0.0, 5)]
    [TestCase(20, 1.2, 5)]
    [TestCase(20, 0.8, -1)]
    public void Out_of_range_service_level_settings_are_refused(int seconds, double target, int shortAbandon)
    {
        Assert.Throws<DomainValidationException>(() => _ = new Queue("gz", "claims", "理赔", seconds, target, shortAbandon));
    }

    [Test]
    public void A_wait_under_the_short_abandon_threshold_is_short()
    {
        var queue = new Queue("gz", "claims", "理赔", shortAbandonSeconds: 5);

        Assert.Multiple(() =>
        {
            Assert.That(queue.IsShortAbandon(TimeSpan.FromSeconds(4.9)), Is.True);
            Assert.That(queue.IsShortAbandon(TimeSpan.FromSeconds(5)), Is.False);
        });
    }
}
