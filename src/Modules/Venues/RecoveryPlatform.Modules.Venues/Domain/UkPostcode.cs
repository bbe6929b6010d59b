using System.Text.RegularExpressions;

namespace RecoveryPlatform.Modules.Venues.Domain;

/// <summary>
/// UK postcodes: validated against the Royal Mail format and written the standard way
/// (<c>sw1a1aa</c> → <c>SW1A 1AA</c>): upper case, one space before the three-character inward code.
/// </summary>
internal static partial class UkPostcode
{
    public static bool TryNormalise(string? text, out string postcode)
    {
        postcode = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (compact.Length is < 5 or > 7 || !Format().IsMatch(compact))
        {
            return false;
        }

        postcode = $"{compact[..^3]} {compact[^3..]}";
        return true;
    }

    /// <summary>The outward code (district), e.g. <c>LS6</c> of <c>LS6 1AA</c>.</summary>
    public static string Outcode(string normalised) => normalised.Split(' ')[0];

    // Outward code: area letters, district digits and the London sub-district letter; inward: digit + two letters.
    [GeneratedRegex("^(GIR0AA|[A-PR-UWYZ]([0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
