using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// The output-cache policy of search: a search's answer, as sent (compressed or not), is kept for the rest
/// of its minute under its <see cref="SearchETag"/> and the content coding, so the same search in the same
/// minute over the same version of the index (<see cref="SearchAnswerVersions"/>) is answered with the
/// stored bytes, without searching or compressing again.
/// </summary>
/// <remarks>
/// <para>
/// Why: compressing a 20 kB page costs about as much as searching it, and most clients ask for gzip
/// (docs/performance.md, issue #11). The key is everything the answer depends on (the version of the index
/// it reads, path and query, minute) and nothing it does not (search is the same for every caller), so a
/// stored answer is exactly what searching again would give; a write that reaches the index and touches the
/// search's matches makes a new version, hence a new key, at once. Nothing is invalidated: old keys are
/// never asked for again and expire with their minute.
/// </para>
/// <para>
/// The snapshot, minute and version of the key are the ones the search then uses (<see cref="SearchAsOf"/>),
/// so a write or a new minute arriving between the two cannot store one answer under another's key. The key always
/// holds the minute, also for a query with <c>at</c> (whose answer does not depend on it): the query is not
/// bound yet, and a key that changes more often than the answer costs a search, never a wrong answer.
/// </para>
/// <para>
/// An answer is stored the second time it is asked for in its minute, not the first: a search nobody repeats
/// (a phone's own position, say) then costs no copy into the store and takes no room from answers that are
/// repeated. <see cref="AskedBefore"/> remembers which searches were asked (path, query, minute and coding),
/// approximately and in fixed room; a mistake either way costs one search or one stored answer, never a
/// wrong one. A search asked before has (nearly always) run before, so its version can be worked out.
/// </para>
/// <para>
/// Not the framework's default policy, which would refuse callers with a credential (search answers them
/// alike) and key by the raw query string without the snapshot. Conditional requests go straight to the
/// endpoint, whose 304 costs no search either; only 200s are stored.
/// </para>
/// </remarks>
internal sealed class SearchAnswerCache : IOutputCachePolicy
{
    /// <summary>Slots of <see cref="_asked"/>: far more than the searches repeated in a minute, in 256 KiB.</summary>
    private const int AskedSlots = 1 << 16;

    /// <summary>The coding of a request that asks for none the server offers: the key's "not compressed".</summary>
    private const string Identity = "identity";

    /// <summary>The hash of the last search asked for that fell in each slot (one table per mapped endpoint, so per host).</summary>
    private readonly int[] _asked = new int[AskedSlots];

    /// <summary>
    /// True when this search was asked for before (or another with the same slot and hash: then an answer is
    /// stored the first time); notes it otherwise. Searches are noted with the minute, so last minute's do not count.
    /// </summary>
    private bool AskedBefore(string search)
    {
        var hash = search.GetHashCode(StringComparison.Ordinal);
        ref var slot = ref _asked[hash & (AskedSlots - 1)];
        if (Volatile.Read(ref slot) == hash)
        {
            return true;
        }

        Volatile.Write(ref slot, hash);
        return false;
    }

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) || request.Headers.IfNoneMatch.Count > 0 || request.Headers.IfModifiedSince.Count > 0)
        {
            // The middleware would answer these from the entry's own ETag and Date; the endpoint's rules decide.
            return;
        }

        var services = http.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var snapshot = await services.GetRequiredService<MeetingSearchIndex>().CurrentAsync(cancellation);
        var minute = SearchETag.Minute(now);
        var pathAndQuery = SearchETag.PathAndQuery(request);

        // The coding the compression middleware will choose for this request (it decides by Accept-Encoding
        // alone; whether a body is large enough depends on the answer, which the rest of the key fixes).
        var coding = services.GetService<IResponseCompressionProvider>()?.GetCompressionProvider(http)?.EncodingName ?? Identity;
        var repeated = AskedBefore($"{pathAndQuery} {minute.UtcTicks} {coding}");

        // A repeated search has (nearly always) run before, so its version can be worked out; a first one's is
        // the snapshot's own generation, which is a version too.
        var version = (repeated ? services.GetRequiredService<SearchAnswerVersions>().Find(snapshot, pathAndQuery, minute) : null) ?? snapshot.Generation;
        http.Features.Set(new SearchAsOf(snapshot, minute, version));

        // The middleware adds method, scheme and path (upper-cased) to this prefix; the tag holds them exactly.
        // Spaces, not the middleware's own separators, which make it refuse a key.
        var key = $"search {SearchETag.For(version, request, minute)} {coding}";
        context.EnableOutputCaching = true;
        // Nothing is stored under a key asked for the first time, so there is nothing to look up either.
        context.AllowCacheLookup = repeated;
        context.AllowCacheStorage = repeated;
        context.AllowLocking = true;
        context.CacheVaryByRules.VaryByHost = false;
        context.CacheVaryByRules.CacheKeyPrefix = key;
        context.ResponseExpirationTimeSpan = minute.AddMinutes(1) - now;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // A refusal (400) or a failure is answered afresh each time; only a page of results is kept.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>The snapshot, the minute and the answer's version a search request is answered as of, when its cache key was made from them.</summary>
internal sealed record SearchAsOf(SearchSnapshot Snapshot, DateTimeOffset Minute, long Version);
