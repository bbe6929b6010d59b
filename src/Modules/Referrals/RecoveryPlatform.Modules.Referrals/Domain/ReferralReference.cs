using System.Security.Cryptography;

namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>
/// Short references like RF-7K3Q-92: six characters of Crockford's base 32 (no I, L, O or U, so nothing
/// reads as another character or spells a word), random, about a billion of them.
/// </summary>
internal static class ReferralReference
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> code = stackalloc char[6];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"RF-{new string(code[..4])}-{new string(code[4..])}";
    }
}
