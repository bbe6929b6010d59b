using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RecoveryPlatform.Api.Security;
using RecoveryPlatform.SharedKernel.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

internal static class OpenApiSetup
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "RecoveryPlatform API",
                Version = "v1",
                Description = "Meeting directories of mutual-aid recovery fellowships, and referrals to them. " +
                    "Errors are RFC 9457 problem details; lists share one paging envelope; writes to versioned resources need If-Match.",
            });
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key issued to a machine by its organisation.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A person's token from their organisation's identity provider.",
            });
            options.OperationFilter<SecurityRequirementsFilter>();
            options.OperationFilter<RequestExampleFilter>();
            options.SupportNonNullableReferenceTypes();
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "RecoveryPlatform.*.xml"))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    /// <summary>Operations that require authorisation declare both credential schemes; public ones declare none.</summary>
    private sealed class SecurityRequirementsFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
        }
    }

    /// <summary>Shows the example an endpoint declares with <c>WithRequestExample</c> on each of its request media types.</summary>
    private sealed class RequestExampleFilter(IOptions<JsonOptions> json) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var example = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestBodyExample>().FirstOrDefault();
            if (example is null || operation.RequestBody?.Content is not { } content)
            {
                return;
            }

            var node = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json.Value.SerializerOptions);
            foreach (var mediaType in content.Values)
            {
                mediaType.Example = node?.DeepClone();
            }
        }
    }
}
