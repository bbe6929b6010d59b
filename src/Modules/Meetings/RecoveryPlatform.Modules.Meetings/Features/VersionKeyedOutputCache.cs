using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.Modules.Meetings.Features;

/// <summary>
/// An output-cache policy that keeps an answer, as sent (compressed or not), under a version of everything it is
/// made from and the content coding: it is written and compressed once per version, not per request, and a change
/// makes a new key at once, so nothing needs to be invalidated (old keys are never asked for again and expire). The
/// platform's mechanism for search answers (ADR 0009). Conditional requests go straight to the endpoint, whose
/// 304 costs no writing either; only 200s are stored.
/// </summary>
internal abstract class VersionKeyedOutputCache : IOutputCachePolicy
{
    /// <summary>How long an answer is kept when nobody asks for it; a new version never finds it anyway.</summary>
    protected abstract TimeSpan KeptFor { get; }

    /// <summary>
    /// The version of the answer this request would get (the whole key but method, scheme and path), or null to leave
    /// the request to the endpoint (one it will refuse, say). Spaces, not the middleware's own separators, which make
    /// it refuse a key.
    /// </summary>
    protected abstract ValueTask<string?> VersionAsync(HttpContext http, CancellationToken cancellationToken);

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) || request.Headers.IfNoneMatch.Count > 0 || request.Headers.IfModifiedSince.Count > 0
            || await VersionAsync(http, cancellation) is not { } version)
        {
            return;
        }

        var coding = http.RequestServices.GetService<IResponseCompressionProvider>()?.GetCompressionProvider(http)?.EncodingName ?? "identity";
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.CacheVaryByRules.VaryByHost = false;
        context.CacheVaryByRules.CacheKeyPrefix = $"{version} {coding}";
        context.ResponseExpirationTimeSpan = KeptFor;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
