using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Endpoints whose retries must never create twice (a referral of a person) insist on an Idempotency-Key;
/// elsewhere the key is optional. The host's idempotency middleware does the rest (ADR 0007).
/// </summary>
public static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>A request without the header is refused with 400 before it runs.</summary>
    public static RouteHandlerBuilder RequireIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(IdempotencyKeyRequiredMetadata.Instance).AddEndpointFilter(static async (context, next) =>
            context.HttpContext.Request.Headers.ContainsKey(HeaderName)
                ? await next(context)
                : TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [HeaderName] = ["Required here: a unique key of your choosing (a UUID, say), sent again with any retry."] },
                    title: "One or more validation errors occurred."));
}

/// <summary>Endpoint metadata: see <see cref="IdempotencyKeys.RequireIdempotencyKey"/>.</summary>
public sealed class IdempotencyKeyRequiredMetadata
{
    public static readonly IdempotencyKeyRequiredMetadata Instance = new();

    private IdempotencyKeyRequiredMetadata()
    {
    }
}
