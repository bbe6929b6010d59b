using System.Text.Json.Nodes;

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

/// <summary>PATCH as the API implements it: the current writable representation, merged with the patch, becomes a PUT.</summary>
public static class MergePatchRequest
{
    public static TWritable Apply<TWritable>(TWritable current, System.Text.Json.Nodes.JsonObject patch, System.Text.Json.JsonSerializerOptions options)
        where TWritable : class
    {
        var merged = JsonMergePatch.Apply(System.Text.Json.JsonSerializer.SerializeToNode(current, options), patch);
        return System.Text.Json.JsonSerializer.Deserialize<TWritable>(merged, options)
            ?? throw new System.Text.Json.JsonException("The patched document is empty.");
    }
}
