using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RecoveryPlatform.SharedKernel.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// Shows the examples an endpoint declares (<c>WithRequestExample</c>, <c>WithResponseExample</c>) on each
/// media type of its request body or response, serialised with the API's own JSON options, so an example
/// is exactly what the API would read or write.
/// </summary>
internal sealed class ExamplesFilter(IOptions<JsonOptions> json) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (operation.RequestBody?.Content is { } content)
        {
            foreach (var request in metadata.OfType<RequestBodyExample>())
            {
                var node = JsonSerializer.SerializeToNode(request.Value, request.Value.GetType(), json.Value.SerializerOptions);
                foreach (var (name, mediaType) in content.Where(c => request.MediaType is null || c.Key == request.MediaType))
                {
                    mediaType.Example = node?.DeepClone();
                }
            }
        }

        foreach (var example in metadata.OfType<ResponseBodyExample>())
        {
            if (operation.Responses?.TryGetValue(example.StatusCode.ToString(CultureInfo.InvariantCulture), out var response) == true && response.Content is { } media)
            {
                var node = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json.Value.SerializerOptions);
                foreach (var mediaType in media.Values)
                {
                    mediaType.Example = node?.DeepClone();
                }
            }
        }
    }
}
