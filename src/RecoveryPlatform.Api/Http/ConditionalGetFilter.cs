using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Api.Http;

/// <summary>
/// Conditional GETs for every endpoint that sets an ETag (RFC 9110 §13.2.2): after the endpoint has
/// found its data and named its ETag, and before the result is rendered, If-Match that names none of
/// the current representation's tags is a 412, and If-None-Match that holds it is a 304 with no body.
/// </summary>
/// <remarks>
/// The endpoints make their tags from versions (<see cref="ConcurrencyHeaders"/>, <see cref="ETagBuilder"/>),
/// so deciding a 304 here costs the data's lookup but no serialisation. Search decides earlier still,
/// before searching (<see cref="ConditionalRequests"/>). HEAD arrives here as a GET (<see cref="HeadRequests"/>).
/// </remarks>
internal sealed class ConditionalGetFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) || result is NotModifiedResult || result is IStatusCodeHttpResult { StatusCode: not (null or StatusCodes.Status200OK) })
        {
            return result;
        }

        var etag = http.Response.Headers.ETag.ToString();
        if (etag.Length == 0)
        {
            return result;
        }

        var conditions = http.Request.Headers;
        if (conditions.IfMatch.Count > 0 && !EntityTags.MatchHolds(conditions.IfMatch, etag))
        {
            throw new PreconditionFailedException();
        }

        return EntityTags.NoneMatchFails(conditions.IfNoneMatch, etag, out var held) ? new NotModifiedResult(held) : result;
    }
}
