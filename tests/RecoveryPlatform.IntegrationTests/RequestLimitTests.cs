namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// The API on a real Kestrel server, listening on a free loopback port: the in-memory test server has
/// no request-line or header limits, so only Kestrel shows what a client sent past them receives.
/// </summary>
public sealed class KestrelApiFactory : DataFolderApiFactory
{
    public KestrelApiFactory()
    {
        UseKestrel(0);
    }

}

/// <summary>
/// docs/api.md: a request line up to 8 KiB and up to 100 header fields are served; past them the answer
/// is a 414 or 431 problem, not the server's bodiless refusal.
/// </summary>
public sealed class RequestLimitTests(KestrelApiFactory api) : ApiTest<KestrelApiFactory>(api)
{
    private const int MaxRequestLineBytes = 8 * 1024;
    private const int MaxHeaderFields = 100;

    [Fact]
    public async Task A_request_line_over_8_KiB_is_a_414_problem_and_one_of_exactly_8_KiB_is_served()
    {
        using var client = Api.Anonymous();

        var atTheLimit = await client.GetAsync(OrganisationsWithRequestLineOf(MaxRequestLineBytes), Cancellation);
        var overTheLimit = await client.GetAsync(OrganisationsWithRequestLineOf(MaxRequestLineBytes + 1), Cancellation);

        atTheLimit.StatusCode.ShouldBe(HttpStatusCode.OK, await atTheLimit.Content.ReadAsStringAsync(Cancellation));
        var problem = await overTheLimit.ShouldBeProblemAsync(HttpStatusCode.RequestUriTooLong);
        problem["type"]!.GetValue<string>().ShouldBe("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.15");
        problem["detail"]!.GetValue<string>().ShouldContain("8192");
    }

    [Fact]
    public async Task More_than_100_header_fields_is_a_431_problem_and_exactly_100_are_served()
    {
        using var client = Api.Anonymous();

        // Host is always sent, so it is the hundredth (or hundred-and-first) field.
        var atTheLimit = await client.SendAsync(WithHeaderFields(MaxHeaderFields - 1), Cancellation);
        var overTheLimit = await client.SendAsync(WithHeaderFields(MaxHeaderFields), Cancellation);

        atTheLimit.StatusCode.ShouldBe(HttpStatusCode.OK, await atTheLimit.Content.ReadAsStringAsync(Cancellation));
        var problem = await overTheLimit.ShouldBeProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
        problem["type"]!.GetValue<string>().ShouldBe("https://www.rfc-editor.org/rfc/rfc6585#section-5");
        problem["detail"]!.GetValue<string>().ShouldContain("100");
    }

    [Theory]
    [InlineData(1024 * 1024 + 1)]
    [InlineData(3 * 1024 * 1024)]
    public async Task A_body_over_the_limit_sent_whole_gets_its_413_problem_and_the_connection_is_closed_after_it(int bytes)
    {
        using var client = Api.PlatformAdmin();
        var body = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"{{\"name\":\"{new string('x', bytes - 11)}\"}}"));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        // HttpClient sends no Expect: 100-continue: it uploads the whole body before it reads the answer.
        var refused = await client.PostAsync("/api/v1/organisations", body, Cancellation);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem["detail"]!.GetValue<string>().ShouldContain("1048576");
        refused.Headers.ConnectionClose.ShouldBe(true);

        // The next request, on a new connection, is served.
        (await client.GetAsync("/api/v1/organisations", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("X-Api-Key", "rpk_caf\u00e9")]
    [InlineData("X-Client-Note", "caf\u00e9")]
    [InlineData("User-Agent", "caf\u00c3\u00a9/1.0")]
    public async Task A_header_byte_beyond_ascii_is_a_400_problem_naming_the_header(string header, string value)
    {
        using var probe = Api.Anonymous();

        // Sent as the bytes themselves (é is 0xE9; é in UTF-8 is 0xC3 0xA9), as a careless client would send them.
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1 };
        using var client = new HttpClient(handler) { BaseAddress = probe.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organisations");
        request.Headers.TryAddWithoutValidation(header, value).ShouldBeTrue();

        var response = await client.SendAsync(request, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![header].ShouldNotBeNull();
        problem["detail"]!.GetValue<string>().ShouldContain(header);

        // The same request in ASCII is served.
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organisations");
        plain.Headers.TryAddWithoutValidation("X-Client-Note", "cafe").ShouldBeTrue();
        (await client.SendAsync(plain, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A GET of the organisation list whose request line, "GET /path?q=… HTTP/1.1" and its CRLF, is <paramref name="bytes"/> long.</summary>
    private static string OrganisationsWithRequestLineOf(int bytes)
    {
        const string path = "/api/v1/organisations?filler=";
        var framing = "GET ".Length + path.Length + " HTTP/1.1\r\n".Length;
        return path + new string('a', bytes - framing);
    }

    private static HttpRequestMessage WithHeaderFields(int count)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organisations");
        for (var i = 0; i < count; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Filler-{i}", "x").ShouldBeTrue();
        }

        return request;
    }
}
