using ContactCenter.Core.Privacy;

namespace ContactCenter.Core.Tests.Privacy;

public class MaskTests
{
    [TestCase("13812341234", "138****1234")]
    [TestCase("138-1234-1234", "138****1234")]
    [TestCase(" 138 1234 1234 ", "138****1234")]
    [TestCase("02012345678", "020****5678")]
    [TestCase("62345678", "****5678")]
    [TestCase("1234567", "*******")]
    [TestCase("12345", "*****")]
    [TestCase("1", "*")]
    [TestCase("", "")]
    [TestCase("   ", "")]
    [TestCase(null, "")]
    public void Phone_numbers_show_at_most_the_first_3_and_last_4(string? input, string expected)
    {
        Assert.That(Mask.Phone(input), Is.EqualTo(expected));
    }

    [TestCase("11010519491231002X", "110***********002X")]
    [TestCase("110105491231002", "110********1002")]
    [TestCase("12345678", "****5678")]
    [TestCase("1234567", "*******")]
    [TestCase(null, "")]
    public void Id_numbers_show_at_most_the_first_3_and_last_4(string? input, string expected)
    {
        Assert.That(Mask.IdNumber(input), Is.EqualTo(expected));
    }

    [TestCase("6222021234567890123", "622202*********0123")]
    [TestCase("6222 0212 3456 7890", "622202******7890")]
    [TestCase("6222021234567", "*********4567")]
    [TestCase("12345678", "****5678")]
    [TestCase("1234", "****")]
    public void Bank_cards_show_at_most_the_first_6_and_last_4(string input, string expected)
    {
        Assert.That(Mask.BankCard(input), Is.EqualTo(expected));
    }

    [Test]
    public void A_mask_never_reveals_more_than_seven_characters_of_an_id_number_of_any_length()
    {
        for (var length = 1; length <= 25; length++)
        {
            var value = new string('9', length);
            var masked = Mask.IdNumber(value);
            var revealed = masked.Count(c => c != '*');

            Assert.That(revealed, Is.LessThanOrEqualTo(Math.Min(7, Math.Max(0, length - 4))), $"length {length}: {masked}");
        }
    }
}
