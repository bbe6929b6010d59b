using System.Text.RegularExpressions;

namespace RecoveryPlatform.IntegrationTests.Observability;

/// <summary>
/// Every response names its trace (traceresponse) and a correlation id, the caller's when it sent a good one, and
/// carries the headers that keep a browser from misreading it.
/// </summary>
public abstract partial class TraceHeadersTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string CallersTraceId = "0af7651916cd43dd8448eb211c80319c";

    public static TheoryData<string, string, int> Requests => new()
    {
        { "GET", "/api/v1/meetings?near=LS6", 200 },
        { "GET", "/api/v1/organisations/no-such-organisation", 404 },
        { "GET", "/api/v1/meetings?day=someday", 400 },
        { "POST", "/api/v1/organisations", 401 },
        { "DELETE", "/health/live", 405 },
        { "GET", "/health/ready", 200 },
        { "GET", "/swagger/v1/swagger.json", 200 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_response_carries_a_traceresponse_and_a_correlation_id(string method, string path, int status)
    {
        var response = await Api.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancellation);

        ((int)response.StatusCode).ShouldBe(status);
        var traceResponse = response.Headers.GetValues("traceresponse").Single();
        var match = TraceResponse().Match(traceResponse);
        match.Success.ShouldBeTrue($"traceresponse '{traceResponse}' is version-traceid-spanid-flags");
        match.Groups["trace"].Value.ShouldNotBe(new string('0', 32));
        response.Headers.GetValues("X-Correlation-Id").Single().ShouldBe(match.Groups["trace"].Value);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_response_carries_the_security_headers(string method, string path, int status)
    {
        var response = await Api.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancellation);

        ((int)response.StatusCode).ShouldBe(status);
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
        var policy = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : null;
        if (path.StartsWith("/swagger", StringComparison.Ordinal))
        {
            policy.ShouldBeNull("the Swagger UI runs its own scripts");
        }
        else
        {
            policy.ShouldBe("default-src 'none'; frame-ancestors 'none'");
        }
    }

    [Fact]
    public async Task A_callers_traceparent_is_continued_in_the_response_and_the_problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organisations/no-such-organisation");
        request.Headers.Add("traceparent", $"00-{CallersTraceId}-b7ad6b7169203331-01");

        var response = await Api.Anonymous().SendAsync(request, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var match = TraceResponse().Match(response.Headers.GetValues("traceresponse").Single());
        match.Groups["trace"].Value.ShouldBe(CallersTraceId);
        match.Groups["span"].Value.ShouldNotBe("b7ad6b7169203331", "the server's own span, a child of the caller's");
        problem["traceId"]!.GetValue<string>().ShouldContain(CallersTraceId);
    }

    [Fact]
    public async Task A_cached_search_answer_carries_its_own_requests_trace()
    {
        var first = await Api.Anonymous().GetAsync("/api/v1/meetings?near=LS1&radiusKm=7", Cancellation);
        var second = await Api.Anonymous().GetAsync("/api/v1/meetings?near=LS1&radiusKm=7", Cancellation);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.Headers.GetValues("traceresponse").Single().ShouldNotBe(first.Headers.GetValues("traceresponse").Single());
    }

    [Theory]
    [InlineData("order-4711")]
    [InlineData("3f1c1b8e-6f59-4c8e-9d7a-1b2c3d4e5f60")]
    [InlineData("tenant:leeds.app_v2")]
    public async Task A_well_formed_correlation_id_is_echoed(string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/meetings?near=LS6");
        request.Headers.Add("X-Correlation-Id", correlationId);

        var response = await Api.Anonymous().SendAsync(request, Cancellation);

        response.Headers.GetValues("X-Correlation-Id").Single().ShouldBe(correlationId);
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("line\\nbreak")]
    [InlineData("")]
    public async Task A_malformed_correlation_id_is_replaced_by_the_trace_id(string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/meetings?near=LS6");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", correlationId);

        var response = await Api.Anonymous().SendAsync(request, Cancellation);

        var traceId = TraceResponse().Match(response.Headers.GetValues("traceresponse").Single()).Groups["trace"].Value;
        response.Headers.GetValues("X-Correlation-Id").Single().ShouldBe(traceId);
    }

    [Fact]
    public async Task An_overlong_correlation_id_is_replaced_by_the_trace_id()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/meetings?near=LS6");
        request.Headers.Add("X-Correlation-Id", new string('a', 129));

        var response = await Api.Anonymous().SendAsync(request, Cancellation);

        response.Headers.GetValues("X-Correlation-Id").Single().Length.ShouldBe(32);
    }

    [GeneratedRegex("^00-(?<trace>[0-9a-f]{32})-(?<span>[0-9a-f]{16})-[0-9a-f]{2}$")]
    private static partial Regex TraceResponse();
}

public sealed class TraceHeadersTestsOnSqlite(SqliteApiFactory api) : TraceHeadersTests<SqliteApiFactory>(api);
