using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// The documented limits on a request's head: a request line of at most 8 KiB and at most 100 header
/// fields. Kestrel refuses requests past its own limits before any middleware runs, with a bare status
/// and no body; so its limits are set higher (<see cref="ServerRequestLineBytes"/>, <see cref="ServerHeaderFields"/>)
/// and the documented ones are enforced here, where the refusal can be problem details.
/// </summary>
internal static class RequestHeadLimits
{
    public const int MaxRequestLineBytes = 8 * 1024;

    public const int MaxHeaderFields = 100;

    /// <summary>Kestrel's own limit; a longer request line is refused with a bodiless 414.</summary>
    public const int ServerRequestLineBytes = 16 * 1024;

    /// <summary>Kestrel's own limit; more header fields are refused with a bodiless 431.</summary>
    public const int ServerHeaderFields = 200;

    public static IApplicationBuilder UseRequestHeadLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (RequestLineBytes(context) > MaxRequestLineBytes)
            {
                await RefuseAsync(context, StatusCodes.Status414UriTooLong,
                    $"The request line (method, path and query string) is longer than the {MaxRequestLineBytes} bytes this API accepts.");
                return;
            }

            if (HeaderFields(context.Request.Headers) > MaxHeaderFields)
            {
                await RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                    $"The request has more than the {MaxHeaderFields} header fields this API accepts.");
                return;
            }

            await next(context);
        });

    /// <summary>Counted as Kestrel counts it: "GET /path?query HTTP/1.1" and its CRLF.</summary>
    private static int RequestLineBytes(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{request.PathBase}{request.Path}{request.QueryString}";
        return request.Method.Length + 1 + Encoding.UTF8.GetByteCount(target) + 1 + request.Protocol.Length + 2;
    }

    /// <summary>Each field line counts, as in Kestrel: a header sent twice is two.</summary>
    private static int HeaderFields(IHeaderDictionary headers)
    {
        var count = 0;
        foreach (var (_, values) in headers)
        {
            count += Math.Max(1, values.Count);
        }

        return count;
    }

    private static async Task RefuseAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            // The type is set here because the framework's defaults, applied first, know 414 by an older address.
            ProblemDetails = new ProblemDetails { Status = status, Type = ProblemTypes.For(status), Detail = detail },
        });
    }
}
