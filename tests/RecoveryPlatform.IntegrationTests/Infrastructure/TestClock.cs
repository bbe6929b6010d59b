namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>A clock tests can move forward (expiry, staleness); it starts at the real time.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
