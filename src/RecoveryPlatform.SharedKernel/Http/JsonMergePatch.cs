using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// RFC 7396 JSON Merge Patch: members of the patch replace the target's, <c>null</c> removes one,
/// objects merge recursively, anything else (arrays included) replaces whole.
/// </summary>
public static class JsonMergePatch
{
    public const string MediaType = "application/merge-patch+json";

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }
}

/// <summary>
/// PATCH as the API implements it: the current writable representation, merged with the patch, becomes a PUT.
/// The patch arrives as a <see cref="JsonObject"/> read by <see cref="StrictJsonObjectConverter"/>, so it
/// holds only text a PUT body could carry.
/// </summary>
public static class MergePatchRequest
{
    public static TWritable Apply<TWritable>(TWritable current, JsonObject patch, JsonSerializerOptions options)
        where TWritable : class
    {
        var merged = JsonMergePatch.Apply(JsonSerializer.SerializeToNode(current, options), patch);
        return JsonSerializer.Deserialize<TWritable>(merged, options)
            ?? throw new JsonException("The patched document is empty.");
    }
}

/// <summary>
/// Reads a <see cref="JsonObject"/> (a merge patch body) exactly as strictly as the serializer reads a
/// typed body: a string that is not valid UTF-8 or holds a lone surrogate, and a property named twice in
/// one object, are a <see cref="JsonException"/> whose path names the member.
/// </summary>
/// <remarks>
/// The platform's own reader keeps a JsonObject's text unread until it is used, so bad text surfaced later
/// as an InvalidOperationException (a 500) or was quietly rewritten to U+FFFD, and a repeated name threw
/// an ArgumentException. Names are compared as the options compare them, so <c>name</c> and <c>Name</c>
/// are the same member, as they are to a typed body.
/// </remarks>
public sealed class StrictJsonObjectConverter : JsonConverter<JsonObject>
{
    public override JsonObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // No path: the serializer adds where it was.
            throw new JsonException("A JSON object is required.");
        }

        return ReadObject(ref reader, "$", new JsonNodeOptions { PropertyNameCaseInsensitive = options.PropertyNameCaseInsensitive });
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);

    private static JsonObject ReadObject(ref Utf8JsonReader reader, string path, JsonNodeOptions nodeOptions)
    {
        var result = new JsonObject(nodeOptions);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = ReadString(ref reader, path);
            var memberPath = MemberPath(path, name);
            if (result.ContainsKey(name))
            {
                throw new JsonException("The property is given more than once.", memberPath, null, null);
            }

            reader.Read();
            result.Add(name, ReadValue(ref reader, memberPath, nodeOptions));
        }

        return result;
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader, string path, JsonNodeOptions nodeOptions)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, path, nodeOptions);

            case JsonTokenType.StartArray:
                var array = new JsonArray(nodeOptions);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, $"{path}[{array.Count}]", nodeOptions));
                }

                return array;

            case JsonTokenType.String:
                return JsonValue.Create(ReadString(ref reader, path), nodeOptions);

            case JsonTokenType.Number:
                // Kept as written, so a number too large for its field fails there as it would in a PUT.
                return JsonValue.Create(JsonElement.ParseValue(ref reader), nodeOptions);

            case JsonTokenType.True:
            case JsonTokenType.False:
                return JsonValue.Create(reader.GetBoolean(), nodeOptions);

            default:
                return null;
        }
    }

    /// <summary>The string or property name under the reader, decoded now so that bad text is refused here.</summary>
    private static string ReadString(ref Utf8JsonReader reader, string path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8, or an escaped surrogate without its pair: no .NET string can hold it faithfully.
            throw new JsonException("The text is not valid Unicode.", path, null, null);
        }
    }

    /// <summary>'$.schedule' + 'startTime' → '$.schedule.startTime'; names that would break a dotted path are bracketed, as the serializer writes them.</summary>
    private static string MemberPath(string path, string name) =>
        name.Length > 0 && name.AsSpan().IndexOfAny(".'[] ") < 0 ? $"{path}.{name}" : $"{path}['{name}']";
}
