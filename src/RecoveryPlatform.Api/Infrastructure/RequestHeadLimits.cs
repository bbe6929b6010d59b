using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// The documented limits on a request's head: a request line of at most 8 KiB, at most 100 header
/// fields, and ASCII header values. Kestrel refuses requests past its own limits before any middleware runs, with a bare status
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

            if (FirstHeaderBeyondAscii(context.Request.Headers) is { } header)
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest,
                    $"The {header} header holds a byte above 0x7F; header values must be ASCII.", header);
                return;
            }

            await next(context);
        });

    /// <summary>
    /// The name of the first header whose value holds a byte above 0x7F, or null. Kestrel reads header
    /// values as Latin-1 (Program.cs), so each such byte arrives as one char above U+007F; without that,
    /// Kestrel itself would refuse the request with a bare 400 before any middleware could explain it.
    /// </summary>
    internal static string? FirstHeaderBeyondAscii(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                if (value is not null && value.AsSpan().ContainsAnyExceptInRange('\0', '\x7F'))
                {
                    return name;
                }
            }
        }

        return null;
    }

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

    private static async Task RefuseAsync(HttpContext context, int status, string detail, string? header = null)
    {
        context.Response.StatusCode = status;

        // The type is set here because the framework's defaults, applied first, know 414 by an older address.
        var problem = header is null
            ? new ProblemDetails { Status = status, Type = ProblemTypes.For(status), Detail = detail }
            : new ValidationProblemDetails(new Dictionary<string, string[]> { [header] = [detail] }) { Status = status, Type = ProblemTypes.For(status), Detail = detail };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
