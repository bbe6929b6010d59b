using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Refuses bodies over the configured size with 413 before anything else reads them. A declared
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

            if (context.Request.ContentLength is { } declared && declared > limit)
            {
                await DiscardAsync(context, declared, limit);

                // The body may be partly unread, so the connection cannot carry another request.
                context.Response.Headers.Connection = "close";
                await context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the {limit} bytes this endpoint accepts.");
                return;
            }

            await next(context);
        });

    /// <summary>
    /// A client that sends its body whole before reading (HttpClient, without Expect: 100-continue) would be cut off
    /// mid-upload and never see the 413 if the body were left unread: read and throw away up to
    /// <see cref="DiscardAtMostBytes"/> past the limit, within a few seconds, first. Larger bodies are not worth reading.
    /// </summary>
    private static async Task DiscardAsync(HttpContext context, long declared, long limit)
    {
        if (declared - limit > DiscardAtMostBytes || context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } feature
            || context.Request.Headers.Expect.Count > 0)
        {
            return;
        }

        feature.MaxRequestBodySize = declared;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        patience.CancelAfter(TimeSpan.FromSeconds(5));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, patience.Token) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // Too slow, or cut short: answer with what is known; the connection closes after.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>How much of a body over the limit is read before the 413 (see <see cref="DiscardAsync"/>).</summary>
    public const long DiscardAtMostBytes = 16 * 1024 * 1024;
}
