using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace RecoveryPlatform.Modules.Referrals.Protection;

/// <summary>
/// Seals personal data with AES-GCM before it reaches the database: a random nonce per value, the key's id
/// stored with the value (<c>rp1.{keyId}.{nonce|tag|ciphertext, base64url}</c>), and the value bound to the
/// record it belongs to, so a sealed value copied onto another referral does not open. Values sealed under
/// a key that has since been rotated out of <see cref="ReferralsOptions.ActiveKeyId"/> still open while the
/// key is configured.
/// </summary>
internal sealed class PersonalDataProtector
{
    private const string Prefix = "rp1";
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly string _activeKeyId;

    public PersonalDataProtector(IOptions<ReferralsOptions> options)
    {
        var configured = options.Value;
        foreach (var (id, base64) in configured.Keys)
        {
            if (!IsKeyId(id))
            {
                throw new InvalidOperationException($"{ReferralsOptions.SectionName}:Keys: a key id is 1 to 32 letters, digits, '-' or '_' (found one that is not).");
            }

            _keys[id] = Decode(id, base64);
        }

        if (configured.ActiveKeyId is not { } active || !_keys.ContainsKey(active))
        {
            throw new InvalidOperationException($"{ReferralsOptions.SectionName}:ActiveKeyId must name one of the configured keys; referrals cannot be stored without one.");
        }

        _activeKeyId = active;
    }

    public string ActiveKeyId => _activeKeyId;

    public string Seal<T>(T value, Guid boundTo)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        var sealedBytes = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[_activeKeyId], TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData(_activeKeyId, boundTo));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        return $"{Prefix}.{_activeKeyId}.{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>The value sealed in <paramref name="sealedValue"/>; throws when its key is not configured or it was tampered with.</summary>
    public T Open<T>(string sealedValue, Guid boundTo)
    {
        var parts = sealedValue.Split('.');
        if (parts.Length != 3 || parts[0] != Prefix || !_keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException("A sealed value names a key that is not configured.");
        }

        var sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("A sealed value is too short.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plaintext, AssociatedData(parts[1], boundTo));
        }

        try
        {
            return JsonSerializer.Deserialize<T>(plaintext, Json) ?? throw new CryptographicException("A sealed value is empty.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The key id a sealed value was sealed with (for rotation reports), or null.</summary>
    public static string? KeyIdOf(string sealedValue) => sealedValue.Split('.') is [Prefix, var id, _] ? id : null;

    /// <summary>Whether a configured key is 32 bytes of base64, as <see cref="ReferralsOptions.Keys"/> asks.</summary>
    public static bool IsUsableKey(string? base64)
    {
        Span<byte> key = stackalloc byte[KeyBytes + 3];
        return base64 is not null && Convert.TryFromBase64String(base64, key, out var written) && written == KeyBytes;
    }

    public static bool IsKeyId(string id) => id.Length is >= 1 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static byte[] AssociatedData(string keyId, Guid boundTo) => Encoding.UTF8.GetBytes($"{Prefix}|{keyId}|{boundTo:N}");

    private static byte[] Decode(string id, string base64)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length == KeyBytes ? key : throw new InvalidOperationException($"{ReferralsOptions.SectionName}:Keys:{id} must be {KeyBytes} bytes, base64.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{ReferralsOptions.SectionName}:Keys:{id} is not base64.");
        }
    }
}
