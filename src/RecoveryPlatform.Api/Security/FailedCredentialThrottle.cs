using System.Threading.RateLimiting;

namespace RecoveryPlatform.Api.Security;

/// <summary>
/// Guessing keys or tokens is not free. Each credential that fails authentication spends one of its
/// client address's allowance (<see cref="RateLimitOptions.FailedCredentialsPerMinute"/>, a token bucket
/// like the other limits). Once the address has none left, any request from it that presents a credential
/// is refused with 429 before the credential is looked at: a guess that happens to be right is refused
/// like the wrong ones, so the answers tell a guesser nothing.
/// </summary>
internal sealed partial class FailedCredentialThrottle(int failuresPerMinute, ILogger<FailedCredentialThrottle> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _allowances =
        PartitionedRateLimiter.Create<string, string>(address => RateLimitSetup.Bucket(address, failuresPerMinute));

    /// <summary>Named in the 429's RateLimit fields; the partition is the client address (never sent).</summary>
    private readonly RateLimitPolicy _policy = new("failed-credentials", string.Empty, failuresPerMinute);

    public void RecordFailure(HttpContext context) => _allowances.AttemptAcquire(RateLimitSetup.ClientAddress(context)).Dispose();

    /// <summary>Refuses the request with 429 when its address has less than one failure left; asking spends none.</summary>
    public async Task<bool> RefuseIfSpentAsync(HttpContext context)
    {
        // Not a zero-permit acquire: the bucket refills by fractions, and any fraction would pass that.
        var address = RateLimitSetup.ClientAddress(context);
        if (_allowances.GetStatistics(address)?.CurrentAvailablePermits >= 1)
        {
            return false;
        }

        // Fails, and says when a whole permit will be back. Should one have arrived in between, it is
        // spent on this request and the request goes on: one failure fewer allowed, harmless.
        using var lease = _allowances.AttemptAcquire(address);
        if (lease.IsAcquired)
        {
            return false;
        }

        var retryAfter = RateLimitSetup.RetryAfterSeconds(lease);

        // Neither the credential nor the address: one is a secret, the other personal data.
        LogThrottled(failuresPerMinute, retryAfter);
        await RateLimitSetup.TooManyRequestsAsync(context, retryAfter, $"Too many failed credentials from this address. Try again in {retryAfter} s.", _policy);
        return true;
    }

    public void Dispose() => _allowances.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a credential unchecked: its client address has spent its allowance of {FailuresPerMinute} failed credentials a minute (retry after {RetryAfterSeconds} s)")]
    private partial void LogThrottled(int failuresPerMinute, int retryAfterSeconds);
}
