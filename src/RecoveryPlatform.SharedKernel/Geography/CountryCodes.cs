using System.Collections.Concurrent;
using System.Globalization;

namespace RecoveryPlatform.SharedKernel.Geography;

/// <summary>
/// ISO 3166 alpha-2 country codes as .NET's region data knows them, each looked up once. Building a
/// <see cref="RegionInfo"/> loads culture data under a process-wide lock, and every venue and group written
/// checks its country: an import of 100,000 meetings queued on that lock.
/// </summary>
public static class CountryCodes
{
    // Keyed by two upper-case ASCII letters, so it holds at most 676 answers whatever clients send.
    private static readonly ConcurrentDictionary<string, string?> EnglishNames = new(StringComparer.Ordinal);

    /// <summary>Two letters (either case, white space around them ignored) that name a country or territory.</summary>
    public static bool IsAlpha2(string code) => EnglishNameOf(code) is not null;

    /// <summary>The country's English name ("GB" is "United Kingdom"); null when <paramref name="code"/> is not an alpha-2 code .NET knows.</summary>
    public static string? EnglishNameOf(string code)
    {
        var trimmed = code.AsSpan().Trim();
        if (trimmed.Length != 2 || !char.IsAsciiLetter(trimmed[0]) || !char.IsAsciiLetter(trimmed[1]))
        {
            return null;
        }

        return EnglishNames.GetOrAdd(trimmed.ToString().ToUpperInvariant(), Lookup);
    }

    private static string? Lookup(string upperCaseCode)
    {
        try
        {
            var region = new RegionInfo(upperCaseCode);
            return region.TwoLetterISORegionName.Equals(upperCaseCode, StringComparison.Ordinal) ? region.EnglishName : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
