using System.IO.Compression;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Http;

/// <summary>
/// docs/api.md, Caching: a search asked for a second time in a minute, on the same index, is stored as sent
/// (compressed as the caller asked), and from then on answered with those bytes (with an <c>Age</c> field);
/// the stored answer is exactly what searching again would give, and a write that reaches the index is seen at once.
/// </summary>
public abstract class SearchAnswerCacheTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Meetings = MeetingArrangement.Meetings;
    private const string At = "2026-12-01T17:00:00Z";

    /// <summary>A tag no answer has: the request goes past the cache to the endpoint, which searches afresh.</summary>
    private const string NoTag = "\"not-a-tag\"";

    private async Task<(string Slug, string MeetingId)> ArrangeAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        var venue = await Api.CreateVenueAsync(slug, "Answer Cache Hall");
        var group = await Api.CreateGroupAsync(slug, "Answer Cache Group");
        var first = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, "Answer Cache Meeting 0", venueId: venue));
        for (var i = 1; i < 4; i++)
        {
            await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, $"Answer Cache Meeting {i}", startTime: $"{10 + i}:00", venueId: venue));
        }

        return (slug, first);
    }

    /// <summary>
    /// Keys hold the minute: two requests that straddle its end are two answers. Tests that expect the second
    /// request to be served from the first start well inside a minute.
    /// </summary>
    private void WellInsideAMinute()
    {
        var second = Api.Clock.GetUtcNow().Second;
        if (second >= 55)
        {
            Api.Clock.Advance(TimeSpan.FromSeconds(61 - second));
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? encoding = null, string? ifNoneMatch = null, HttpMethod? method = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch).ShouldBeTrue();
        }

        return await client.SendAsync(request, Cancellation);
    }

    private static bool FromTheCache(HttpResponseMessage response) => response.Headers.Age is not null;

    /// <summary>Asks twice: the first time is only noted, the second is searched and stored.</summary>
    private static async Task<HttpResponseMessage> StoredAsync(HttpClient client, string url, string? encoding = null, string? origin = null)
    {
        var first = await GetAsync(client, url, encoding, origin: origin);
        FromTheCache(first).ShouldBeFalse();
        var second = await GetAsync(client, url, encoding, origin: origin);
        FromTheCache(second).ShouldBeFalse();
        return second;
    }

    private static async Task<byte[]> DecodedAsync(HttpResponseMessage response)
    {
        var wire = await response.Content.ReadAsByteArrayAsync(Cancellation);
        var coding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        if (coding is null)
        {
            return wire;
        }

        using var input = new MemoryStream(wire);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        await decoder.CopyToAsync(output, Cancellation);
        return output.ToArray();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task A_repeated_search_is_served_as_stored_and_is_what_searching_again_gives(string? encoding)
    {
        var (slug, _) = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={slug}&at={At}";
        WellInsideAMinute();

        var first = await GetAsync(anonymous, search, encoding);
        var second = await GetAsync(anonymous, search, encoding);
        var again = await GetAsync(anonymous, search, encoding);
        var afresh = await GetAsync(anonymous, search, encoding, ifNoneMatch: NoTag);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        FromTheCache(first).ShouldBeFalse();
        FromTheCache(second).ShouldBeFalse();
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        FromTheCache(again).ShouldBeTrue();
        FromTheCache(afresh).ShouldBeFalse();
        again.Content.Headers.ContentEncoding.ShouldBe(first.Content.Headers.ContentEncoding);
        again.Content.Headers.ContentEncoding.ShouldBe(encoding is null ? [] : [encoding]);
        again.Headers.ETag.ShouldBe(first.Headers.ETag);
        (await again.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBe(await first.Content.ReadAsByteArrayAsync(Cancellation));

        var stored = await DecodedAsync(again);
        stored.ShouldBe(await DecodedAsync(afresh));
        stored.ShouldBe(await DecodedAsync(await GetAsync(anonymous, search, ifNoneMatch: NoTag)));

        // What a cache keeps about the answer is said again; the caller's own fields are the caller's.
        again.Headers.CacheControl!.Public.ShouldBeTrue();
        again.Headers.Vary.ShouldContain("Accept-Encoding");
        again.Headers.Contains("RateLimit").ShouldBeTrue();
    }

    [Fact]
    public async Task Each_coding_is_stored_apart()
    {
        var (slug, _) = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={slug}&at={At}";
        WellInsideAMinute();
        await StoredAsync(anonymous, search, "gzip");

        var plain = await GetAsync(anonymous, search);
        var brotli = await GetAsync(anonymous, search, "br");

        FromTheCache(plain).ShouldBeFalse();
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
        FromTheCache(brotli).ShouldBeFalse();
        brotli.Content.Headers.ContentEncoding.ShouldBe(["br"]);

        // A client that lists the codings otherwise but gets gzip all the same shares gzip's answer.
        var alsoGzip = await GetAsync(anonymous, search, "gzip, deflate, br, zstd");
        FromTheCache(alsoGzip).ShouldBeTrue();
        alsoGzip.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
    }

    [Fact]
    public async Task A_write_that_reaches_the_index_is_in_the_next_answer()
    {
        var (slug, meetingId) = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={slug}&at={At}&sort=name";
        WellInsideAMinute();
        await StoredAsync(anonymous, search, "gzip");
        var before = await GetAsync(anonymous, search, "gzip");
        FromTheCache(before).ShouldBeTrue();

        using var admin = Api.PlatformAdmin();
        using var patch = await admin.ConditionalAsync(HttpMethod.Patch, $"{Meetings}/{meetingId}", AccessArrangement.MergePatch(new { name = "Answer Cache Meeting (renamed)" }));
        await (await admin.SendAsync(patch, Cancellation)).ShouldBeJsonAsync();

        var after = await GetAsync(anonymous, search, "gzip");
        FromTheCache(after).ShouldBeFalse();
        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        var page = JsonNode.Parse(await DecodedAsync(after))!;
        page["items"]!.AsArray().Select(item => item!["name"]!.GetValue<string>()).ShouldContain("Answer Cache Meeting (renamed)");
    }

    [Fact]
    public async Task Edits_the_search_does_not_show_leave_its_stored_answer_and_tag_and_one_it_shows_does_not()
    {
        var (slug, firstId) = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        using var admin = Api.PlatformAdmin();
        var search = $"{Meetings}?organisation={slug}&q=meeting%202&at={At}";
        WellInsideAMinute();
        var stored = await StoredAsync(anonymous, search, "gzip");
        var tag = stored.Headers.ETag!.Tag;

        // Renamed, but still not among the search's matches: the edit reached the index (a search for its new
        // name finds it), and the stored answer and its tag stand.
        await RenameAsync("Answer Cache Meeting 0 (upstairs)");
        var upstairs = JsonNode.Parse(await DecodedAsync(await GetAsync(anonymous, $"{Meetings}?organisation={slug}&q=upstairs", "gzip")))!;
        upstairs["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()).ShouldBe([firstId]);
        var unaffected = await GetAsync(anonymous, search, "gzip");
        FromTheCache(unaffected).ShouldBeTrue();
        unaffected.Headers.ETag!.Tag.ShouldBe(tag);
        (await GetAsync(anonymous, search, "gzip", ifNoneMatch: tag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        // Renamed into the search's matches: a new answer, with a new tag, that holds it.
        await RenameAsync("Answer Cache Meeting 2b");
        var renewed = await GetAsync(anonymous, search, "gzip");
        FromTheCache(renewed).ShouldBeFalse();
        renewed.Headers.ETag!.Tag.ShouldNotBe(tag);
        (await GetAsync(anonymous, search, "gzip", ifNoneMatch: tag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var names = JsonNode.Parse(await DecodedAsync(renewed))!["items"]!.AsArray().Select(item => item!["name"]!.GetValue<string>());
        names.ShouldBe(["Answer Cache Meeting 2", "Answer Cache Meeting 2b"], ignoreOrder: true);

        // Among the matches, but edited where a search answer does not show it (its description): it stands.
        var stored2b = await GetAsync(anonymous, search, "gzip");
        FromTheCache(stored2b).ShouldBeTrue();
        await PatchAsync(new { description = "Upstairs, second door on the left." });
        var described = await GetAsync(anonymous, search, "gzip");
        FromTheCache(described).ShouldBeTrue();
        described.Headers.ETag.ShouldBe(stored2b.Headers.ETag);

        Task RenameAsync(string name) => PatchAsync(new { name });

        async Task PatchAsync(object change)
        {
            using var patch = await admin.ConditionalAsync(HttpMethod.Patch, $"{Meetings}/{firstId}", AccessArrangement.MergePatch(change));
            await (await admin.SendAsync(patch, Cancellation)).ShouldBeJsonAsync();
        }
    }

    [Fact]
    public async Task A_search_without_at_is_searched_again_in_the_next_minute()
    {
        var (slug, _) = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={slug}";
        WellInsideAMinute();
        await StoredAsync(anonymous, search, "gzip");
        FromTheCache(await GetAsync(anonymous, search, "gzip")).ShouldBeTrue();

        Api.Clock.Advance(TimeSpan.FromMinutes(1));

        FromTheCache(await GetAsync(anonymous, search, "gzip")).ShouldBeFalse();
        FromTheCache(await GetAsync(anonymous, search, "gzip")).ShouldBeFalse();
    }

    [Fact]
    public async Task Only_pages_of_results_are_kept_and_a_revalidation_is_answered_by_the_search()
    {
        var (slug, _) = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        WellInsideAMinute();

        // A refusal is not kept.
        var refused = $"{Meetings}?organisation={slug}&day=funday";
        (await GetAsync(anonymous, refused, "gzip")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAsync(anonymous, refused, "gzip")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refusedAgain = await GetAsync(anonymous, refused, "gzip");
        refusedAgain.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        FromTheCache(refusedAgain).ShouldBeFalse();

        // A conditional request goes to the search's own 304 (tags compared with the coding set aside).
        var search = $"{Meetings}?organisation={slug}&at={At}";
        var stored = await StoredAsync(anonymous, search, "gzip");
        var plainTag = (await GetAsync(anonymous, search)).Headers.ETag!.Tag;
        var revalidated = await GetAsync(anonymous, search, "gzip", ifNoneMatch: plainTag);
        revalidated.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        FromTheCache(revalidated).ShouldBeFalse();
        revalidated.Headers.ETag!.Tag.ShouldBe(plainTag);
        stored.Headers.ETag!.Tag.ShouldBe($"{plainTag[..^1]}-gzip\"");

        // Other reads are not kept.
        var venues = await StoredAsync(anonymous, $"/api/v1/venues?organisation={slug}", "gzip");
        FromTheCache(await GetAsync(anonymous, $"/api/v1/venues?organisation={slug}", "gzip")).ShouldBeFalse();
        venues.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Head_and_cors_are_answered_from_a_stored_search_as_from_a_fresh_one()
    {
        var (slug, _) = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={slug}&at={At}";
        WellInsideAMinute();
        var get = await StoredAsync(anonymous, search, "gzip");
        var length = (await get.Content.ReadAsByteArrayAsync(Cancellation)).Length;

        var head = await GetAsync(anonymous, search, "gzip", method: HttpMethod.Head);
        FromTheCache(head).ShouldBeTrue();
        head.Content.Headers.ContentLength.ShouldBe(length);
        (await head.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();

        // CORS fields are the request's: a stored answer gets them for a page that asks…
        var cors = await GetAsync(anonymous, search, "gzip", origin: "https://meetings.example.org");
        FromTheCache(cors).ShouldBeTrue();
        cors.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);

        // …and an answer stored for a page does not tell a caller without an Origin.
        var sorted = $"{search}&sort=name";
        (await StoredAsync(anonymous, sorted, "gzip", origin: "https://meetings.example.org")).Headers.Contains("Access-Control-Allow-Origin").ShouldBeTrue();
        var after = await GetAsync(anonymous, sorted, "gzip");
        FromTheCache(after).ShouldBeTrue();
        after.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task Callers_with_a_credential_share_the_stored_answer_and_get_their_own_rate_limit_fields()
    {
        var (slug, _) = await ArrangeAsync();
        var search = $"{Meetings}?organisation={slug}&at={At}";
        WellInsideAMinute();
        var anonymous = await StoredAsync(Api.Anonymous(), search, "gzip");

        using var reader = Api.WithKey(await Api.CreateKeyAsync(slug, "reader"));
        var asReader = await GetAsync(reader, search, "gzip");

        FromTheCache(asReader).ShouldBeTrue();
        (await DecodedAsync(asReader)).ShouldBe(await DecodedAsync(anonymous));
        asReader.Headers.GetValues("RateLimit-Policy").Single().ShouldStartWith("\"reader\"");
        anonymous.Headers.GetValues("RateLimit-Policy").Single().ShouldStartWith("\"anonymous\"");
    }
}

public sealed class SearchAnswerCacheTestsOnSqlite(SqliteApiFactory api) : SearchAnswerCacheTests<SqliteApiFactory>(api);
