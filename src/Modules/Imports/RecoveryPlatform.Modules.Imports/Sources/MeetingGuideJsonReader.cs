using System.Collections.Frozen;
using System.Text.Json;

namespace RecoveryPlatform.Modules.Imports.Sources;

/// <summary>
/// Reads a Meeting Guide feed (code4recovery/spec): a JSON array of meeting objects, as real sites write them —
/// numbers as strings and strings as numbers, <c>day</c> as one number or a list, <c>types</c> as a list or a
/// comma-separated string, the address in parts or only as <c>formatted_address</c>.
/// </summary>
internal static class MeetingGuideJsonReader
{
    /// <summary>The fields the platform keeps (or reads to place and describe a meeting); any other is reported.</summary>
    private static readonly FrozenSet<string> FieldsWithHome = FrozenSet.ToFrozenSet(
    [
        "name", "slug", "day", "time", "end_time", "timezone", "types", "notes", "conference_url", "conference_url_notes",
        "conference_phone", "conference_phone_notes", "attendance_option", "location", "location_notes", "formatted_address",
        "address", "city", "state", "postal_code", "country", "latitude", "longitude", "approximate", "region", "sub_region",
        "regions", "group", "group_notes", "district", "website", "url", "updated",
    ], StringComparer.Ordinal);

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    private const string WhatItIs = "a Meeting Guide feed is a JSON array of meetings";

    /// <summary>How many meetings the file holds, or why it is not a feed at all: what is known before any meeting is read.</summary>
    public static int CountRecords(ReadOnlyMemory<byte> utf8) => SourceJson.CountArray(utf8, Options, WhatItIs);

    /// <summary>The file, checked whole at once and its meetings then read one by one as they are walked.</summary>
    public static SourceFile Read(ReadOnlyMemory<byte> utf8)
    {
        var records = SourceJson.CountArray(utf8, Options, WhatItIs);
        var rejections = new List<SourceRejection>();
        var withoutHome = new Dictionary<string, int>(StringComparer.Ordinal);
        return new SourceFile(Walk(), rejections, withoutHome, records);

        IEnumerable<SourceMeeting> Walk()
        {
            var row = 0;
            foreach (var element in SourceJson.ValuesOf(utf8, Options))
            {
                row++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    rejections.Add(new SourceRejection(row, "(meeting)", null, $"Each meeting is a JSON object; this one is a {element.ValueKind.ToString().ToLowerInvariant()}."));
                    continue;
                }

                if (ReadMeeting(row, element, rejections, withoutHome) is { } meeting)
                {
                    yield return meeting;
                }
            }
        }
    }

    private static SourceMeeting? ReadMeeting(int row, JsonElement element, List<SourceRejection> rejections, Dictionary<string, int> withoutHome)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!FieldsWithHome.Contains(property.Name) && HasValue(property.Value))
            {
                withoutHome[property.Name] = withoutHome.GetValueOrDefault(property.Name) + 1;
            }
        }

        var rejected = false;
        var days = ReadDays(element, out var dayProblem);
        if (dayProblem is not null)
        {
            rejections.Add(new SourceRejection(row, "day", dayProblem.Value.Value, dayProblem.Value.Rule));
            rejected = true;
        }

        double? latitude = null, longitude = null;
        foreach (var (field, assign) in new (string, Action<double?>)[] { ("latitude", v => latitude = v), ("longitude", v => longitude = v) })
        {
            var text = Text(element, field);
            var value = SourceText.Coordinate(text);
            if (text is not null && value is null)
            {
                rejections.Add(new SourceRejection(row, field, Shown(text), "A number of degrees, e.g. 53.8196."));
                rejected = true;
            }

            assign(value);
        }

        if (rejected)
        {
            return null;
        }

        var formatted = SourceText.Clean(Text(element, "formatted_address"));
        var address = SourceText.Clean(Text(element, "address"));
        var city = SourceText.Clean(Text(element, "city"));
        var postalCode = SourceText.Clean(Text(element, "postal_code"));
        var country = SourceText.Clean(Text(element, "country"));
        if (address is null && formatted is not null)
        {
            (address, city, postalCode, country) = FormattedAddress.Split(formatted, city, postalCode, country);
        }

        var regions = new List<string>();
        regions.AddRange(new[] { Text(element, "region"), Text(element, "sub_region") }.Select(SourceText.Clean).OfType<string>());
        regions.AddRange(List(element, "regions"));

        return new SourceMeeting
        {
            Row = row,
            Slug = SourceText.Clean(Text(element, "slug")),
            Name = SourceText.Clean(Text(element, "name")),
            Days = days,
            Time = SourceText.Time(Text(element, "time")),
            EndTime = SourceText.Time(Text(element, "end_time")),
            TimeZone = SourceText.Clean(Text(element, "timezone")),
            Types = List(element, "types"),
            Notes = SourceText.Clean(Text(element, "notes")),
            ConferenceUrl = SourceText.Clean(Text(element, "conference_url")),
            ConferenceUrlNotes = SourceText.Clean(Text(element, "conference_url_notes")),
            ConferencePhone = SourceText.Clean(Text(element, "conference_phone")),
            ConferencePhoneNotes = SourceText.Clean(Text(element, "conference_phone_notes")),
            AttendanceOption = SourceText.Clean(Text(element, "attendance_option"))?.ToLowerInvariant(),
            Location = SourceText.Clean(Text(element, "location")),
            LocationNotes = SourceText.Clean(Text(element, "location_notes")),
            Address = address,
            City = city,
            State = SourceText.Clean(Text(element, "state")),
            PostalCode = postalCode,
            Country = SourceText.CountryCode(country) ?? country,
            Latitude = latitude,
            Longitude = longitude,
            Approximate = string.Equals(SourceText.Clean(Text(element, "approximate")), "yes", StringComparison.OrdinalIgnoreCase),
            Regions = regions.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Group = SourceText.Clean(Text(element, "group")),
            GroupNotes = SourceText.Clean(Text(element, "group_notes")),
            District = SourceText.Clean(Text(element, "district")),
            Website = SourceText.Clean(Text(element, "website")) ?? SourceText.Clean(Text(element, "url")),
            Updated = SourceText.Updated(Text(element, "updated")),
        };
    }

    private static IReadOnlyList<DayOfWeek> ReadDays(JsonElement element, out (string? Value, string Rule)? problem)
    {
        problem = null;
        if (!element.TryGetProperty("day", out var day) || day.ValueKind == JsonValueKind.Null)
        {
            problem = (null, "A day is required: 0 (Sunday) to 6 (Saturday), or a list of them.");
            return [];
        }

        var values = day.ValueKind == JsonValueKind.Array ? day.EnumerateArray().ToList() : [day];
        var days = new List<DayOfWeek>();
        foreach (var value in values)
        {
            var text = value.ValueKind switch
            {
                JsonValueKind.Number or JsonValueKind.String => value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString(),
                _ => null,
            };
            if (!SourceText.TryDay(text, out var parsed))
            {
                problem = (Shown(text ?? value.GetRawText()), "A day is 0 (Sunday) to 6 (Saturday), or a list of them.");
                return [];
            }

            days.Add(parsed);
        }

        if (days.Count == 0)
        {
            problem = ("[]", "A day is required: 0 (Sunday) to 6 (Saturday), or a list of them.");
        }

        return days.Distinct().ToList();
    }

    /// <summary>A field's text, whether the feed wrote it as a string, a number or a boolean; null when absent or empty.</summary>
    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            _ => null,
        };
    }

    private static List<string> List(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null).Select(SourceText.Clean).OfType<string>()],
            JsonValueKind.String => [.. SourceText.SplitList(value.GetString())],
            _ => [],
        };
    }

    private static bool HasValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.String => !string.IsNullOrWhiteSpace(value.GetString()),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => true,
    };

    private static string Shown(string text) => text.Length > 100 ? text[..100] + "…" : text;
}

