using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Conditional GETs (RFC 9110 §13). The host answers every GET whose endpoint set an ETag, before the
/// result is rendered; an endpoint that can tell its ETag before doing the work (search) asks here
/// first and skips the work too.
/// </summary>
public static class ConditionalRequests
{
    /// <summary>
    /// Sets <paramref name="etag"/> on the response and tells whether the request's If-None-Match already
    /// holds it; if so, <paramref name="notModified"/> is the 304 to return instead of the body.
    /// </summary>
    public static bool IsNotModified(HttpContext http, string etag, out IResult notModified)
    {
        http.Response.Headers.ETag = etag;
        if (HttpMethods.IsGet(http.Request.Method) && EntityTags.NoneMatchFails(http.Request.Headers.IfNoneMatch, etag, out var held))
        {
            notModified = new NotModifiedResult(held);
            return true;
        }

        notModified = NotModifiedResult.None;
        return false;
    }

    /// <summary>
    /// As <see cref="IsNotModified(HttpContext, string, out IResult)"/>, for a representation that also has a
    /// last-modified time (a feed): sets <c>Last-Modified</c> too, and when the request has no If-None-Match
    /// (which takes precedence, RFC 9110 §13.2.2), an If-Modified-Since at or after that time is a 304.
    /// </summary>
    public static bool IsNotModified(HttpContext http, string etag, DateTimeOffset lastModified, out IResult notModified)
    {
        // HTTP dates have whole seconds: a time with a fraction would never be "not after" the date sent back.
        var seconds = new DateTimeOffset(lastModified.UtcTicks - (lastModified.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        http.Response.GetTypedHeaders().LastModified = seconds;
        if (IsNotModified(http, etag, out notModified))
        {
            return true;
        }

        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) && request.Headers.IfNoneMatch.Count == 0
            && request.GetTypedHeaders().IfModifiedSince is { } since && seconds <= since)
        {
            notModified = new NotModifiedResult(etag);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Marks the responses of this endpoint as the same for every caller (nothing in them depends on the
    /// credential), so shared caches may keep them whoever asked: see docs/api.md, Caching.
    /// </summary>
    public static RouteHandlerBuilder SameForEveryCaller(this RouteHandlerBuilder builder) => builder.WithMetadata(SameForEveryCallerMetadata.Instance);

    /// <summary>
    /// Marks the endpoint as sending <c>Last-Modified</c> and answering <c>If-Modified-Since</c> (a feed, through
    /// <see cref="IsNotModified(HttpContext, string, DateTimeOffset, out IResult)"/>), so its document says so.
    /// </summary>
    public static RouteHandlerBuilder SendsLastModified(this RouteHandlerBuilder builder) => builder.WithMetadata(LastModifiedMetadata.Instance);

    /// <summary>
    /// Marks the responses of this endpoint as carrying a secret (a new API key): they are never compressed,
    /// whatever the method (BREACH), and never stored by any cache (<c>Cache-Control: no-store</c>).
    /// </summary>
    public static RouteHandlerBuilder CarriesSecret(this RouteHandlerBuilder builder) => builder.WithMetadata(CarriesSecretMetadata.Instance);
}

/// <summary>Endpoint metadata: see <see cref="ConditionalRequests.CarriesSecret"/>.</summary>
public sealed class CarriesSecretMetadata
{
    public static readonly CarriesSecretMetadata Instance = new();

    private CarriesSecretMetadata()
    {
    }
}

/// <summary>Endpoint metadata: see <see cref="ConditionalRequests.SendsLastModified"/>.</summary>
public sealed class LastModifiedMetadata
{
    public static readonly LastModifiedMetadata Instance = new();

    private LastModifiedMetadata()
    {
    }
}

/// <summary>Endpoint metadata: see <see cref="ConditionalRequests.SameForEveryCaller"/>.</summary>
public sealed class SameForEveryCallerMetadata
{
    public static readonly SameForEveryCallerMetadata Instance = new();

    private SameForEveryCallerMetadata()
    {
    }
}

/// <summary>304 Not Modified with the tag the client holds; no body. Cache-Control and Vary are the host's.</summary>
public sealed class NotModifiedResult(string etag) : IResult, IStatusCodeHttpResult
{
    internal static readonly NotModifiedResult None = new(string.Empty);

    public int? StatusCode => StatusCodes.Status304NotModified;

    public string ETag => etag;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        httpContext.Response.Headers.ETag = etag;
        return Task.CompletedTask;
    }
}
