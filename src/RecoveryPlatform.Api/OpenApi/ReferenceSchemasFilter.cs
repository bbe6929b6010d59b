using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// Tidies the <c>allOf: [$ref]</c> wrappers that <c>UseAllOfToExtendReferenceSchemas</c> puts around every
/// reference (so a property can say it is nullable, or describe itself, beside the reference):
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A nullable one also gets the referenced schema's type, as OpenAPI 3.0.3 gives <c>nullable</c>
/// meaning only beside <c>type</c>: <c>{"type": "object", "nullable": true, "allOf": [{"$ref": "…/VenueRef"}]}</c>,
/// the form client generators read as "VenueRef or null".</item>
/// <item>One that adds nothing (a body's or response's schema, a property without a description) becomes the
/// bare reference again, which generators turn into the named type rather than an intersection.</item>
/// </list>
/// </remarks>
internal sealed class ReferenceSchemasFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var components = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in components.Values.OfType<OpenApiSchema>())
        {
            Visit(schema, components, seen);
        }

        foreach (var operation in document.Paths?.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()) ?? [])
        {
            var media = (operation.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>())
                .Concat((operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>()));
            foreach (var mediaType in media)
            {
                // A body is the named type: its description is the component's own.
                if (mediaType.Schema is OpenApiSchema { AllOf: [OpenApiSchemaReference reference] } wrapper && wrapper.Type is null)
                {
                    mediaType.Schema = reference;
                }
                else if (mediaType.Schema is OpenApiSchema inline)
                {
                    Visit(inline, components, seen);
                }
            }
        }
    }

    private static void Visit(OpenApiSchema schema, IDictionary<string, IOpenApiSchema> components, HashSet<OpenApiSchema> seen)
    {
        if (!seen.Add(schema))
        {
            return;
        }

        if (schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties.ToList())
            {
                if (property is OpenApiSchema { AllOf: [OpenApiSchemaReference reference], Type: null, Description: null or "" } bare
                    && bare.Default is null && bare.ReadOnly is false && bare.WriteOnly is false)
                {
                    properties[name] = reference;
                }
            }
        }

        if (schema is { AllOf: [OpenApiSchemaReference { Reference.Id: { } id }], Type: { } type } && type.HasFlag(JsonSchemaType.Null)
            && components.TryGetValue(id, out var target) && target.Type is { } targetType)
        {
            schema.Type = targetType | JsonSchemaType.Null;
        }

        foreach (var child in (schema.Properties?.Values ?? []).Append(schema.Items).Append(schema.AdditionalProperties)
            .Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []).OfType<OpenApiSchema>())
        {
            Visit(child, components, seen);
        }
    }
}