/// <summary>Splits a one-line address ("2 Park Lane, Leeds, LS6 1AA, United Kingdom" or "123 Main St, New York, NY 10001, USA").</summary>
internal static partial class FormattedAddress
{
    public static (string? Street, string? City, string? PostalCode, string? Country) Split(string formatted, string? city, string? postalCode, string? country)
    {
        var parts = formatted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (parts.Count > 1 && SourceText.CountryCode(parts[^1]) is not null)
        {
            country ??= parts[^1];
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count > 1 && LooksLikePostalCode(parts[^1], out var code))
        {
            // "NY 10001": the state goes with the ZIP code.
            postalCode ??= code;
            parts.RemoveAt(parts.Count - 1);
        }

        var street = parts.Count > 1 ? string.Join(", ", parts.Take(parts.Count - 1)) : parts.FirstOrDefault();
        if (parts.Count > 1)
        {
            city ??= parts[^1];
        }

        return (street, city, postalCode, country);
    }

    /// <summary>A UK postcode ("LS6 1AA"), or a US ZIP code at the end ("NY 10001", "10001-1234").</summary>
    private static bool LooksLikePostalCode(string part, out string code)
    {
        code = string.Empty;
        if (UkPostcode().IsMatch(part))
        {
            code = part;
            return true;
        }

        var zip = ZipCode().Match(part);
        if (zip.Success)
        {
            code = zip.Value;
            return true;
        }

        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}$")]
    private static partial System.Text.RegularExpressions.Regex UkPostcode();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b[0-9]{5}(-[0-9]{4})?$")]
    private static partial System.Text.RegularExpressions.Regex ZipCode();
}
