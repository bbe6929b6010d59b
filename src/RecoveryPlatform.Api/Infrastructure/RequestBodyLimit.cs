using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Refuses bodies over the configured size with 413 before anything reads them. A declared
/// Content-Length is checked here; a chunked body is cut off by the server's limit for the request, set to the same
/// value. An endpoint that takes larger bodies (a directory import) says so with <see cref="IRequestSizeLimitMetadata"/>,
/// so this runs after routing.
/// </summary>
internal static class RequestBodyLimit
{
    public const long DefaultMaxBytes = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? maxBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Detail = $"The request body is larger than the {limit} bytes this endpoint accepts.",
                    },
                });
                return;
            }

            await next(context);
        });
}
