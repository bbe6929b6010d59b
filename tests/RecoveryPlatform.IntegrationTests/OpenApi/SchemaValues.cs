using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// CsCheck generators of JSON values that a schema of the OpenAPI document allows: every required member,
/// optional members now and then, enums, bounds, lengths, formats and the document's patterns.
/// </summary>
/// <remarks>
/// Values are drawn from the schema alone, so whatever the document promises is what gets tried. Hints
/// (by member name) steer some values towards things that exist — a real group id, a real format code —
/// so that requests reach past "not found" into the rules behind it; a hint is taken most of the time,
/// never always, so schema-valid values that name nothing are tried too.
/// </remarks>
internal sealed class SchemaValues(JsonObject document, IReadOnlyDictionary<string, Gen<JsonNode?>> hints)
{
    private const double HintWeight = 0.85;

    private static readonly Gen<char> Printable = Gen.Frequency(
        (12, Gen.Char['a', 'z']),
        (3, Gen.Char['A', 'Z']),
        (2, Gen.Char['0', '9']),
        (3, Gen.Char[" -'.,&()/"]),
        (1, Gen.Char["éłøßąçñüŵ"]),
        (1, Gen.Char["中日한ع"]));

    public Gen<JsonNode?> For(JsonNode schema, string? memberName = null, int depth = 0)
    {
        var resolved = Resolve(schema);
        var plain = ForResolved(resolved, depth);
        if (IsNullable(schema) || IsNullable(resolved))
        {
            plain = Gen.Frequency((5, plain), (1, Gen.Const<JsonNode?>((JsonNode?)null)));
        }

        return memberName is not null && hints.TryGetValue(memberName, out var hint)
            ? Gen.Double[0, 1].SelectMany(roll => roll < HintWeight ? hint : plain)
            : plain;
    }

