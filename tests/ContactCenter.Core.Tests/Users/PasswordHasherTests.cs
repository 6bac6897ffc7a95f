using ContactCenter.Core.Users;

namespace ContactCenter.Core.Tests.Users;

public class PasswordHasherTests
{
    [Test]
    public void A_hash_verifies_the_right_password_and_describes_itself()
    {
        var hash = PasswordHasher.Hash("正确的密码-Correct1");
        var parts = hash.Split('$');

        Assert.Multiple(() =>
        {
            Assert.That(PasswordHasher.Verify("正确的密码-Correct1", hash), Is.True);
            Assert.That(parts, Has.Length.EqualTo(4));
            Assert.That(parts[0], Is.EqualTo("pbkdf2-sha256"));
            Assert.That(parts[1], Is.EqualTo("100000"));
            Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(16));
            Assert.That(Convert.FromBase64String(parts[3]), Has.Length.EqualTo(32));
            Assert.That(PasswordHasher.NeedsRehash(hash), Is.False);
        });
    }

    [Test]
    public void A_wrong_password_does_not_verify()
    {
        var hash = PasswordHasher.Hash("secret-1");

        Assert.That(PasswordHasher.Verify("secret-2", hash), Is.False);
    }

    [Test]
    public void The_same_password_gets_a_different_salt_each_time()
    {
        var first = PasswordHasher.Hash("secret");
        var second = PasswordHasher.Hash("secret");

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [Test]
    public void A_tampered_hash_does_not_verify()
    {
        var parts = PasswordHasher.Hash("secret").Split('$');
        var bytes = Convert.FromBase64String(parts[3]);
        bytes[0] ^= 0x01;
        var tamperedHash = string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(bytes));
        var salt = Convert.FromBase64String(parts[2]);
        salt[^1] ^= 0x80;
        var tamperedSalt = string.Join('$', parts[0], parts[1], Convert.ToBase64String(salt), parts[3]);
        var tamperedIterations = string.Join('$', parts[0], "99999", parts[2], parts[3]);

        Assert.Multiple(() =>
        {
            Assert.That(PasswordHasher.Verify("secret", tamperedHash), Is.False);
            Assert.That(PasswordHasher.Verify("secret", tamperedSalt), Is.False);
            Assert.That(PasswordHasher.Verify("secret", tamperedIterations), Is.False);
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("secret")]
    [TestCase("pbkdf2-sha256$100000$notbase64!$AAAA")]
    [TestCase("pbkdf2-sha1$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("pbkdf2-sha256$2000000000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("pbkdf2-sha256$-1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void A_malformed_hash_is_rejected_without_throwing(string? stored)
    {
        Assert.That(PasswordHasher.Verify("secret", stored), Is.False);
    }
}
