using Microsoft.AspNetCore.Http;
using RecoveryPlatform.SharedKernel.Errors;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Strong ETags derived from a resource's version stamp, and the If-Match rule every versioned
/// write follows: missing → 428, stale → 412.
/// </summary>
public static class ConcurrencyHeaders
{
    public static string ETagFor(Guid version) => $"\"{version:N}\"";

    /// <summary>Reads If-Match; throws 428 when it is absent. Returns null for <c>*</c> (any version).</summary>
    public static Guid? RequireIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new PreconditionRequiredException();
        }

        header = header.Trim();
        if (header == "*")
        {
            return null;
        }

        // A weak or malformed tag can never match a strong version stamp.
        var value = header.Trim('"');
        return Guid.TryParseExact(value, "N", out var version) ? version : Guid.Empty;
    }

    /// <summary>Throws 412 unless <paramref name="expected"/> is null (<c>If-Match: *</c>) or equals <paramref name="current"/>.</summary>
    public static void EnsureMatches(Guid? expected, Guid current)
    {
        if (expected is { } version && version != current)
        {
            throw new PreconditionFailedException();
        }
    }

    public static void SetETag(HttpResponse response, Guid version) => response.Headers.ETag = ETagFor(version);
}
