using System.Security.Cryptography;
using System.Text;

namespace RecoveryPlatform.Api.Idempotency;

/// <summary>
/// Encrypts the responses kept for idempotent retries (AES-GCM): they can hold a new API key's secret or a
/// person's details, and the database must not hold either in the clear. The key is derived (HKDF) from the
/// platform's secret key material for this one purpose; each ciphertext is bound to its record.
/// </summary>
internal sealed class ResponseProtector
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("RecoveryPlatform idempotency responses v1");

    private readonly byte[] _key;

    public ResponseProtector(byte[] platformSecret) => _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, platformSecret, 32, info: Purpose);

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string boundTo)
    {
        var sealedBytes = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(boundTo));
        return sealedBytes;
    }

    /// <summary>The plaintext, or null when it cannot be read (another key, or tampering).</summary>
    public byte[]? Unprotect(byte[] sealedBytes, string boundTo)
    {
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plaintext = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plaintext, Encoding.UTF8.GetBytes(boundTo));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
