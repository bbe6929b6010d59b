using Microsoft.OpenApi;
using RecoveryPlatform.SharedKernel.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// The HTTP headers of docs/api.md, on the operations that use them. Request headers: <c>If-Match</c>
/// (required on every write that answers 428 without it, optional where only 412 is declared and on reads),
/// <c>If-None-Match</c> on reads, <c>Idempotency-Key</c> on every POST. Response headers: <c>ETag</c>,
/// <c>Cache-Control</c>, <c>Vary</c>, <c>Location</c>, <c>Retry-After</c> and the IETF draft <c>RateLimit</c> pair.
/// Responses: 304 (and 412) on reads, 406 everywhere.
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
    public const string IfModifiedSince = "If-Modified-Since";
    public const string IdempotencyKey = "Idempotency-Key";
    public const string IdempotencyKeyRequired = "Idempotency-Key-Required";

    /// <summary>The Cache-Control of a response that carries a secret, defined apart from the usual one.</summary>
    private const string NoStoreCacheControl = "Cache-Control-No-Store";

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

        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<PurposeRequiredMetadata>().FirstOrDefault() is { } purpose)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = PurposeRequiredMetadata.HeaderName,
                In = ParameterLocation.Header,
                Required = true,
                Description = "Why you read this person's data; every read is logged with it. Also accepted as the purpose query parameter.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. purpose.Purposes.Select(p => (System.Text.Json.Nodes.JsonNode)p)] },
                Example = purpose.Purposes[0],
            });
        }

        var isRead = method == HttpMethods.Get;
        var sendsLastModified = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<LastModifiedMetadata>().Any();
        if (isRead && statuses.Contains(StatusCodes.Status200OK))
        {
            // ConditionalGetFilter answers every GET that sets an ETag: If-None-Match → 304, If-Match → 412.
            operation.Parameters.Add(new OpenApiParameterReference(IfNoneMatch, document));
            if (sendsLastModified)
            {
                operation.Parameters.Add(new OpenApiParameterReference(IfModifiedSince, document));
            }

            if (!statuses.Contains(StatusCodes.Status428PreconditionRequired) && !statuses.Contains(StatusCodes.Status412PreconditionFailed))
            {
                operation.Parameters.Add(new OpenApiParameterReference(IfMatchOptional, document));
            }

            operation.Responses ??= [];
            operation.Responses.TryAdd("304", new OpenApiResponse
            {
                Description = "Not Modified: an If-None-Match tag is that of the current representation; no body.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["ETag"] = new OpenApiHeaderReference("ETag", document),
                    ["Cache-Control"] = new OpenApiHeaderReference("Cache-Control", document),
                    ["Vary"] = new OpenApiHeaderReference("Vary", document),
                },
            });
            operation.Responses.TryAdd("412", ProblemResponse("Precondition Failed: If-Match names none of the current representation's tags.", document));
        }

        // ContentNegotiation refuses, on every route of the API, an Accept that allows no JSON.
        var isApi = context.ApiDescription.RelativePath is { } path
            && (path.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWith("openreferral", StringComparison.OrdinalIgnoreCase));
        if (isApi)
        {
            operation.Responses ??= [];
            operation.Responses.TryAdd("406", ProblemResponse("Not Acceptable: Accept allows neither application/json nor application/problem+json.", document));
        }

        var carriesSecret = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CarriesSecretMetadata>().Any();

        // IdempotencyMiddleware serves every POST, so every POST documents the key and the two answers
        // the key alone can cause: 422 (the key was used for another request) and 409 (still in progress).
        if (method == HttpMethods.Post)
        {
            var keyRequired = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyRequiredMetadata>().Any();
            operation.Parameters.Add(new OpenApiParameterReference(keyRequired ? IdempotencyKeyRequired : IdempotencyKey, document));
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
                    Add("Vary");
                    if (sendsLastModified)
                    {
                        Add("Last-Modified");
                    }

                    break;
                case "200" or "201" when method is not null && method != HttpMethods.Get && concrete.Content?.Count > 0:
                    Add("ETag");
                    break;
            }

            if (status == "201")
            {
                Add("Location");
            }

            if (carriesSecret && status.StartsWith('2'))
            {
                concrete.Headers.TryAdd("Cache-Control", new OpenApiHeaderReference(NoStoreCacheControl, document));
            }

            if (status is "429" or "503")
            {
                Add("Retry-After");
            }

            // Every route under /api/v1 is rate limited (RateLimitSetup); the document and health probes are not.
            if (isApi)
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

        const string SampleTag = "\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\"";
        OpenApiParameter Header(string name, bool required, string description, string example, OpenApiSchema? schema = null) => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = schema ?? new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
            Example = example,
        };

        document.Components.Parameters[IfMatch] = Header("If-Match", required: true,
            "The ETag of the version you read (a quoted strong tag, e.g. \"\\\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\\\"\"), or * for whichever version is current. " +
            "Without it the answer is 428; when the resource has changed since, 412.",
            SampleTag);
        document.Components.Parameters[IfMatchOptional] = Header("If-Match", required: false,
            "Optional here: when sent, the ETag of the version you read, and a stale one is a 412.",
            SampleTag);
        document.Components.Parameters[IfNoneMatch] = Header("If-None-Match", required: false,
            "ETags you already hold; when one is current the answer is 304 without a body.",
            SampleTag);
        document.Components.Parameters[IfModifiedSince] = Header("If-Modified-Since", required: false,
            "The Last-Modified you hold (an HTTP date); when nothing has changed since, the answer is 304 without a body. Ignored with If-None-Match.",
            "Tue, 01 Dec 2026 11:33:02 GMT");
        const string IdempotencyKeyDescription =
            "A unique key of your choosing (a UUID, say). A retry with the same key and body within 24 hours is answered as the first request was, " +
            "without doing it twice; the same key with another request is a 422, and a retry while the first is still running a 409.";
        document.Components.Parameters[IdempotencyKey] = Header(IdempotencyKeys.HeaderName, required: false, IdempotencyKeyDescription, "0193a0b0-7c1d-7000-8000-00000000abcd", IdempotencyKeySchema());
        document.Components.Parameters[IdempotencyKeyRequired] = Header(IdempotencyKeys.HeaderName, required: true,
            "Required here. " + IdempotencyKeyDescription, "0193a0b0-7c1d-7000-8000-00000000abcd", IdempotencyKeySchema());

        static OpenApiSchema IdempotencyKeySchema() => new() { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[\\x21-\\x7E]+$" };

        OpenApiHeader Text(string description, string example) => new()
        {
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = example,
        };

        document.Components.Headers["ETag"] = Text(
            "A strong tag of this representation, made from the data's versions: send it in If-None-Match to revalidate (304), " +
            "or in If-Match to change the resource. A compressed answer's tag ends -br or -gzip; any tag of the current version will do.",
            "\"6f1c2a9e4b7d4c1e9a8b2d3e4f5a6b7c\"");
        document.Components.Headers["Cache-Control"] = Text(
            "Who may keep the response and for how long: public, max-age=60, stale-while-revalidate=60 for search and for public reads without a credential; " +
            "private, no-cache for reads with a credential; no-store for errors.",
            "public, max-age=60, stale-while-revalidate=60");
        document.Components.Headers[NoStoreCacheControl] = Text("The response carries a secret: no cache may keep it.", "no-store");
        document.Components.Headers["Vary"] = Text(
            "The request headers the response depends on: Accept-Encoding, and for everything but search X-Api-Key and Authorization.",
            "Accept-Encoding, X-Api-Key, Authorization");
        document.Components.Headers["Last-Modified"] = Text(
            "When what the answer shows last changed (an HTTP date): send it in If-Modified-Since to revalidate (304).",
            "Tue, 01 Dec 2026 11:33:02 GMT");
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
