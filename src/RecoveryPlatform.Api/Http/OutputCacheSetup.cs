namespace RecoveryPlatform.Api.Http;

/// <summary>
/// ASP.NET Core's output cache, for the endpoints that name a policy of their own (search:
/// <c>SearchAnswerCache</c>); every other request passes through it untouched.
/// </summary>
/// <remarks>
/// It goes inside the rate limiter, so a stored answer still takes its caller's token and carries their
/// RateLimit fields (set as the response starts, after the entry's headers were taken), and outside
/// compression, so what it keeps is the compressed bytes and a hit costs neither a search nor a compressor.
/// </remarks>
internal static class OutputCacheSetup
{
    /// <summary>All stored answers together; beyond this the oldest make room. A compressed search page is about 5 kB, a plain one 20 kB.</summary>
    public const long SizeLimitBytes = 32L * 1024 * 1024;

    /// <summary>A larger answer is sent but not kept (a page of 100 results uncompressed is well under this).</summary>
    public const long MaximumBodyBytes = 512L * 1024;

    public static IServiceCollection AddPlatformOutputCache(this IServiceCollection services) =>
        services.AddOutputCache(options =>
        {
            options.SizeLimit = SizeLimitBytes;
            options.MaximumBodySize = MaximumBodyBytes;
        });
}
