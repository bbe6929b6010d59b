namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>Reading the served OpenAPI document: its operations and their parameters, references resolved.</summary>
internal static class ServedDocument
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static async Task<JsonObject> FetchAsync(HttpClient client) =>
        await (await client.GetAsync("/swagger/v1/swagger.json", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();

    /// <summary>Every operation: "GET /api/v1/…" as its name, the method (lower case), the path template and its definition.</summary>
    public static List<(string Name, string Method, string Path, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => Methods.Contains(op.Key))
                .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Key, path.Key, op.Value!.AsObject())))
            .ToList();

    /// <summary>An operation's parameters with references into components resolved.</summary>
    public static IEnumerable<JsonObject> Parameters(JsonObject document, JsonObject operation) =>
        (operation["parameters"]?.AsArray() ?? []).Select(p => Resolve(document, p!).AsObject());

    /// <summary>Follows <c>$ref</c> until it reaches a definition.</summary>
    public static JsonNode Resolve(JsonObject document, JsonNode node)
    {
        while (node is JsonObject { } reference && reference["$ref"]?.GetValue<string>() is { } target)
        {
            node = target.TrimStart('#', '/').Split('/').Aggregate((JsonNode)document, (current, segment) => current[segment.Replace("~1", "/", StringComparison.Ordinal)]!);
        }

        return node;
    }
}
