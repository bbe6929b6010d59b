using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// An endpoint that reads a body in more than one format (an import: a JSON array, or a CSV) declares one request
/// type for all of them, and the explorer gives each format its schema; a text body is a string, whatever the
/// endpoint makes of it, so its schema says so.
/// </summary>
internal sealed class RequestBodyTypesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody is not OpenApiRequestBody { Content: { } content })
        {
            return;
        }

        foreach (var (contentType, mediaType) in content.Where(c => c.Key.StartsWith("text/", StringComparison.Ordinal)))
        {
            mediaType.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
        }
    }
}
