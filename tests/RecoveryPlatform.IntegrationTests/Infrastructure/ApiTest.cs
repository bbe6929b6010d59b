namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Base of every HTTP test class. Test classes are written once against <see cref="ApiFactory"/> and
/// run on each provider through tiny subclasses (OnSqlite in the class's file, OnSqlServer in SqlServerSuite.cs).
/// </summary>
public abstract class ApiTest<TFactory> : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    protected ApiTest(TFactory api)
    {
        if (api.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        Api = api;
    }

    protected TFactory Api { get; }

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;
}
