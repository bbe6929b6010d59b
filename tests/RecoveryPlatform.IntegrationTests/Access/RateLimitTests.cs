using System.Net.Http.Headers;

namespace RecoveryPlatform.IntegrationTests.Access;

/// <summary>The API with tiny fair-use limits: three requests a minute for anonymous callers and for readers.</summary>
public sealed class RateLimitedApiFactory : ApiFactory
{
    public const int Limit = 3;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "recoveryplatform-tests", Guid.NewGuid().ToString("N"));

    public RateLimitedApiFactory()
    {
        Settings["RecoveryPlatform:DataDirectory"] = _dataDirectory;
        Settings["RateLimits:AnonymousPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["RateLimits:PerMinuteByRole:reader"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A client whose requests come from <paramref name="address"/>, so that each test has an anonymous
    /// bucket of its own (the in-memory server otherwise gives every request the same, empty, address).
    /// </summary>
    public HttpClient From(IPAddress address, string? apiKey = null)
    {
        var client = new HttpClient(Server.CreateHandler(context => context.Connection.RemoteIpAddress = address)) { BaseAddress = Server.BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

/// <summary>Issue 3: fair use per key and per anonymous client address; 429 problem details with Retry-After.</summary>
public sealed class RateLimitTests(RateLimitedApiFactory api) : ApiTest<RateLimitedApiFactory>(api)
{
    private const string Organisations = AccessArrangement.Organisations;

    private static int _lastAddress;

    [Fact]
    public async Task The_fourth_quick_anonymous_request_is_a_429_problem_with_retry_after()
    {
        using var anonymous = Api.From(NewAddress());
        for (var i = 0; i < RateLimitedApiFactory.Limit; i++)
        {
            (await anonymous.GetAsync(Organisations, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i + 1}");
        }

        var limited = await anonymous.GetAsync(Organisations, Cancellation);

        var problem = await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(limited.Headers.RetryAfter).ShouldBeGreaterThanOrEqualTo(1);
        problem.ContainsKey("detail").ShouldBeTrue();
    }

    [Fact]
    public async Task Anonymous_clients_at_different_addresses_have_their_own_buckets()
    {
        using var first = Api.From(NewAddress());
        await ExhaustAsync(first);

        using var second = Api.From(NewAddress());
        (await second.GetAsync(Organisations, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reader_key_has_its_own_bucket_independent_of_anonymous_traffic()
    {
        var slug = await Api.CreateOrganisationAsync();
        var address = NewAddress();
        using var anonymous = Api.From(address);
        await ExhaustAsync(anonymous);

        // Same address, but a key: the key's own quota, untouched by the anonymous traffic.
        using var reader = Api.From(address, await Api.CreateKeyAsync(slug, "reader"));
        for (var i = 0; i < RateLimitedApiFactory.Limit; i++)
        {
            (await reader.GetAsync(Organisations, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK, $"reader request {i + 1}");
        }

        var limited = await reader.GetAsync(Organisations, Cancellation);
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(limited.Headers.RetryAfter).ShouldBeGreaterThanOrEqualTo(1);

        // Per key: another reader key of the same organisation still has its whole quota.
        using var otherReader = Api.From(address, await Api.CreateKeyAsync(slug, "reader"));
        (await otherReader.GetAsync(Organisations, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Liveness_is_never_limited()
    {
        using var anonymous = Api.From(NewAddress());
        await ExhaustAsync(anonymous);

        for (var i = 0; i < RateLimitedApiFactory.Limit * 5; i++)
        {
            (await anonymous.GetAsync("/health/live", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK, $"probe {i + 1}");
        }
    }

    /// <summary>Spends the client's bucket, and checks it is spent.</summary>
    private static async Task ExhaustAsync(HttpClient client)
    {
        for (var i = 0; i < RateLimitedApiFactory.Limit; i++)
        {
            (await client.GetAsync(Organisations, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i + 1}");
        }

        await (await client.GetAsync(Organisations, TestContext.Current.CancellationToken)).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
    }

    private static IPAddress NewAddress() => new([203, 0, 113, (byte)Interlocked.Increment(ref _lastAddress)]);

    private static double RetryAfterSeconds(RetryConditionHeaderValue? retryAfter)
    {
        retryAfter.ShouldNotBeNull();
        retryAfter.Delta.ShouldNotBeNull("Retry-After should be a number of seconds");
        return retryAfter.Delta.Value.TotalSeconds;
    }
}
