using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using RecoveryPlatform.Api.Infrastructure;

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
/// Fair use: one token bucket per API key or token subject, and per client address for anonymous
/// callers, so one busy app cannot starve the others. Health probes and the OpenAPI document are exempt.
/// </summary>
internal static class RateLimitSetup
{
    public static IServiceCollection AddPlatformRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var path = context.Request.Path;
                if (path.StartsWithSegments("/health") || path.StartsWithSegments("/swagger"))
                {
                    return RateLimitPartition.GetNoLimiter("exempt");
                }

                var credential = context.User.FindFirst(PlatformClaims.CredentialId)?.Value;
                if (credential is null)
                {
                    return Bucket($"anonymous:{ClientAddress(context)}", limits.AnonymousPerMinute);
                }

                var role = context.User.FindFirst(PlatformClaims.Role)?.Value ?? string.Empty;
                var perMinute = limits.PerMinuteByRole.TryGetValue(role, out var configured) ? configured : limits.DefaultPerMinute;
                return Bucket(credential, perMinute);
            });

            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = RetryAfterSeconds(context.Lease);
                await TooManyRequestsAsync(context.HttpContext, retryAfter, $"Rate limit reached. Try again in {retryAfter} s.");
            };
        });
        services.AddSingleton(provider => new FailedCredentialThrottle(limits.FailedCredentialsPerMinute, provider.GetRequiredService<ILogger<FailedCredentialThrottle>>()));
        return services;
    }

    /// <summary>The partition key of a caller without a credential (or with a failing one).</summary>
    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    internal static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    internal static async Task TooManyRequestsAsync(HttpContext http, int retryAfterSeconds, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
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
