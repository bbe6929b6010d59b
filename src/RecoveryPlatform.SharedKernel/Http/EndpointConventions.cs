using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>An example request body shown in the OpenAPI document for an endpoint.</summary>
/// <param name="Value">The example, serialised as the API's JSON (a string stays a string: a CSV body's example is its text).</param>
/// <param name="MediaType">The request content type it is an example of; null for every type the endpoint accepts.</param>
public sealed record RequestBodyExample(object Value, string? MediaType = null);

/// <summary>An example response body shown in the OpenAPI document for one status of an endpoint.</summary>
public sealed record ResponseBodyExample(int StatusCode, object Value);

public static class EndpointConventions
{
    /// <summary>Declares the problem responses every endpoint can give (bad input, rate limit, server fault).</summary>
    public static RouteHandlerBuilder ProducesCommonProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Declares the problems of an endpoint that needs a credential.</summary>
    public static RouteHandlerBuilder ProducesAuthProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>Declares the problems of a write that carries a JSON body.</summary>
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Declares the problems of a conditional write (If-Match).</summary>
    public static RouteHandlerBuilder ProducesConcurrencyProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, object example, string? mediaType = null) =>
        builder.WithMetadata(new RequestBodyExample(example, mediaType));

    /// <summary>An example of the body the endpoint answers with <paramref name="statusCode"/> (200 unless given).</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, object example, int statusCode = StatusCodes.Status200OK) =>
        builder.WithMetadata(new ResponseBodyExample(statusCode, example));
}
