using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.Modules.Referrals;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Api.Security;

/// <summary>Requests per minute for each kind of caller. Bound from <c>RateLimits</c>.</summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Per client address, for callers without a credential.</summary>
    public int AnonymousPerMinute { get; set; } = 120;

    /// <summary>Per credential, by role (kebab-case role names); roles not listed get <see cref="DefaultPerMinute"/>.</summary>
    public Dictionary<string, int> PerMinuteByRole { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["reader"] = 1200,
        ["platform-admin"] = 6000,
    };

    public int DefaultPerMinute { get; set; } = 600;

    /// <summary>
    /// Per client address: credentials that may fail authentication in a minute (and in a burst) before
    /// any request from the address that presents one is refused unchecked. See <see cref="FailedCredentialThrottle"/>.
    /// </summary>
    public int FailedCredentialsPerMinute { get; set; } = 20;
}

/// <summary>
/// One of the token buckets a request can be counted against, as the RateLimit-Policy and RateLimit
/// header fields name it (draft-ietf-httpapi-ratelimit-headers): <c>"anonymous"</c> for a client address
/// without a credential, the role for a credential (<c>"reader"</c>, <c>"editor"</c>…), or
/// <c>"failed-credentials"</c>. Each bucket holds a minute's quota and refills a sixth of it every 10 s.
/// </summary>
/// <param name="Name">The policy's name in the header fields: never taken from the request as it is.</param>
/// <param name="Partition">The bucket's key: a client address or a credential; never sent.</param>
/// <param name="PerMinute">The quota, which is also the most the bucket holds.</param>
internal sealed record RateLimitPolicy(string Name, string Partition, int PerMinute)
{
    /// <summary>The bucket refills every this many seconds; within that, a client can use no more than what is left.</summary>
    public const int RefillSeconds = 10;

    public const string PolicyHeader = "RateLimit-Policy";
    public const string LimitHeader = "RateLimit";

    /// <summary>Sets both fields: the quota per minute, and what is left (<paramref name="remaining"/>) for the next <paramref name="windowSeconds"/>.</summary>
    public void Describe(IHeaderDictionary headers, long remaining, int windowSeconds)
    {
        headers[PolicyHeader] = $"\"{Name}\";q={PerMinute};w=60";
        headers[LimitHeader] = $"\"{Name}\";r={Math.Max(0, remaining)};t={windowSeconds}";
    }
}

/// <summary>
/// Fair use: one token bucket per API key or token subject, and per client address for anonymous
/// callers, so one busy app cannot starve the others. Health probes and the OpenAPI document are exempt.
/// Every limited response says where its caller stands (<see cref="UseRateLimitHeaders"/>).
/// </summary>
internal static class RateLimitSetup
{
    public static IServiceCollection AddPlatformRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var referrals = configuration.GetSection(ReferralsOptions.SectionName).Get<ReferralsOptions>() ?? new ReferralsOptions();
        var buckets = new RateLimitBuckets(limits);
        services.AddSingleton(buckets);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = buckets.Limiter;

            // On top of the fair-use limit: a referral is a person's data, and a burst of them is more likely a script gone wrong than a clinic.
            options.AddPolicy(RateLimitPolicies.ReferralSubmissions, context =>
                Bucket($"referral-submissions:{context.User.FindFirst(PlatformClaims.CredentialId)?.Value ?? ClientAddress(context)}", referrals.SubmissionsPerMinute));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = RetryAfterSeconds(context.Lease);
                await TooManyRequestsAsync(context.HttpContext, retryAfter, $"Rate limit reached. Try again in {retryAfter} s.", buckets.PolicyFor(context.HttpContext));
            };
        });
        services.AddSingleton(provider => new FailedCredentialThrottle(limits.FailedCredentialsPerMinute, provider.GetRequiredService<ILogger<FailedCredentialThrottle>>()));
        return services;
    }

    /// <summary>
    /// Goes right after the rate limiter: each response of a limited route carries RateLimit-Policy and
    /// RateLimit, counted just after this request took its token, so clients can slow down before a 429.
    /// </summary>
    public static IApplicationBuilder UseRateLimitHeaders(this IApplicationBuilder app)
    {
        var buckets = app.ApplicationServices.GetRequiredService<RateLimitBuckets>();
        return app.Use((context, next) =>
        {
            if (buckets.PolicyFor(context) is { } policy)
            {
                var remaining = buckets.Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
                context.Response.OnStarting(() =>
                {
                    policy.Describe(context.Response.Headers, remaining, RateLimitPolicy.RefillSeconds);
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }

    /// <summary>The partition key of a caller without a credential (or with a failing one).</summary>
    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    internal static async Task TooManyRequestsAsync(HttpContext http, int retryAfterSeconds, string detail, RateLimitPolicy? policy)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);

        // Nothing left until Retry-After: the window ends no earlier than Retry-After says (the draft's rule).
        policy?.Describe(http.Response.Headers, 0, retryAfterSeconds);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Detail = detail },
        });
    }

    internal static RateLimitPartition<string> Bucket(string partition, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perMinute),
            TokensPerPeriod = Math.Max(1, perMinute / 6),
            ReplenishmentPeriod = TimeSpan.FromSeconds(10),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}

/// <summary>The platform's token buckets, and which of them a request is counted against.</summary>
internal sealed class RateLimitBuckets
{
    private const int WarmUpPerMinute = 1_000_000;

    private readonly RateLimitOptions _limits;

    public RateLimitBuckets(RateLimitOptions limits)
    {
        _limits = limits;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PolicyFor(context) is { } policy
            ? RateLimitSetup.Bucket(policy.Partition, policy.PerMinute)
            : RateLimitPartition.GetNoLimiter("exempt"));
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>The bucket a request is counted against; null for the exempt routes (health, OpenAPI).</summary>
    public RateLimitPolicy? PolicyFor(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/swagger"))
        {
            return null;
        }

        // The instance's own warm-up before it takes traffic (loopback, anonymous, thousands of requests): a bucket of its own.
        if (context.Request.Headers.ContainsKey(PipelineWarmUp.HeaderName) && context.RequestServices.GetService<PipelineWarmUp>()?.IsWarmUpRequest(context) == true)
        {
            return new RateLimitPolicy("warm-up", "warm-up", WarmUpPerMinute);
        }

        var credential = context.User.FindFirst(PlatformClaims.CredentialId)?.Value;
        if (credential is null)
        {
            return new RateLimitPolicy("anonymous", $"anonymous:{RateLimitSetup.ClientAddress(context)}", _limits.AnonymousPerMinute);
        }

        var role = context.User.FindFirst(PlatformClaims.Role)?.Value ?? string.Empty;
        var perMinute = _limits.PerMinuteByRole.TryGetValue(role, out var configured) ? configured : _limits.DefaultPerMinute;

        // A token's role claim comes from outside: only a role the platform knows names a policy in a header.
        var name = WireNames.ParseOrNull<Role>(role) is { } known ? WireNames.Of(known) : "default";
        return new RateLimitPolicy(name, credential, perMinute);
    }
}
