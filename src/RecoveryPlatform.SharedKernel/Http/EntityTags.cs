using Microsoft.Extensions.Primitives;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// The API's entity tags (RFC 9110 §8.8.3) and the conditions requests put on them (§13.1).
/// </summary>
/// <remarks>
/// Every tag the API makes is strong and its opaque part holds only letters, digits and dots:
/// <c>"0193…ef"</c> (a version), <c>"0193…ef.managed"</c> (a version seen another way), or a hash.
/// A content coding makes another representation, which needs another strong tag (RFC 9110 §8.8.3.3),
/// so the compression layer appends the coding: <c>"0193…ef-br"</c>, <c>"0193…ef-gzip"</c>. Conditions
/// compare tags with that suffix set aside: a client that stored the gzip form revalidates it, or
/// sends it in If-Match, like the plain one.
/// </remarks>
public static class EntityTags
{
    /// <summary>The tag a response of the given content coding carries, e.g. <c>"abc"</c> and br give <c>"abc-br"</c>.</summary>
    public static string WithCoding(string tag, string coding) =>
        tag.Length >= 2 && tag[^1] == '"' && !tag.StartsWith("W/", StringComparison.Ordinal) && CodingSuffixLength(tag.AsSpan(1, tag.Length - 2)) == 0
            ? string.Concat(tag.AsSpan(0, tag.Length - 1), "-", coding, "\"")
            : tag;

    /// <summary>
    /// If-None-Match (RFC 9110 §13.1.2, weak comparison): true when <c>*</c> or any listed tag matches
    /// <paramref name="current"/>, so a GET is answered 304. <paramref name="matched"/> is the tag to send
    /// with the 304: the one the client holds, in its strong form (the tag its 200 carried).
    /// </summary>
    public static bool NoneMatchFails(StringValues header, string current, out string matched)
    {
        matched = current;
        foreach (var value in header)
        {
            if (value is null)
            {
                continue;
            }

            var rest = value.AsSpan();
            while (Next(ref rest, out var isAny, out var weak, out var opaque))
            {
                if (isAny)
                {
                    return true;
                }

                // Weak comparison: W/ or not, the opaque parts decide.
                if (SameIgnoringCoding(opaque, current))
                {
                    matched = $"\"{opaque}\"";
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// If-Match (RFC 9110 §13.1.1, strong comparison): true when <c>*</c> or any listed strong tag
    /// matches <paramref name="current"/>. A weak tag never matches; a malformed list matches nothing.
    /// </summary>
    public static bool MatchHolds(StringValues header, string current) =>
        AnyListed(header, opaque => SameIgnoringCoding(opaque, current));

    /// <summary>
    /// Walks an If-Match list: true when it is <c>*</c> or <paramref name="accepts"/> takes one of its
    /// strong tags' opaque parts (without the quotes). Weak tags are skipped; parsing stops at anything malformed.
    /// </summary>
    public static bool AnyListed(StringValues header, Func<string, bool> accepts)
    {
        foreach (var value in header)
        {
            if (value is null)
            {
                continue;
            }

            var rest = value.AsSpan();
            while (Next(ref rest, out var isAny, out var weak, out var opaque))
            {
                if (isAny || (!weak && accepts(opaque.ToString())))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The opaque part without a content-coding suffix the compression layer added.</summary>
    public static ReadOnlySpan<char> WithoutCoding(ReadOnlySpan<char> opaque) => opaque[..^CodingSuffixLength(opaque)];

    private static bool SameIgnoringCoding(ReadOnlySpan<char> listed, string current)
    {
        var currentOpaque = current.AsSpan().Trim('"');
        return WithoutCoding(listed).SequenceEqual(WithoutCoding(currentOpaque));
    }

    private static int CodingSuffixLength(ReadOnlySpan<char> opaque) =>
        opaque.EndsWith("-br", StringComparison.Ordinal) ? 3 : opaque.EndsWith("-gzip", StringComparison.Ordinal) ? 5 : 0;

    /// <summary>
    /// Reads the next member of an entity-tag list (<c>*</c>, <c>"x"</c> or <c>W/"x"</c>, separated by commas
    /// and optional whitespace). False at the end, or at anything that is not an entity tag.
    /// </summary>
    private static bool Next(ref ReadOnlySpan<char> rest, out bool isAny, out bool weak, out ReadOnlySpan<char> opaque)
    {
        isAny = false;
        weak = false;
        opaque = default;
        rest = rest.TrimStart(" \t,");
        if (rest.IsEmpty)
        {
            return false;
        }

        if (rest[0] == '*')
        {
            isAny = true;
            rest = rest[1..];
            return true;
        }

        if (rest.StartsWith("W/", StringComparison.Ordinal))
        {
            weak = true;
            rest = rest[2..];
        }

        if (rest.IsEmpty || rest[0] != '"')
        {
            rest = default;
            return false;
        }

        var end = rest[1..].IndexOf('"');
        if (end < 0)
        {
            rest = default;
            return false;
        }

        opaque = rest.Slice(1, end);
        rest = rest[(end + 2)..];
        return true;
    }
}
