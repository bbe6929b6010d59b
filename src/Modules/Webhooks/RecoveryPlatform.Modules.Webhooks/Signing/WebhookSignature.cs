using System.Security.Cryptography;
using System.Text;

namespace RecoveryPlatform.Modules.Webhooks.Signing;

/// <summary>
/// Signing as the Standard Webhooks specification describes it: the secret is <c>whsec_</c> and base64 of random
/// bytes; the signed content is <c>{webhook-id}.{webhook-timestamp}.{body}</c>; the <c>webhook-signature</c> header
/// is <c>v1,</c> and base64 of its HMAC-SHA256 under the decoded secret.
/// </summary>
internal static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    private const int SecretBytes = 32;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The <c>webhook-signature</c> value for one attempt.</summary>
    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("A webhook secret starts with whsec_.", nameof(secret));
        }

        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        try
        {
            var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}");
            return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>True when one of the space-separated signatures in <paramref name="header"/> is this body's (what a receiver checks).</summary>
    public static bool Verify(string secret, string webhookId, long timestamp, string body, string header)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, webhookId, timestamp, body));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }
}
