using System.IO.Compression;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.Http;

/// <summary>
/// Serves a built feed: a 304 when the request already holds it (<see cref="ConditionalRequests"/>: its tag, or
/// without one a date not older than its last change), otherwise its body, gzip as built when the client takes
/// gzip and inflated on the way out when it does not. Nothing is built or compressed per request.
/// </summary>
internal static class FeedResponses
{
    public static IResult Serve(HttpContext http, PublishedFeed feed)
    {
        var tag = $"\"{feed.Hash}\"";
        var gzip = AcceptsGzip(http.Request.Headers.AcceptEncoding);
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;

        // Another coding is another representation with its own strong tag; conditions compare tags without it.
        return ConditionalRequests.IsNotModified(http, gzip ? EntityTags.WithCoding(tag, "gzip") : tag, feed.LastModified, out var notModified)
            ? notModified
            : new FeedBody(feed, gzip);
    }

    /// <summary>Whether Accept-Encoding gives gzip (or *) a quality above zero; an unreadable header gives nothing.</summary>
    private static bool AcceptsGzip(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var codings))
        {
            return false;
        }

        double? gzip = null, any = null;
        foreach (var coding in codings)
        {
            var quality = coding.Quality ?? 1;
            if (StringSegment.Equals(coding.Value, "gzip", StringComparison.OrdinalIgnoreCase))
            {
                gzip = Math.Max(gzip ?? 0, quality);
            }
            else if (coding.Value == "*")
            {
                any = Math.Max(any ?? 0, quality);
            }
        }

        return (gzip ?? any ?? 0) > 0;
    }

    private sealed class FeedBody(PublishedFeed feed, bool gzip) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public string ContentType => feed.ContentType;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = feed.ContentType;
            if (gzip)
            {
                response.Headers.ContentEncoding = "gzip";
                response.ContentLength = feed.Gzip.Length;
                foreach (var block in feed.Gzip)
                {
                    await response.Body.WriteAsync(block, httpContext.RequestAborted);
                }

                return;
            }

            response.ContentLength = feed.Length;
            await using var inflating = new GZipStream(PipeReader.Create(feed.Gzip).AsStream(), CompressionMode.Decompress);
            await inflating.CopyToAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
