using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace RecoveryPlatform.IntegrationTests.Access;

/// <summary>
/// The API with tiny fair-use limits: three requests a minute for anonymous callers and for readers, and
/// three failed credentials a minute per client address. It keeps what the API logs, to check what it says.
/// </summary>
public sealed class RateLimitedApiFactory : DataFolderApiFactory
{
    public const int Limit = 3;

    public RateLimitedApiFactory()
    {
        Settings["RateLimits:AnonymousPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["RateLimits:PerMinuteByRole:reader"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["RateLimits:FailedCredentialsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
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

}

/// <summary>Every entry the API logs, as text, with its level and category.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, category, formatter(state, exception)));
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
    public async Task Each_answer_says_how_much_of_the_quota_is_left_and_the_429_says_none_is()
    {
        using var anonymous = Api.From(NewAddress());
        var left = new List<string>();
        for (var i = 0; i < RateLimitedApiFactory.Limit; i++)
        {
            var served = await anonymous.GetAsync(Organisations, Cancellation);
            served.StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i + 1}");
            served.Headers.GetValues("RateLimit-Policy").ShouldBe(["\"anonymous\";q=3;w=60"]);
            left.Add(served.Headers.GetValues("RateLimit").Single());
        }

        var limited = await anonymous.GetAsync(Organisations, Cancellation);

        left.ShouldBe(["\"anonymous\";r=2;t=10", "\"anonymous\";r=1;t=10", "\"anonymous\";r=0;t=10"]);
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = RetryAfterSeconds(limited.Headers.RetryAfter);
        limited.Headers.GetValues("RateLimit-Policy").ShouldBe(["\"anonymous\";q=3;w=60"]);
        limited.Headers.GetValues("RateLimit").ShouldBe([$"\"anonymous\";r=0;t={retryAfter}"]);
    }

    [Fact]
    public async Task A_credential_is_told_its_own_role_s_policy_and_failed_credentials_theirs()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var reader = Api.From(NewAddress(), await Api.CreateKeyAsync(slug, "reader"));
        var served = await reader.GetAsync(Organisations, Cancellation);
        served.Headers.GetValues("RateLimit-Policy").ShouldBe(["\"reader\";q=3;w=60"]);
        served.Headers.GetValues("RateLimit").ShouldBe(["\"reader\";r=2;t=10"]);

        using var guesser = Api.From(NewAddress(), "rpk_22222222_guessguessguessguessguessguessguessgue22");
        HttpResponseMessage last = null!;
        for (var i = 0; i < RateLimitedApiFactory.Limit + 1; i++)
        {
            last = await guesser.GetAsync(Organisations, Cancellation);
        }

        await last.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        last.Headers.GetValues("RateLimit-Policy").ShouldBe(["\"failed-credentials\";q=3;w=60"]);
        last.Headers.GetValues("RateLimit").ShouldBe([$"\"failed-credentials\";r=0;t={RetryAfterSeconds(last.Headers.RetryAfter)}"]);

        // Health probes are not limited, so they carry no rate-limit fields.
        (await reader.GetAsync("/health/live", Cancellation)).Headers.Contains("RateLimit").ShouldBeFalse();
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

    [Fact]
    public async Task Once_an_address_has_spent_its_failed_credentials_any_credential_from_it_is_a_429_before_it_is_checked()
    {
        var slug = await Api.CreateOrganisationAsync();
        var issued = await Api.IssueKeyAsync(slug, "reader");
        var validKey = issued["key"]!.GetValue<string>();
        var address = NewAddress();
        using var anonymous = Api.From(address);
        await ExhaustAsync(anonymous);
        using var guesser = Api.From(address, "rpk_00000000_guessguessguessguessguessguessguessgue00");

        var guesses = new List<HttpResponseMessage>();
        for (var i = 0; i < RateLimitedApiFactory.Limit + 1; i++)
        {
            guesses.Add(await guesser.GetAsync(Organisations, Cancellation));
        }

        using var rightfulOwner = Api.From(address, validKey);
        var valid = await rightfulOwner.GetAsync(Organisations, Cancellation);
        var lastUsedAt = (await Api.KeysOfAsync(slug)).Single(k => k!["id"]!.GetValue<Guid>() == issued["id"]!.GetValue<Guid>())!["lastUsedAt"];
        using var elsewhere = Api.From(NewAddress(), validKey);
        var fromElsewhere = await elsewhere.GetAsync(Organisations, Cancellation);

        foreach (var refused in guesses.Take(RateLimitedApiFactory.Limit))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        var throttled = await guesses[^1].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(guesses[^1].Headers.RetryAfter).ShouldBeGreaterThanOrEqualTo(1);
        throttled["detail"]!.GetValue<string>().ShouldNotContain(address.ToString());

        // Even the right key gets the same answer, unchecked: it is not even marked as used.
        await valid.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfterSeconds(valid.Headers.RetryAfter).ShouldBeGreaterThanOrEqualTo(1);
        lastUsedAt.ShouldBeNull();

        // Another address is not held to this one's failures.
        fromElsewhere.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Throttled_credentials_are_logged_as_a_warning_without_the_key_or_the_address()
    {
        var address = NewAddress();
        const string guess = "rpk_11111111_guessguessguessguessguessguessguessgue11";
        using var guesser = Api.From(address, guess);

        for (var i = 0; i < RateLimitedApiFactory.Limit + 2; i++)
        {
            await guesser.GetAsync(Organisations, Cancellation);
        }

        var warnings = Api.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)).ToList();
        warnings.ShouldNotBeEmpty();
        Api.Logs.Entries.ShouldAllBe(e => !e.Message.Contains(guess) && !e.Message.Contains(address.ToString()));
    }

    [Fact]
    public async Task A_search_answered_as_stored_still_takes_a_token_and_says_what_is_left()
    {
        using var anonymous = Api.From(NewAddress());
        anonymous.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
        var search = $"/api/v1/meetings?q=ratelimited{Guid.NewGuid():N}&at=2026-12-01T17:00:00Z";
        if (Api.Clock.GetUtcNow().Second >= 55)
        {
            Api.Clock.Advance(TimeSpan.FromSeconds(10)); // the three requests in one minute, whose key they share
        }

        var left = new List<string>();
        var stored = new List<bool>();
        for (var i = 0; i < RateLimitedApiFactory.Limit; i++)
        {
            var served = await anonymous.GetAsync(search, Cancellation);
            served.StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i + 1}");
            left.Add(served.Headers.GetValues("RateLimit").Single());
            stored.Add(served.Headers.Age is not null);
        }

        var limited = await anonymous.GetAsync(search, Cancellation);

        // The third answer was the second one's bytes, yet it counted, and the fourth request was refused
        // although its answer was at hand.
        stored.ShouldBe([false, false, true]);
        left.ShouldBe(["\"anonymous\";r=2;t=10", "\"anonymous\";r=1;t=10", "\"anonymous\";r=0;t=10"]);
        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.Age.ShouldBeNull();
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
