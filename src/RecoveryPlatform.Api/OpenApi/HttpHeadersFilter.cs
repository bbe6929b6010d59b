using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// The HTTP headers of docs/api.md, on the operations that use them. Request headers: <c>If-Match</c>
/// (required on every write that answers 428 without it, optional where only 412 is declared),
/// <c>If-None-Match</c> on reads, <c>Idempotency-Key</c> on every POST. Response headers: <c>ETag</c>,
/// <c>Cache-Control</c>, <c>Location</c>, <c>Retry-After</c> and the IETF draft <c>RateLimit</c> pair.
/// </summary>
/// <remarks>
/// Each header is defined once under components and referenced, so the document stays small. What an
/// operation needs is read from what it already declares (its method and response statuses, e.g. the
/// 412/428 that <c>ProducesConcurrencyProblems</c> adds), never listed per endpoint.
/// </remarks>
internal sealed class HttpHeadersFilter : IOperationFilter
{
    public const string IfMatch = "If-Match";
    public const string IfMatchOptional = "If-Match-Optional";
    public const string IfNoneMatch = "If-None-Match";
    public const string IdempotencyKey = "Idempotency-Key";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var method = context.ApiDescription.HttpMethod?.ToUpperInvariant();
        var statuses = context.ApiDescription.SupportedResponseTypes.Select(r => r.StatusCode).ToHashSet();
        var document = context.Document;

        operation.Parameters ??= [];
        if (statuses.Contains(StatusCodes.Status428PreconditionRequired))
        {
            operation.Parameters.Add(new OpenApiParameterReference(IfMatch, document));
        }
        else if (statuses.Contains(StatusCodes.Status412PreconditionFailed))
        {
            operation.Parameters.Add(new OpenApiParameterReference(IfMatchOptional, document));
        }

        var isRead = method == HttpMethods.Get;
        if (isRead && statuses.Contains(StatusCodes.Status200OK))
        {
            operation.Parameters.Add(new OpenApiParameterReference(IfNoneMatch, document));
            operation.Responses ??= [];
            operation.Responses.TryAdd("304", new OpenApiResponse
            {
                Description = "Not Modified: the If-None-Match tag names the current version; no body.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["ETag"] = new OpenApiHeaderReference("ETag", document),
                    ["Cache-Control"] = new OpenApiHeaderReference("Cache-Control", document),
                },
            });
        }

        // IdempotencyMiddleware serves every POST, so every POST documents the key and the two answers
        // the key alone can cause: 422 (the key was used for another request) and 409 (still in progress).
        if (method == HttpMethods.Post)
        {
            operation.Parameters.Add(new OpenApiParameterReference(IdempotencyKey, document));
            operation.Responses ??= [];
            operation.Responses.TryAdd("409", ProblemResponse("Conflict", document));
            operation.Responses.TryAdd("422", ProblemResponse("Unprocessable Content", document));
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            void Add(string name) => concrete.Headers.TryAdd(name, new OpenApiHeaderReference(name, document));
            switch (status)
            {
                case "200" when isRead:
                    Add("ETag");
                    Add("Cache-Control");
                    break;
                case "200" or "201" when method is not null && method != HttpMethods.Get && concrete.Content?.Count > 0:
                    Add("ETag");
                    break;
            }

            if (status == "201")
            {
                Add("Location");
            }

            if (status is "429" or "503")
            {
                Add("Retry-After");
            }

            // Every route under /api/v1 is rate limited (RateLimitSetup); the document and health probes are not.
            if (context.ApiDescription.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true)
            {
                Add("RateLimit-Policy");
                Add("RateLimit");
            }
        }
    }

    private static OpenApiResponse ProblemResponse(string description, OpenApiDocument document) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
        },
    };

    /// <summary>The shared definitions the references above point to.</summary>
    public static void AddComponents(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();

        document.Components.Parameters[IfMatch] = new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = true,
            Description = "The ETag of the version you read (a quoted strong tag, e.g. \"\\\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\\\"\"), or * for whichever version is current. " +
                "Without it the answer is 428; when the resource has changed since, 412.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
            Example = "\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\"",
        };
        document.Components.Parameters[IfMatchOptional] = new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = false,
            Description = "Optional here: when sent, the ETag of the version you read, and a stale one is a 412.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
            Example = "\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\"",
        };
        document.Components.Parameters[IfNoneMatch] = new OpenApiParameter
        {
            Name = "If-None-Match",
            In = ParameterLocation.Header,
            Required = false,
            Description = "ETags you already hold; when one is current the answer is 304 without a body.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
            Example = "\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\"",
        };
        document.Components.Parameters[IdempotencyKey] = new OpenApiParameter
        {
            Name = "Idempotency-Key",
            In = ParameterLocation.Header,
            Required = false,
            Description = "A unique key of your choosing (a UUID, say). A retry with the same key and body within 24 hours is answered as the first request was, " +
                "without doing it twice; the same key with another request is a 422, and a retry while the first is still running a 409.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[\\x21-\\x7E]+$" },
            Example = "0193a0b0-7c1d-7000-8000-00000000abcd",
        };

        OpenApiHeader Text(string description, string example) => new()
        {
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = example,
        };

        document.Components.Headers["ETag"] = Text("The version of the resource, a strong tag; send it back in If-Match to change the resource.", "\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\"");
        document.Components.Headers["Cache-Control"] = Text("How long the response may be reused.", "no-cache");
        document.Components.Headers["Location"] = Text("The URL of the resource created.", "/api/v1/venues/0193a0b0-0000-7000-8000-000000000002");
        document.Components.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            Example = 30,
        };
        document.Components.Headers["RateLimit-Policy"] = Text("The quota of the caller's rate limit (IETF draft RateLimit header fields).", "\"default\";q=600;w=60");
        document.Components.Headers["RateLimit"] = Text("What is left of the caller's quota, and the seconds until it refills (IETF draft RateLimit header fields).", "\"default\";r=598;t=42");
    }
}
