using RecoveryPlatform.Modules.Webhooks;
using RecoveryPlatform.Modules.Webhooks.Delivery;

namespace RecoveryPlatform.UnitTests.Webhooks;

/// <summary>The wait after a failed attempt: doubling from the first delay, capped, and jittered to between half and all of it.</summary>
public sealed class RetryDelayTests
{
    private static readonly WebhooksOptions Options = new() { FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(8, 640)]
    [InlineData(11, 3600)]
    [InlineData(30, 3600)]
    [InlineData(1000, 3600)]
    public void Each_wait_lies_between_half_and_all_of_the_capped_exponential(int attempt, double fullSeconds)
    {
        var waits = Enumerable.Range(0, 200).Select(_ => WebhookDispatcher.RetryDelay(attempt, Options).TotalSeconds).ToList();

        waits.ShouldAllBe(wait => wait >= fullSeconds / 2 && wait <= fullSeconds);
        waits.Distinct().Count().ShouldBeGreaterThan(1, "jittered, so receivers that failed together are not retried together");
    }
}
