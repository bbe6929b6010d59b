using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

/// <summary>
/// Keeps Open Referral answers in the platform's output cache (as search answers and calendars are kept, ADR 0009),
/// keyed by the answer's version tag (<see cref="OpenReferralEndpoints"/>: the URL, this instance's index
/// generation and organisations' details version) and the content coding: an unchanged directory answers a
/// repeated request from the store, written and compressed once, and a change makes a new key at once, so nothing
/// needs to be invalidated. Conditional requests go to the endpoint, whose 304 costs nothing either; only 200s are
/// stored.
/// </summary>
internal sealed class OpenReferralCache : IOutputCachePolicy
{
    public static readonly OpenReferralCache Instance = new();

    /// <summary>How long an answer is kept when nobody asks for it; a new version of the directory never finds it anyway.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) || http.Request.Headers.IfNoneMatch.Count > 0 || http.Request.Headers.IfModifiedSince.Count > 0 || OpenReferralEndpoints.ListOf(http) is not { } list)
        {
            return;
        }

        var tag = await OpenReferralEndpoints.VersionTagAsync(http, list, cancellation);
        var coding = http.RequestServices.GetService<IResponseCompressionProvider>()?.GetCompressionProvider(http)?.EncodingName ?? "identity";
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.CacheVaryByRules.VaryByHost = false;

        // The middleware adds method, scheme and path to this prefix; the tag holds the query string. Spaces, not its
        // own separators, which make it refuse a key.
        context.CacheVaryByRules.CacheKeyPrefix = $"openreferral {tag} {coding}";
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