    /// <summary>The schema behind <c>$ref</c> and a lone <c>allOf: [$ref]</c> (how Swashbuckle attaches a description to a reference).</summary>
    public JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        while (true)
        {
            if (current["$ref"] is JsonValue reference)
            {
                var name = reference.GetValue<string>().Split('/')[^1];
                current = document["components"]!["schemas"]![name]!.AsObject();
            }
            else if (current["allOf"] is JsonArray { Count: 1 } single)
            {
                current = single[0]!.AsObject();
            }
            else
            {
                return current;
            }
        }
    }

    public static bool IsNullable(JsonNode schema) =>
        schema["nullable"] is JsonValue flag && flag.TryGetValue<bool>(out var nullable) && nullable;

    private Gen<JsonNode?> ForResolved(JsonObject schema, int depth)
    {
        if (schema["enum"] is JsonArray values)
        {
            var choices = values.Where(v => v is not null).Select(v => v!.DeepClone()).ToArray();
            return Gen.Int[0, choices.Length - 1].Select(i => (JsonNode?)choices[i].DeepClone());
        }

        return schema["type"]?.GetValue<string>() switch
        {
            "object" => ObjectOf(schema, depth),
            "array" => ArrayOf(schema, depth),
            "string" => StringOf(schema).Select(s => (JsonNode?)JsonValue.Create(s)),
            "integer" => IntegerOf(schema).Select(i => (JsonNode?)JsonValue.Create(i)),
            "number" => NumberOf(schema).Select(d => (JsonNode?)JsonValue.Create(d)),
            "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            _ when schema["properties"] is not null => ObjectOf(schema, depth),
            _ => Gen.Const<JsonNode?>(JsonValue.Create("any")),
        };
    }

    private Gen<JsonNode?> ObjectOf(JsonObject schema, int depth)
    {
        var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
        var members = (schema["properties"]?.AsObject() ?? []).ToList();
        var result = Gen.Const(new List<KeyValuePair<string, JsonNode?>>());
        foreach (var (name, member) in members)
        {
            var value = For(member!, name, depth + 1);
            var present = required.Contains(name) ? Gen.Const(true) : Gen.Int[0, 2].Select(i => i > 0 && depth < 4);
            result = result.SelectMany(list => present.SelectMany(isPresent => isPresent
                ? value.Select(v => (List<KeyValuePair<string, JsonNode?>>)[.. list, new(name, v)])
                : Gen.Const(list)));
        }

        if (schema["additionalProperties"] is JsonObject mapValues && members.Count == 0)
        {
            var key = Gen.String[Gen.Char['a', 'z'], 2, 2];
            result = Gen.Int[1, 3].SelectMany(count => Gen.Select(key, For(mapValues, depth: depth + 1)).Array[count])
                .Select(pairs => pairs.DistinctBy(p => p.Item1).Select(p => new KeyValuePair<string, JsonNode?>(p.Item1, p.Item2)).ToList());
        }

        return result.Select(list => (JsonNode?)new JsonObject(list.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()))));
    }

    private Gen<JsonNode?> ArrayOf(JsonObject schema, int depth)
    {
        var minimum = schema["minItems"]?.GetValue<int>() ?? 0;
        var maximum = Math.Max(minimum, Math.Min(schema["maxItems"]?.GetValue<int>() ?? 4, 4));
        var item = For(schema["items"]!, depth: depth + 1);
        return Gen.Int[minimum, maximum].SelectMany(count => item.Array[count])
            .Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]));
    }

    private static Gen<string> StringOf(JsonObject schema)
    {
        var minimum = schema["minLength"]?.GetValue<int>() ?? 0;
        var maximum = schema["maxLength"]?.GetValue<int>() ?? 60;
        var pattern = schema["pattern"]?.GetValue<string>();
        var format = schema["format"]?.GetValue<string>();

        var text = format switch
        {
            "uuid" => Gen.Guid.Select(g => g.ToString()),
            "date" => Gen.Int[-3000, 3000].Select(days => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            "date-time" => Gen.Int[-3000 * 24, 3000 * 24].Select(hours => DateTimeOffset.UtcNow.AddHours(hours).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            "email" => Gen.String[Gen.Char['a', 'z'], 1, 12].Select(local => $"{local}@example.org"),
            "uri" => Gen.String[Gen.Char['a', 'z'], 1, 20].Select(path => $"https://example.org/{path}"),
            _ => PatternOf(pattern, minimum, maximum),
        };

        return text.Where(s => s.Length >= minimum && s.Length <= maximum && (pattern is null || Regex.IsMatch(s, pattern)));
    }

    /// <summary>The patterns the document uses, each with a generator of strings that match it.</summary>
    private static Gen<string> PatternOf(string? pattern, int minimum, int maximum)
    {
        var length = Gen.Int[Math.Max(minimum, 1), Math.Max(Math.Max(minimum, 1), Math.Min(maximum, 40))];
        return pattern switch
        {
            @"^[a-z0-9]+(?:-[a-z0-9]+)*$" => Gen.String[Gen.Char['a', 'z'], 1, 8].Array[1, 3].Select(parts => string.Join('-', parts)),
            @"^[A-Za-z0-9][A-Za-z0-9+-]*$" => Gen.Select(Gen.Char['A', 'Z'], Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-"], 0, 5], (first, rest) => first + rest),
            @"^[a-z]{2}$" => Gen.String[Gen.Char['a', 'z'], 2, 2],
            _ when pattern == RecoveryPlatform.Modules.Meetings.Features.DialIn.Pattern => Gen.OneOf("+44 113 496 0000", "0113 496 0000", "+16465588656,,85712345678#", "+442034815240;;123456789#,,*0#"),
            _ when pattern == RecoveryPlatform.Modules.Meetings.Domain.LanguageTag.Pattern => Gen.OneOf("en", "pl", "en-GB", "en-US", "pt-BR", "zh-Hant", "ase", "bfi", "EN-us"),
            @"^\+?(?=[0-9 ()\-]{6,}$)[0-9()\-]([0-9 ()\-]*[0-9()\-])?$" => Gen.Select(Gen.Bool, Gen.String[Gen.Char["0123456789()-"], 1, 1], Gen.String[Gen.Char["0123456789 ()-"], 4, 14], Gen.String[Gen.Char["0123456789()-"], 1, 1], (plus, first, middle, last) => (plus ? "+" : string.Empty) + first + middle + last),
            @"^[\x21-\x7E]+$" => Gen.String[Gen.Char['!', '~'], 1, 40],
            @"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$" => Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59], Gen.Bool, (h, m, seconds) => $"{h:00}:{m:00}" + (seconds ? ":00" : string.Empty)),
            @"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$" => Gen.Select(Gen.String[Gen.Char['a', 'z'], 1, 10], Gen.String[Gen.Char['a', 'z'], 1, 8], (local, domain) => $"{local}@{domain}.org"),
            @"^\+?[() ]*([0-9][() ]*){10,13}$" => Gen.Select(Gen.Bool, Gen.String[Gen.Char['0', '9'], 10, 13], (plus, digits) => (plus ? "+" : string.Empty) + digits[..4] + " " + digits[4..]),
            @"^[A-Za-z]{2}$" => Gen.String[Gen.Char['A', 'Z'], 2, 2],
            @"^[A-Za-z0-9._-]+$" => Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"], 1, 20],
            @"^[^\u0000-\u001F\u007F]*$" or @"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$" => length.SelectMany(n => Gen.String[Printable, n, n]),
            @"^[^\s\u0000-\u001F\u007F]([^\u0000-\u001F\u007F]*[^\s\u0000-\u001F\u007F])?$" => Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_"], 1, 24],
            null or @"\S" => length.SelectMany(n => Gen.String[Printable, n, n]).Where(s => !string.IsNullOrWhiteSpace(s) || pattern is null),
            _ => throw new InvalidOperationException($"The document uses the pattern {pattern}; teach SchemaValues to generate strings for it."),
        };
    }

    private static Gen<long> IntegerOf(JsonObject schema)
    {
        var (minimum, maximum) = Bounds(schema, -1000, 1000);
        return Gen.Long[(long)Math.Ceiling(minimum), (long)Math.Floor(maximum)];
    }

    private static Gen<double> NumberOf(JsonObject schema)
    {
        var (minimum, maximum) = Bounds(schema, -1000, 1000);
        return Gen.Frequency((4, Gen.Double[minimum, maximum]), (1, Gen.OneOf<double>(minimum, maximum)))
            .Select(d => Math.Round(d, 6));
    }

    private static (double Minimum, double Maximum) Bounds(JsonObject schema, double lowest, double highest)
    {
        static double? Read(JsonNode? node) => node is null ? null : double.Parse(node.ToString(), CultureInfo.InvariantCulture);
        var minimum = Read(schema["minimum"]) ?? Math.Max(lowest, (Read(schema["maximum"]) ?? highest) - 2000);
        var maximum = Read(schema["maximum"]) ?? Math.Min(highest, minimum + 2000);
        if (schema["exclusiveMinimum"] is JsonValue exMin && exMin.TryGetValue<bool>(out var excludeMin) && excludeMin)
        {
            minimum += 1e-6;
        }

        if (schema["exclusiveMaximum"] is JsonValue exMax && exMax.TryGetValue<bool>(out var excludeMax) && excludeMax)
        {
            maximum -= 1e-6;
        }

        return (minimum, maximum);
    }
}
