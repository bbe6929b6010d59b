using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.IntegrationTests.Messaging;

/// <summary>The lease that lets one instance at a time dispatch a module's outbox, on each provider.</summary>
public abstract class LeaseTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private async Task<DateTimeOffset?> TryHoldAsync(string lease, string holder, DateTimeOffset now)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetServices<IModuleDatabase>().First().ContextIn(scope.ServiceProvider);
        return await OutboxStore.TryHoldLeaseAsync(db, lease, holder, Duration, now, Cancellation);
    }

    private async Task ReleaseAsync(string lease, string holder, DateTimeOffset now)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetServices<IModuleDatabase>().First().ContextIn(scope.ServiceProvider);
        await OutboxStore.ReleaseLeaseAsync(db, lease, holder, now, Cancellation);
    }

    [Fact]
    public async Task One_holder_at_a_time_until_the_lease_expires_or_is_handed_back()
    {
        var lease = $"test-{Guid.NewGuid():N}";
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        (await TryHoldAsync(lease, "a", now)).ShouldBe(now + Duration);
        (await TryHoldAsync(lease, "b", now.AddSeconds(1))).ShouldBeNull();
        (await TryHoldAsync(lease, "a", now.AddSeconds(10))).ShouldBe(now.AddSeconds(10) + Duration, "the holder renews");

        var afterExpiry = now.AddSeconds(10) + Duration + TimeSpan.FromSeconds(1);
        (await TryHoldAsync(lease, "b", afterExpiry)).ShouldNotBeNull("a crashed holder's lease expires");
        (await TryHoldAsync(lease, "a", afterExpiry.AddSeconds(1))).ShouldBeNull("the old holder has lost it");

        await ReleaseAsync(lease, "b", afterExpiry.AddSeconds(2));
        (await TryHoldAsync(lease, "a", afterExpiry.AddSeconds(3))).ShouldNotBeNull("a lease handed back is free at once");
    }

    [Fact]
    public async Task Of_instances_reaching_for_a_free_or_expired_lease_at_once_exactly_one_gets_it()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        for (var round = 0; round < 10; round++)
        {
            var lease = $"race-{Guid.NewGuid():N}";
            if (round % 2 == 1)
            {
                // An expired lease rather than a missing one.
                (await TryHoldAsync(lease, "crashed", now - Duration - Duration)).ShouldNotBeNull();
            }

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => TryHoldAsync(lease, $"instance-{i}", now))));

            outcomes.Count(o => o is not null).ShouldBe(1, $"round {round}");
        }
    }
}

public sealed class LeaseTestsOnSqlite(SqliteApiFactory api) : LeaseTests<SqliteApiFactory>(api);
