using System.Collections.Frozen;
using System.Globalization;

namespace RecoveryPlatform.SharedKernel.Geography;

/// <summary>
/// UK postcode districts (outcodes such as LS6) and a representative point for each, resolved offline.
/// Source: Office for National Statistics licensed under the Open Government Licence v3.0.
/// Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal
/// Mail copyright and database right 2025. (See NOTICE.md.)
/// </summary>
public static class UkPostcodeDistricts
{
    private const string ResourceName = "RecoveryPlatform.SharedKernel.Geography.uk_postcode_districts.csv";

    private static readonly Lazy<FrozenDictionary<string, (double Latitude, double Longitude)>> Table = new(Load);

    /// <summary>A full postcode (LS6 1AA) resolves through its district; a district (LS6) directly. Case and spaces do not matter.</summary>
    public static bool TryResolve(string? text, out double latitude, out double longitude)
    {
        latitude = longitude = 0;
        if (!TryGetDistrict(text, out var district))
        {
            return false;
        }

        (latitude, longitude) = Table.Value[district];
        return true;
    }

    /// <summary>The known district (LS6) a postcode (ls6 1aa) or district (ls6) is in, in capitals.</summary>
    public static bool TryGetDistrict(string? text, out string district)
    {
        district = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (compact.Length > 8)
        {
            return false;
        }

        // A full postcode ends in a three-character inward code (digit, letter, letter).
        var outcode = compact.Length >= 5 && char.IsAsciiDigit(compact[^3]) && char.IsAsciiLetter(compact[^2]) && char.IsAsciiLetter(compact[^1])
            ? compact[..^3]
            : compact;
        if (!Table.Value.ContainsKey(outcode))
        {
            return false;
        }

        district = outcode;
        return true;
    }

    private static FrozenDictionary<string, (double, double)> Load()
    {
        using var stream = typeof(UkPostcodeDistricts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length == 3)
            {
                table[parts[0].Trim().ToUpperInvariant()] = (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
