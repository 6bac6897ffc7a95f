using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContactCenter.Core.Users;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes in a self-describing string:
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>, 16-byte random salt,
/// 32-byte hash, 100,000 iterations. Verification is constant-time and reads the iteration count from the
/// string, so raising <see cref="Iterations"/> later keeps old hashes valid (see <see cref="NeedsRehash"/>).
/// </summary>
public static class PasswordHasher
{
    public const int Iterations = 100_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A stored string asking for more work than this is treated as tampered, not honoured (CPU exhaustion).
    private const int MaxIterations = 10_000_000;

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Iterations, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True only if <paramref name="storedHash"/> is well formed and matches; never throws on bad input.</summary>
    public static bool Verify(string password, string? storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Whether a valid hash was made with other parameters than today's and should be replaced at next sign-in.</summary>
    public static bool NeedsRehash(string storedHash) =>
        !TryParse(storedHash, out var iterations, out var salt, out var hash)
        || iterations != Iterations || salt.Length != SaltBytes || hash.Length != HashBytes;

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || !string.Equals(parts[0], Scheme, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < 1 or > MaxIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length >= 16;
    }
}
