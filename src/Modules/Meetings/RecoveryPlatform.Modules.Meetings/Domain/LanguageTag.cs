using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RecoveryPlatform.Modules.Meetings.Domain;

/// <summary>
/// The language a meeting is held in, as a BCP 47 tag (RFC 5646): <c>en</c>, <c>en-US</c>, <c>pt-BR</c>,
/// <c>zh-Hant</c>, and sign languages by their own codes, <c>bfi</c> (British) and <c>ase</c> (American).
/// </summary>
/// <remarks>
/// A tag must be well-formed by the RFC's grammar (language, then optional extended language, script, region,
/// variants, extensions and a private-use part). The primary language must be a language: an ISO 639-1 code the
/// runtime knows (so a typo such as <c>qq</c> is refused) or a three-letter ISO 639-2/3 code, which no offline
/// list here can check. The RFC's reserved four-letter and unregistered five-to-eight-letter primary subtags, tags
/// that are only private use (<c>x-…</c>) and the grandfathered irregular tags are refused: no meeting needs them.
/// </remarks>
internal static partial class LanguageTag
{
    /// <summary>RFC 5646 recommends room for at least 35 characters; longer tags are not languages people list.</summary>
    public const int MaxLength = 35;

    /// <summary>The form accepted (case-insensitive), as JSON Schema states it.</summary>
    public const string Pattern =
        "^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
        + "(-[0-9A-WYZa-wyz](-[A-Za-z0-9]{2,8})+)*(-[Xx](-[A-Za-z0-9]{1,8})+)?$";

    public const string Message =
        "BCP 47 language tags (RFC 5646), e.g. en, en-US, pt-BR, zh-Hant, or ase for American Sign Language; the language an ISO 639-1 or three-letter ISO 639 code.";

    private static readonly FrozenSet<string> TwoLetterLanguages =
        CultureInfo.GetCultures(CultureTypes.NeutralCultures).Select(c => c.TwoLetterISOLanguageName).Where(c => c.Length == 2)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tag in the RFC's canonical case (<c>EN-us</c> is <c>en-US</c>, <c>ZH-hant</c> is <c>zh-Hant</c>), or false when it is not one.</summary>
    public static bool TryNormalise(string? text, [NotNullWhen(true)] out string? tag)
    {
        tag = null;
        // .NET's $ also matches before a final line feed, which is no part of a tag.
        if (text is null || text.Length > MaxLength || text.EndsWith('\n') || !WellFormed().IsMatch(text) || !IsLanguage(text.AsSpan(0, PrimaryLength(text))))
        {
            return false;
        }

        tag = CanonicalCase(text);
        return true;
    }

    public static bool IsValid(string? text) => TryNormalise(text, out _);

    /// <summary>The primary language subtag, lower case: <c>en</c> of <c>en-US</c>.</summary>
    public static string PrimaryLanguage(string tag) => tag[..PrimaryLength(tag)].ToLowerInvariant();

    /// <summary>
    /// Whether <paramref name="tag"/> falls under <paramref name="range"/> by RFC 4647 basic filtering: the range
    /// itself, or the range followed by more subtags (<c>en</c> covers <c>en-US</c>, not <c>eng</c>).
    /// </summary>
    public static bool IsCoveredBy(string tag, string range) =>
        tag.Length >= range.Length && tag.StartsWith(range, StringComparison.OrdinalIgnoreCase) && (tag.Length == range.Length || tag[range.Length] == '-');

    private static int PrimaryLength(string text) => text.IndexOf('-') is var dash and >= 0 ? dash : text.Length;

    private static bool IsLanguage(ReadOnlySpan<char> primary) =>
        primary.Length == 3 || (primary.Length == 2 && TwoLetterLanguages.GetAlternateLookup<ReadOnlySpan<char>>().Contains(primary));

    /// <summary>
    /// RFC 5646 section 2.1.1: lower case, except a four-letter script (title case) and a two-letter region (upper
    /// case); after the first single-character subtag (an extension or private use) everything is lower case.
    /// </summary>
    private static string CanonicalCase(string text)
    {
        var subtags = text.Split('-');
        var inExtension = false;
        for (var i = 0; i < subtags.Length; i++)
        {
            var subtag = subtags[i].ToLowerInvariant();
            inExtension |= subtag.Length == 1;
            subtags[i] = (i, subtag.Length, inExtension) switch
            {
                ( > 0, 4, false) when char.IsAsciiLetter(subtag[0]) => char.ToUpperInvariant(subtag[0]) + subtag[1..],
                ( > 0, 2, false) => subtag.ToUpperInvariant(),
                _ => subtag,
            };
        }

        return string.Join('-', subtags);
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}
