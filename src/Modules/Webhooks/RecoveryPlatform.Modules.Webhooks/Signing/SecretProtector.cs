using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RecoveryPlatform.Modules.Webhooks.Signing;

/// <summary>
/// Seals subscriptions' signing secrets before they reach the database. Unlike an API key, which is only ever
/// compared and so is stored hashed (ADR 0003), a signing secret must be used again to sign each delivery: it is
/// encrypted with AES-GCM under the module's data key, the scheme the Referrals module uses for personal data
/// (ADR 0010): a random nonce per value, the key's id stored with it (<c>wh1.{keyId}.{nonce|tag|ciphertext}</c>), and
/// the value bound to its subscription, so a sealed secret copied onto another row does not open.
/// </summary>
internal sealed class SecretProtector
{
    private const string Prefix = "wh1";
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly string _activeKeyId;

    public SecretProtector(IOptions<WebhooksOptions> options)
    {
        foreach (var (id, base64) in options.Value.Keys)
        {
            _keys[id] = IsUsableKey(base64) ? Convert.FromBase64String(base64) : throw new InvalidOperationException($"{WebhooksOptions.SectionName}:Keys:{id} must be {KeyBytes} random bytes, base64.");
        }

        _activeKeyId = options.Value.ActiveKeyId is { } active && _keys.ContainsKey(active)
            ? active
            : throw new InvalidOperationException($"{WebhooksOptions.SectionName}:ActiveKeyId must name one of the configured Keys; webhook secrets cannot be stored without one.");
    }

    public static bool IsUsableKey(string? base64)
    {
        Span<byte> key = stackalloc byte[KeyBytes + 3];
        return base64 is not null && Convert.TryFromBase64String(base64, key, out var written) && written == KeyBytes;
    }

    public string Seal(string secret, Guid subscriptionId)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[_activeKeyId], TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData(_activeKeyId, subscriptionId));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return $"{Prefix}.{_activeKeyId}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>The secret sealed in <paramref name="sealedSecret"/>; throws when its key is not configured or it was tampered with.</summary>
    public string Open(string sealedSecret, Guid subscriptionId)
    {
        var parts = sealedSecret.Split('.');
        if (parts.Length != 3 || parts[0] != Prefix || !_keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException("A sealed webhook secret names a key that is not configured.");
        }

        var sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("A sealed webhook secret is too short.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plaintext, AssociatedData(parts[1], subscriptionId));
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    private static byte[] AssociatedData(string keyId, Guid subscriptionId) => Encoding.UTF8.GetBytes($"{Prefix}|{keyId}|{subscriptionId:N}");
}
