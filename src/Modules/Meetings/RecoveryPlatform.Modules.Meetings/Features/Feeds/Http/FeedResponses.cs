using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.Http;

/// <summary>
/// Serves a built feed: a 304 when the request's If-None-Match holds its tag (or, without If-None-Match, when
/// If-Modified-Since is not older than its last change), otherwise its body, gzip as built when the client takes
/// gzip and inflated on the way out when it does not. Nothing is built or compressed per request.
/// </summary>
internal static class FeedResponses
{
    public static IResult Serve(HttpContext http, PublishedFeed feed)
    {
        var request = http.Request.Headers;
        var response = http.Response.Headers;
        var tag = $"\"{feed.Hash}\"";
        var gzip = AcceptsGzip(request.AcceptEncoding);
        var sentTag = gzip ? EntityTags.WithCoding(tag, "gzip") : tag;
        response.LastModified = HeaderUtilities.FormatDate(feed.LastModified);
        response.Vary = HeaderNames.AcceptEncoding;

        if (request.IfNoneMatch.Count > 0)
        {
            if (EntityTags.NoneMatchFails(request.IfNoneMatch, tag, out _))
            {
                return new NotModifiedResult(sentTag);
            }
        }
        else if (HeaderUtilities.TryParseDate(request.IfModifiedSince.ToString(), out var since) && feed.LastModified <= since)
        {
            return new NotModifiedResult(sentTag);
        }

        response.ETag = sentTag;
        return new FeedBody(feed, gzip);
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
                await response.Body.WriteAsync(feed.Gzip, httpContext.RequestAborted);
                return;
            }

            response.ContentLength = feed.Length;
            await using var inflating = new GZipStream(new MemoryStream(feed.Gzip, writable: false), CompressionMode.Decompress);
            await inflating.CopyToAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
