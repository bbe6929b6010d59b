using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;
using RecoveryPlatform.Api.Security;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Api.Http;

/// <summary>
/// Cache-Control and Vary on the API's GET (and HEAD) answers, by what the body depends on:
/// <list type="bullet">
/// <item>the same for every caller (search): <c>public, max-age=60, stale-while-revalidate=60</c>,
/// varying only by Accept-Encoding;</item>
/// <item>a public endpoint asked without a credential: the same, also varying by X-Api-Key and
/// Authorization, because a credential can change the answer (contact details for a group's managers, a
/// suspended organisation's data for its own people);</item>
/// <item>asked with a credential: <c>private, no-cache</c>: only the caller's own cache keeps it, and
/// revalidates it each time (a 304 costs little), so people who edit see their edits;</item>
/// <item>anything but 200 or 304: <c>no-store</c>.</item>
/// <item>an endpoint that <see cref="ConditionalRequests.CarriesSecret"/> (a new API key): <c>no-store</c>, whatever the method.</item>
/// </list>
/// Responses carry a strong ETag wherever the endpoint can make one (<see cref="ConditionalGetFilter"/>).
/// </summary>
internal static class CacheHeaders
{
    /// <summary>How long a public answer may be reused without asking: the directory changes by the minute at most, and search's next occurrences by the minute.</summary>
    public const int MaxAgeSeconds = 60;

    /// <summary>How long after that a cache may still answer with it while it revalidates in the background.</summary>
    public const int StaleWhileRevalidateSeconds = 60;

    private static readonly string PublicCacheControl = $"public, max-age={MaxAgeSeconds}, stale-while-revalidate={StaleWhileRevalidateSeconds}";
    private const string PrivateCacheControl = "private, no-cache";
    private const string NoStore = "no-store";
    private const string VaryByEncoding = "Accept-Encoding";
    private static readonly string VaryByEncodingAndCredential = $"Accept-Encoding, {ApiKeyAuthenticationHandler.HeaderName}, Authorization";

    /// <summary>Goes after routing: the endpoint's metadata says which kind of answer it gives.</summary>
    public static IApplicationBuilder UseCacheHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<CarriesSecretMetadata>() is not null)
            {
                // Whatever the method and status: no cache, shared or private, keeps a secret.
                context.Response.OnStarting(static state =>
                {
                    ((HttpResponse)state).Headers.CacheControl = NoStore;
                    return Task.CompletedTask;
                }, context.Response);
            }
            else if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/api") && endpoint is not null)
            {
                context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            }

            return next(context);
        });

    private static Task Apply(HttpContext context)
    {
        var response = context.Response;
        if (response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status304NotModified))
        {
            response.Headers.CacheControl = NoStore;
            return Task.CompletedTask;
        }

        var metadata = context.GetEndpoint()?.Metadata;
        var presentsCredential = context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || context.Request.Headers.ContainsKey(HeaderNames.Authorization);
        if (metadata?.GetMetadata<SameForEveryCallerMetadata>() is not null)
        {
            response.Headers.CacheControl = PublicCacheControl;
            AddVary(response, VaryByEncoding);
        }
        else if (!presentsCredential && metadata?.GetMetadata<IAllowAnonymous>() is not null)
        {
            response.Headers.CacheControl = PublicCacheControl;
            AddVary(response, VaryByEncodingAndCredential);
        }
        else
        {
            response.Headers.CacheControl = PrivateCacheControl;
            AddVary(response, VaryByEncodingAndCredential);
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds to Vary what it does not name yet: the compression middleware may have named Accept-Encoding already.</summary>
    private static void AddVary(HttpResponse response, string fields)
    {
        var present = response.Headers.Vary;
        if (present.Count == 0)
        {
            response.Headers.Vary = fields;
            return;
        }

        var named = present.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = fields.Split(", ").Where(f => !named.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            response.Headers.Vary = string.Join(", ", [.. named, .. missing]);
        }
    }
}
