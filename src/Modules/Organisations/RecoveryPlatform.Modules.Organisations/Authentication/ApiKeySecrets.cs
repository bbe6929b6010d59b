using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryPlatform.Modules.Organisations.Authentication;

/// <summary>Options for API key hashing, bound by the host.</summary>
public sealed class ApiKeyHashingOptions
{
    /// <summary>The HMAC key (at least 32 bytes) that makes a stolen table of hashes useless on its own.</summary>
    public byte[] HashingKey { get; set; } = [];
}

/// <summary>
/// Makes and checks API keys: <c>rpk_{8 hex}_{43 base64url}</c>, 256 bits of secret. Such a key cannot
/// be guessed, so a fast keyed hash (HMAC-SHA256) is enough and the stored hash doubles as the lookup
/// key; a slow password hash would only slow every request (ADR 0003). The first 12 characters are
/// random but not secret: they identify the key in lists.
/// </summary>
internal sealed class ApiKeySecrets(Microsoft.Extensions.Options.IOptions<ApiKeyHashingOptions> options)
{
    public const int MinimumLength = 32;
    public const int MaximumLength = 256;

    public static bool IsPlausible(string presented) => presented.Length is >= MinimumLength and <= MaximumLength;

    public static (string Key, string Prefix) NewKey()
    {
        var prefix = $"rpk_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{prefix}_{secret}", prefix);
    }

    public string Hash(string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(options.Value.HashingKey, Encoding.UTF8.GetBytes(key)));
}
