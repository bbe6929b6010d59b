using Json.Schema;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// Validates an example against its schema with a real JSON Schema validator (JsonSchema.Net, draft 2020-12).
/// </summary>
/// <remarks>
/// The document is OpenAPI 3.0 (Swashbuckle's default, which every client generator reads), whose schemas
/// are a dialect of JSON Schema draft 4. Each schema is translated first: <c>nullable: true</c> admits null
/// (read as the generators read it: for the whole schema, so <c>allOf: [$ref]</c> beside it means "that or
/// null"), boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become numbers, OpenAPI-only keywords
/// go, and <c>#/components/schemas/X</c> references become <c>#/$defs/X</c>. Formats are checked (date,
/// date-time, uuid, email, uri); the numeric formats OpenAPI adds (int32, double) are not JSON Schema's.
/// </remarks>
internal sealed class ExampleValidator
{
    private static readonly HashSet<string> CheckedFormats = ["date", "date-time", "uuid", "email", "uri"];
    private static readonly HashSet<string> OpenApiOnlyKeywords = ["nullable", "example", "discriminator", "xml", "externalDocs", "deprecated"];

    private readonly JsonObject _definitions;
    private readonly Dictionary<JsonNode, JsonSchema> _built = new(ReferenceEqualityComparer.Instance);

    public ExampleValidator(JsonObject document)
    {
        _definitions = new JsonObject();
        foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            _definitions[name] = Translate(schema!);
        }
    }

    /// <summary>The validator's complaints, empty when <paramref name="example"/> is valid against <paramref name="schema"/>.</summary>
    public IReadOnlyList<string> Problems(JsonNode schema, JsonNode? example)
    {
        // Built once per schema of the document: the property-based pass validates thousands of values against a few dozen.
        if (!_built.TryGetValue(schema, out var built))
        {
            var root = Translate(schema).AsObject();
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            root["$defs"] = _definitions.DeepClone();
            built = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            _built[schema] = built;
        }

        var instance = JsonDocument.Parse(example?.ToJsonString() ?? "null").RootElement;
        var result = built.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }

        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.EvaluationPath})"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    private static JsonNode Translate(JsonNode schema)
    {
        if (schema is not JsonObject source)
        {
            return schema.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "$ref":
                    result[key] = value!.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    break;
                case "format" when !CheckedFormats.Contains(value!.GetValue<string>()):
                    break;
                case "exclusiveMinimum" or "exclusiveMaximum":
                    // Draft 4: a flag on minimum/maximum; 2020-12: the bound itself.
                    var bound = source[key == "exclusiveMinimum" ? "minimum" : "maximum"];
                    if (value is JsonValue flag && flag.TryGetValue<bool>(out var exclusive))
                    {
                        if (exclusive && bound is not null)
                        {
                            result[key] = bound.DeepClone();
                        }
                    }
                    else
                    {
                        result[key] = value?.DeepClone();
                    }

                    break;
                case "minimum" when source["exclusiveMinimum"] is JsonValue min && min.TryGetValue<bool>(out var exclusiveMin) && exclusiveMin:
                case "maximum" when source["exclusiveMaximum"] is JsonValue max && max.TryGetValue<bool>(out var exclusiveMax) && exclusiveMax:
                    break;
                case "properties" or "$defs":
                    var members = new JsonObject();
                    foreach (var (name, member) in value!.AsObject())
                    {
                        members[name] = Translate(member!);
                    }

                    result[key] = members;
                    break;
                case "items" or "additionalProperties" or "not":
                    result[key] = Translate(value!);
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    result[key] = new JsonArray([.. value!.AsArray().Select(s => Translate(s!))]);
                    break;
                default:
                    if (!OpenApiOnlyKeywords.Contains(key))
                    {
                        result[key] = value?.DeepClone();
                    }

                    break;
            }
        }

        // OpenAPI's int32 is a range as well as a hint: a value outside it cannot be read by the API (or by a client).
        if (source["format"]?.GetValue<string>() == "int32")
        {
            result["minimum"] ??= int.MinValue;
            result["maximum"] ??= int.MaxValue;
        }

        if (source["nullable"] is JsonValue nullable && nullable.TryGetValue<bool>(out var isNullable) && isNullable)
        {
            return new JsonObject { ["anyOf"] = new JsonArray(result, new JsonObject { ["type"] = "null" }) };
        }

        return result;
    }
}
