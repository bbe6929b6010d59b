using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using RecoveryPlatform.Api.Infrastructure;

namespace RecoveryPlatform.Api.Http;

/// <summary>
/// The API speaks JSON only: application/json, and application/problem+json for errors. A request whose
/// Accept allows neither is refused with 406 (as problem+json: a client that cannot read the refusal is
/// better told in the one format there is than in none). No Accept, <c>*/*</c>, <c>application/*</c>,
/// <c>application/json</c> and <c>application/problem+json</c> are all fine; an Accept that cannot be
/// read at all counts as none, as it did before. An endpoint that answers in a type of its own (the FHIR view,
/// the iCalendar feeds) may also be asked for that type (<see cref="AcceptsOwnType"/>).
/// </summary>
internal static class ContentNegotiation
{
    private static readonly StringSegment Application = "application";
    private static readonly StringSegment Json = "json";
    private static readonly StringSegment ProblemJson = "problem+json";

    /// <summary>Goes after routing: only the API's own endpoints are checked, /openreferral's included (not the OpenAPI UI, nor health).</summary>
    public static IApplicationBuilder UseJsonOnly(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if ((context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openreferral"))
                && context.GetEndpoint()?.Metadata.GetMetadata<IHttpMethodMetadata>() is not null
                && !AcceptsJson(context.Request.Headers.Accept)
                && !AcceptsOwnType(context.Request.Headers.Accept, context.GetEndpoint()!))
            {
                await context.WriteProblemAsync(
                    StatusCodes.Status406NotAcceptable,
                    "This API answers in application/json (application/problem+json for errors); the Accept header allows neither.");
                return;
            }

            await next(context);
        });

    /// <summary>
    /// A body in a character set the server cannot decode (<c>Content-Type: application/json; charset=nonsense</c>) is
    /// refused with a 415 problem naming it, before an endpoint's binding would fail on it as an unexpected error.
    /// </summary>
    public static IApplicationBuilder UseKnownCharsets(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType) && contentType.Charset is { Length: > 0 } charset
                && !IsKnownCharset(charset.Value!))
            {
                await context.WriteProblemAsync(
                    StatusCodes.Status415UnsupportedMediaType,
                    "The Content-Type's charset is not one this API can read; send UTF-8 (charset=utf-8, or no charset).");
                return;
            }

            await next(context);
        });

    private static bool IsKnownCharset(string charset)
    {
        try
        {
            System.Text.Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether Accept allows another type the endpoint says it produces (application/fhir+json for the FHIR
    /// view of a referral, text/csv and text/calendar for the feeds), so a client asking for exactly that is
    /// not refused.
    /// </summary>
    internal static bool AcceptsOwnType(StringValues accept, Endpoint endpoint)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return false;
        }

        return endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .SelectMany(produces => produces.ContentTypes)
            .Select(contentType => MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : null)
            .Any(type => type is not null && QualityOf(ranges, type.Type, type.SubType) > 0);
    }

    /// <summary>RFC 9110 §12.5.1: true when JSON or problem+json gets a quality above zero from the most specific range that matches it.</summary>
    internal static bool AcceptsJson(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return true;
        }

        return QualityOf(ranges, Application, Json) > 0 || QualityOf(ranges, Application, ProblemJson) > 0;
    }

    private static double QualityOf(IList<MediaTypeHeaderValue> ranges, StringSegment type, StringSegment subtype)
    {
        // Specificity: 3 = <type>/<subtype>, 2 = <type>/*, 1 = */*; the most specific present decides.
        var (specificity, quality) = (0, 0.0);
        foreach (var range in ranges)
        {
            var rank = IsSame(range.Type, type) && IsSame(range.SubType, subtype) ? 3
                : IsSame(range.Type, type) && range.SubType == "*" ? 2
                : range.Type == "*" && range.SubType == "*" ? 1
                : 0;
            var q = range.Quality ?? 1;
            if (rank > specificity)
            {
                (specificity, quality) = (rank, q);
            }
            else if (rank == specificity && rank > 0)
            {
                quality = Math.Max(quality, q);
            }
        }

        return quality;
    }

    private static bool IsSame(StringSegment a, StringSegment b) => StringSegment.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
