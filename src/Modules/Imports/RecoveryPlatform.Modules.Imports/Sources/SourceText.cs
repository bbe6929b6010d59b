using System.Collections.Frozen;
using System.Globalization;

namespace RecoveryPlatform.Modules.Imports.Sources;

/// <summary>Readings shared by every source format: days, times, countries, addresses.</summary>
internal static class SourceText
{
    private static readonly FrozenDictionary<string, string> CountryCodes = BuildCountryCodes();

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Meeting Guide numbers days 0 (Sunday) to 6 (Saturday).</summary>
    public static bool TryMeetingGuideDay(long number, out DayOfWeek day)
    {
        day = (DayOfWeek)(int)Math.Clamp(number, 0, 6);
        return number is >= 0 and <= 6;
    }

    /// <summary>"Monday", "mon", "1" (Meeting Guide numbering).</summary>
    public static bool TryDay(string? text, out DayOfWeek day)
    {
        day = default;
        var value = Clean(text);
        if (value is null)
        {
            return false;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return TryMeetingGuideDay(number, out day);
        }

        foreach (var candidate in Enum.GetValues<DayOfWeek>())
        {
            var name = candidate.ToString();
            if (name.Equals(value, StringComparison.OrdinalIgnoreCase) || (value.Length == 3 && name.StartsWith(value, StringComparison.OrdinalIgnoreCase)))
            {
                day = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A clock time as HH:mm: "19:30", "7:30 PM", "7:30pm", "19:30:00", "noon", "midnight". Anything else is kept
    /// as written, for the meeting rules to refuse by name (25:00 stays 25:00).
    /// </summary>
    public static string? Time(string? text)
    {
        var value = Clean(text);
        if (value is null)
        {
            return null;
        }

        if (value.Equals("noon", StringComparison.OrdinalIgnoreCase))
        {
            return "12:00";
        }

        if (value.Equals("midnight", StringComparison.OrdinalIgnoreCase))
        {
            return "00:00";
        }

        if (TwentyFourHourClock(value) is { } usual)
        {
            return usual;
        }

        string[] formats = ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss", "h:mm tt", "h:mmtt", "hh:mm tt", "h tt", "htt", "h:mm:ss tt"];
        return DateTime.TryParseExact(value.ToUpperInvariant(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed.ToString("HH:mm", CultureInfo.InvariantCulture)
            : value;
    }

    /// <summary>
    /// The usual "19:30", "7:30" or "19:30:00" as "HH:mm", read directly: DateTime.TryParseExact asks the clock for
    /// today's date on every call, which made reading times a tenth of the CPU of importing 100,000 meetings.
    /// </summary>
    private static string? TwentyFourHourClock(string value)
    {
        var colon = value.IndexOf(':');
        if (colon is not (1 or 2) || (value.Length != colon + 3 && (value.Length != colon + 6 || value[colon + 3] != ':')))
        {
            return null;
        }

        if (!int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var hour) || hour > 23
            || !int.TryParse(value.AsSpan(colon + 1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minute) || minute > 59
            || (value.Length == colon + 6 && (!int.TryParse(value.AsSpan(colon + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var second) || second > 59)))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{hour:00}:{minute:00}");
    }

    /// <summary>Meeting Guide's "YYYY-MM-DD HH:MM:SS" (UTC), or any ISO 8601 date and time.</summary>
    public static DateTimeOffset? Updated(string? text)
    {
        var value = Clean(text);
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }

    /// <summary>An ISO 3166 alpha-2 code for "US", "USA", "United States", "United Kingdom", "UK"; null when unknown.</summary>
    public static string? CountryCode(string? text)
    {
        var value = Clean(text);
        return value is null ? null : CountryCodes.GetValueOrDefault(value.ToUpperInvariant());
    }

    public static double? Coordinate(string? text) =>
        double.TryParse(Clean(text), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    /// <summary>Types written as a list in one field: "O, D, LIT" or "Open, Discussion".</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        Clean(text) is { } value ? [.. value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [];

    private static FrozenDictionary<string, string> BuildCountryCodes()
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal) { ["UK"] = "GB", ["USA"] = "US", ["U.S.A."] = "US", ["U.S."] = "US", ["ENGLAND"] = "GB", ["SCOTLAND"] = "GB", ["WALES"] = "GB", ["NORTHERN IRELAND"] = "GB" };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (region.TwoLetterISORegionName.Length != 2 || !region.TwoLetterISORegionName.All(char.IsAsciiLetter))
            {
                continue;
            }

            var code = region.TwoLetterISORegionName.ToUpperInvariant();
            codes.TryAdd(code, code);
            codes.TryAdd(region.ThreeLetterISORegionName.ToUpperInvariant(), code);
            codes.TryAdd(region.EnglishName.ToUpperInvariant(), code);
        }

        return codes.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
