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

    /// <summary>The readiness report once <c>/health/ready</c> answers 200, polled for up to a minute (a warming instance answers 503).</summary>
    protected async Task<JsonObject> WhenReadyAsync()
    {
        using var client = Api.Anonymous();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.GetAsync("/health/ready", Cancellation);
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            }

            await Task.Delay(100, Cancellation);
        }
    }
}
