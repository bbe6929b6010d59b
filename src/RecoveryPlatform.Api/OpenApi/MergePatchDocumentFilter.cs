using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// Gives every PATCH a real JSON Merge Patch (RFC 7396) schema instead of the type it is bound to (a
/// JsonObject, which leaked into the document as a dictionary of JsonNode). The schema is derived from the
/// PUT body of the same path: every property optional; <c>null</c> allowed where it clears the field, and
/// not where the PUT requires the field (a null there is refused like a PUT without it); nested objects merge,
/// so they get merge-patch schemas of their own; arrays are replaced whole.
/// </summary>
internal sealed partial class MergePatchDocumentFilter : IDocumentFilter
{
    private const string Suffix = "MergePatch";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = context.SchemaRepository.Schemas;
        foreach (var patch in context.ApiDescriptions.Where(d => d.HttpMethod == "PATCH"))
        {
            var put = context.ApiDescriptions.FirstOrDefault(d => d.HttpMethod == "PUT" && d.RelativePath == patch.RelativePath);
            var body = put?.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
            if (body is null
                || document.Paths?.TryGetValue(PathKey(patch.RelativePath!), out var path) != true
                || path?.Operations?.TryGetValue(HttpMethod.Patch, out var operation) != true
                || operation?.RequestBody?.Content is not { } content)
            {
                continue;
            }

            if (context.SchemaGenerator.GenerateSchema(body.Type, context.SchemaRepository) is not OpenApiSchemaReference { Reference.Id: { } putSchemaId })
            {
                continue;
            }

            var patchSchemaId = MergePatchOf(putSchemaId, schemas, document);
            foreach (var mediaType in content.Values)
            {
                mediaType.Schema = new OpenApiSchemaReference(patchSchemaId, document);
            }
        }

        // The binding type's own schemas are used by nothing else.
        foreach (var leaked in new[] { "JsonNode", "JsonNodeOptions" })
        {
            schemas.Remove(leaked);
        }
    }

    /// <summary>The id of the merge-patch schema of the object schema <paramref name="id"/>, made once.</summary>
    private static string MergePatchOf(string id, IDictionary<string, IOpenApiSchema> schemas, OpenApiDocument document)
    {
        var patchId = id + Suffix;
        if (schemas.ContainsKey(patchId) || schemas[id] is not OpenApiSchema source)
        {
            return patchId;
        }

        var patch = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(),
            AdditionalPropertiesAllowed = true,
        };
        schemas[patchId] = patch;

        var required = source.Required ?? new HashSet<string>();
        foreach (var (name, property) in source.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            var clearable = !required.Contains(name);
            var target = ReferencedId(property);
            IOpenApiSchema patched;
            if (target is not null && schemas[target] is OpenApiSchema { Properties.Count: > 0 })
            {
                // An object merges member by member: its own merge-patch schema.
                patched = Nullable(new OpenApiSchemaReference(MergePatchOf(target, schemas, document), document), clearable, property.Description);
            }
            else if (target is not null)
            {
                patched = Nullable(new OpenApiSchemaReference(target, document), clearable, property.Description);
            }
            else
            {
                var copy = (OpenApiSchema)property.CreateShallowCopy();
                copy.Type = clearable ? copy.Type | JsonSchemaType.Null : copy.Type & ~JsonSchemaType.Null;
                patched = copy;
            }

            patch.Properties[name] = patched;
        }

        var fixedFields = source.Properties?.Keys.Where(required.Contains).ToList() ?? [];
        patch.Description =
            $"A JSON Merge Patch (RFC 7396) of {id}: send only what changes; objects merge member by member, arrays are replaced whole, " +
            "and null clears an optional field. The result is validated as a PUT would be." +
            (fixedFields.Count > 0 ? $" Cannot be cleared (null is a 400): {string.Join(", ", fixedFields)}." : string.Empty);
        return patchId;
    }

    /// <summary>The document's key for a route: "api/v1/groups/{id:guid}" is "/api/v1/groups/{id}".</summary>
    private static string PathKey(string relativePath) => "/" + RouteConstraint().Replace(relativePath.TrimStart('/'), "{$1}");

    [GeneratedRegex(@"\{([^:}?]+)[^}]*\}")]
    private static partial Regex RouteConstraint();

    /// <summary>The component a property refers to, bare or wrapped in allOf (as nullable references are).</summary>
    private static string? ReferencedId(IOpenApiSchema property) => property switch
    {
        OpenApiSchemaReference reference => reference.Reference.Id,
        OpenApiSchema { AllOf: [OpenApiSchemaReference reference] } => reference.Reference.Id,
        _ => null,
    };

    private static OpenApiSchema Nullable(OpenApiSchemaReference reference, bool nullable, string? description) => new()
    {
        AllOf = [reference],
        Type = nullable ? JsonSchemaType.Null : null,
        Description = description,
    };
}
