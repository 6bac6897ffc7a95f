using ContactCenter.Core.Customers;

namespace ContactCenter.Core.Tests.Customers;

public class CustomerTests
{
    [TestCase("+86 138-1234-1234", "13812341234")]
    [TestCase("008613812341234", "13812341234")]
    [TestCase("020 8888 6666", "02088886666")]
    [TestCase("86123", "86123")]
    [TestCase(" - ", null)]
    public void Phone_numbers_are_compared_as_digits_without_the_country_code(string input, string? expected)
    {
        Assert.That(Customer.NormalizePhone(input), Is.EqualTo(expected));
    }

    [Test]
    public void A_caller_number_matches_the_customer_and_screens_show_masks()
    {
        var customer = new Customer(1, "王五", Gender.Male, "11010519491231002X", "138 1234 1234", null, "广州", DateTimeOffset.UnixEpoch);

        Assert.Multiple(() =>
        {
            Assert.That(customer.HasPhone("+8613812341234"), Is.True);
            Assert.That(customer.HasPhone("13812340000"), Is.False);
            Assert.That(customer.MaskedMobile, Is.EqualTo("138****1234"));
            Assert.That(customer.MaskedIdNumber, Is.EqualTo("110***********002X"));
            Assert.That(customer.Version, Is.EqualTo(1));
        });
    }
}
