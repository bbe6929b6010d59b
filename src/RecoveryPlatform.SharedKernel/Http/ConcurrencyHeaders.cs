using Microsoft.AspNetCore.Http;
using RecoveryPlatform.SharedKernel.Errors;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Strong ETags derived from a resource's version stamp, and the If-Match rule every versioned
/// write follows: missing → 428, none of the listed versions current → 412.
/// </summary>
public static class ConcurrencyHeaders
{
    /// <summary>Length of a version in a tag: the Guid's 32 hex digits.</summary>
    private const int VersionLength = 32;

    public static string ETagFor(Guid version) => $"\"{version:N}\"";

    /// <summary>
    /// The tag of a representation that is the version seen in a particular way (by the people who manage
    /// it, or at a time when its next occurrence is a given one): <c>"version.variant"</c>. If-Match
    /// compares only the version, so a write with either tag of the same version succeeds.
    /// </summary>
    public static string ETagFor(Guid version, string? variant) => variant is null ? ETagFor(version) : $"\"{version:N}.{variant}\"";

    /// <summary>Reads If-Match; throws 428 when it is absent.</summary>
    public static IfMatch RequireIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (string.IsNullOrWhiteSpace(header.ToString()))
        {
            throw new PreconditionRequiredException();
        }

        return new IfMatch(header);
    }

    /// <summary>Throws 412 unless there is no condition (null) or it accepts <paramref name="current"/>.</summary>
    public static void EnsureMatches(IfMatch? expected, Guid current)
    {
        if (expected is not null && !expected.Allows(current))
        {
            throw new PreconditionFailedException();
        }
    }

    public static void SetETag(HttpResponse response, Guid version) => response.Headers.ETag = ETagFor(version);

    public static void SetETag(HttpResponse response, string tag) => response.Headers.ETag = tag;

    /// <summary>The version a strong tag's opaque part carries (its first 32 hex digits), or null.</summary>
    internal static Guid? VersionOf(string opaque)
    {
        var text = opaque.AsSpan();
        if (text.Length < VersionLength || (text.Length > VersionLength && text[VersionLength] is not ('.' or '-')))
        {
            return null;
        }

        return Guid.TryParseExact(text[..VersionLength], "N", out var version) ? version : null;
    }
}

/// <summary>
/// An If-Match header as RFC 9110 §13.1.1 reads it: <c>*</c> accepts any current version; otherwise a
/// list of entity tags, any of which may name the current version. Weak tags never match.
/// </summary>
public sealed class IfMatch(Microsoft.Extensions.Primitives.StringValues header)
{
    public bool Allows(Guid current) => EntityTags.AnyListed(header, opaque => ConcurrencyHeaders.VersionOf(opaque) == current);
}
