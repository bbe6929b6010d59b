using System.IO.Compression;
using System.Net.Http.Headers;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// docs/api.md, Caching and conditional requests: strong ETags on every public read, If-None-Match → 304
/// without a body, ETags that change when the data does, HEAD, If-Match lists, Cache-Control and Vary.
/// </summary>
public abstract class HttpCachingTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Venues = "/api/v1/venues";
    private const string Meetings = MeetingArrangement.Meetings;

    /// <summary>A fixed instant for searches and occurrences, so their answers do not move with the clock.</summary>
    private const string At = "2026-12-01T17:00:00Z";

    private Task<ArrangedMeeting> ArrangeAsync(int meetings = 1) => Api.MeetingAtAVenueAsync("Caching", meetings);

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, Action<HttpRequestHeaders>? headers = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        headers?.Invoke(request.Headers);
        return await client.SendAsync(request, Cancellation);
    }

    private static Task<HttpResponseMessage> IfNoneMatchAsync(HttpClient client, string url, string etag) =>
        GetAsync(client, url, h => h.TryAddWithoutValidation("If-None-Match", etag).ShouldBeTrue());

    /// <summary>What a header said, as sent (HttpClient would reorder Cache-Control's directives when parsing them).</summary>
    private static string[] RawHeader(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? [.. values] : [];

    /// <summary>A 200 with an ETag, then the same GET with If-None-Match: 304, the same ETag, no body; returns the ETag.</summary>
    private static async Task<string> ShouldRevalidateAsync(HttpClient client, string url)
    {
        var first = await GetAsync(client, url);
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync(Cancellation));
        var etag = first.Headers.ETag.ShouldNotBeNull($"{url} has no ETag");
        etag.IsWeak.ShouldBeFalse();

        var again = await IfNoneMatchAsync(client, url, etag.Tag);

        again.StatusCode.ShouldBe(HttpStatusCode.NotModified, url);
        again.Headers.ETag?.Tag.ShouldBe(etag.Tag);
        (await again.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();
        RawHeader(again, "Cache-Control").ShouldBe(RawHeader(first, "Cache-Control"));
        again.Headers.Vary.ShouldBe(first.Headers.Vary);
        return etag.Tag;
    }

    private static async Task<string> ETagAsync(HttpClient client, string url)
    {
        var response = await GetAsync(client, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return response.Headers.ETag!.Tag;
    }

    private Task PatchAsync(string url, object patch) => Api.PatchAsAdminAsync(url, patch);

    [Fact]
    public async Task A_single_resource_answers_304_until_it_changes()
    {
        var arranged = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        foreach (var url in new[] { $"{Venues}/{arranged.VenueId}", $"{Meetings}/{arranged.MeetingId}", $"/api/v1/groups/{arranged.GroupId}", $"/api/v1/organisations/{arranged.Slug}" })
        {
            await ShouldRevalidateAsync(anonymous, url);
        }

        var venue = $"{Venues}/{arranged.VenueId}";
        var before = await ETagAsync(anonymous, venue);
        await PatchAsync(venue, new { name = "Caching Hall (renamed)" });

        var after = await IfNoneMatchAsync(anonymous, venue, before);
        var body = await after.ShouldBeJsonAsync();
        body["name"]!.GetValue<string>().ShouldBe("Caching Hall (renamed)");
        after.Headers.ETag!.Tag.ShouldNotBe(before);
    }

    [Fact]
    public async Task A_group_seen_by_its_managers_has_another_etag_than_the_public_one()
    {
        var arranged = await ArrangeAsync();
        var url = $"/api/v1/groups/{arranged.GroupId}";
        using var editor = Api.WithKey(await Api.CreateKeyAsync(arranged.Slug, "editor"));

        var publicTag = await ETagAsync(Api.Anonymous(), url);
        var managersTag = await ETagAsync(editor, url);

        managersTag.ShouldNotBe(publicTag);
        (await IfNoneMatchAsync(editor, url, publicTag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await IfNoneMatchAsync(editor, url, managersTag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task A_list_answers_304_until_one_of_its_items_changes_or_another_joins_it()
    {
        var arranged = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var list = $"{Venues}?organisation={arranged.Slug}";
        var first = await ShouldRevalidateAsync(anonymous, list);
        foreach (var url in new[] { $"/api/v1/groups?organisation={arranged.Slug}", $"/api/v1/organisations?q={arranged.Slug}" })
        {
            await ShouldRevalidateAsync(anonymous, url);
        }

        await PatchAsync($"{Venues}/{arranged.VenueId}", new { directions = "Round the back" });
        var afterEdit = await IfNoneMatchAsync(anonymous, list, first);
        afterEdit.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = afterEdit.Headers.ETag!.Tag;
        second.ShouldNotBe(first);

        await Api.CreateVenueAsync(arranged.Slug, "Second Hall");
        var third = await ETagAsync(anonymous, list);
        third.ShouldNotBe(second);
        third.ShouldNotBe(first);
    }

    [Fact]
    public async Task Search_answers_304_and_a_change_that_reaches_it_through_the_outbox_changes_its_etag()
    {
        var arranged = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={arranged.Slug}&at={At}";
        var before = await ShouldRevalidateAsync(anonymous, search);

        await PatchAsync($"{Meetings}/{arranged.MeetingId}", new { name = "Caching Meeting (renamed)" });

        // The write answered once this instance's index had followed it (read your writes).
        var after = await IfNoneMatchAsync(anonymous, search, before);
        var page = await after.ShouldBeJsonAsync();
        page["items"]![0]!["name"]!.GetValue<string>().ShouldBe("Caching Meeting (renamed)");
        after.Headers.ETag!.Tag.ShouldNotBe(before);

        // A change to the group, another module, reaches search through the change log too.
        var renamedMeeting = after.Headers.ETag!.Tag;
        await PatchAsync($"/api/v1/groups/{arranged.GroupId}", new { name = "Caching Group (renamed)" });
        var afterGroup = await IfNoneMatchAsync(anonymous, search, renamedMeeting);
        (await afterGroup.ShouldBeJsonAsync())["items"]![0]!["group"]!["name"]!.GetValue<string>().ShouldBe("Caching Group (renamed)");
    }

    [Fact]
    public async Task A_search_without_at_is_as_of_the_current_minute_and_its_etag_moves_with_the_minute()
    {
        var arranged = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={arranged.Slug}";
        var now = await ETagAsync(anonymous, search);

        Api.Clock.Advance(TimeSpan.FromMinutes(1));

        (await IfNoneMatchAsync(anonymous, search, now)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Formats_answer_304_until_a_code_changes()
    {
        var slug = await Api.CreateOrganisationAsync();
        await Api.CreateFormatAsync(slug, "O", "Open", "open-to-all");
        using var anonymous = Api.Anonymous();
        var formats = $"/api/v1/organisations/{slug}/formats";
        var before = await ShouldRevalidateAsync(anonymous, formats);

        using var admin = Api.PlatformAdmin();
        var replaced = await admin.PutAsync($"{formats}/O", HttpAssertions.Json(new { code = "O", labels = new Dictionary<string, string> { ["en"] = "Open to all" }, attributes = new[] { "open-to-all" } }), Cancellation);
        await replaced.ShouldBeJsonAsync();

        var after = await IfNoneMatchAsync(anonymous, formats, before);
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.Headers.ETag!.Tag.ShouldNotBe(before);
    }

    [Fact]
    public async Task Occurrences_answer_304_until_one_is_cancelled()
    {
        var arranged = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        var occurrences = $"{Meetings}/{arranged.MeetingId}/occurrences?from={At}&to=2026-12-29T00:00:00Z";
        var before = await ShouldRevalidateAsync(anonymous, occurrences);

        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{Meetings}/{arranged.MeetingId}/cancellations", HttpAssertions.Json(new { date = "2026-12-08" }), Cancellation)).ShouldBeJsonAsync();

        var after = await IfNoneMatchAsync(anonymous, occurrences, before);
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.Headers.ETag!.Tag.ShouldNotBe(before);
    }

    [Fact]
    public async Task The_audit_trail_answers_304_until_something_more_is_audited()
    {
        var arranged = await ArrangeAsync();
        using var admin = Api.PlatformAdmin();
        var audit = $"/api/v1/audit?organisation={arranged.Slug}";
        var before = await ShouldRevalidateAsync(admin, audit);

        await Api.CreateVenueAsync(arranged.Slug, "Another Hall");

        (await IfNoneMatchAsync(admin, audit, before)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Head_answers_with_the_headers_of_get_and_no_body()
    {
        var arranged = await ArrangeAsync(meetings: 4);
        using var anonymous = Api.Anonymous();
        foreach (var url in new[] { $"{Meetings}?organisation={arranged.Slug}&at={At}", $"{Venues}/{arranged.VenueId}", $"{Venues}?organisation={arranged.Slug}" })
        {
            foreach (var encoding in new[] { null, "br" })
            {
                void Headers(HttpRequestHeaders h)
                {
                    if (encoding is not null)
                    {
                        h.AcceptEncoding.ParseAdd(encoding);
                    }
                }

                var get = await GetAsync(anonymous, url, Headers);
                var head = await GetAsync(anonymous, url, Headers, HttpMethod.Head);

                get.StatusCode.ShouldBe(HttpStatusCode.OK);
                var getBody = await get.Content.ReadAsByteArrayAsync(Cancellation);
                getBody.ShouldNotBeEmpty();
                head.StatusCode.ShouldBe(HttpStatusCode.OK, url);
                (await head.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();

                // The length the GET's body has on the wire, compressed or not.
                head.Content.Headers.ContentLength.ShouldBe(getBody.Length, $"{url} with Accept-Encoding {encoding ?? "(none)"}");
                Comparable(head).ShouldBe(Comparable(get), $"{url} with Accept-Encoding {encoding ?? "(none)"}");
                head.Headers.Contains("RateLimit").ShouldBeTrue();
            }
        }

        var etag = await ETagAsync(anonymous, $"{Venues}/{arranged.VenueId}");
        var conditional = await GetAsync(anonymous, $"{Venues}/{arranged.VenueId}", h => h.TryAddWithoutValidation("If-None-Match", etag), HttpMethod.Head);
        conditional.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        conditional.Headers.ETag!.Tag.ShouldBe(etag);
        (await conditional.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();

        // A missing resource is the GET's 404 problem, without its body.
        var missing = await GetAsync(anonymous, $"{Venues}/{Guid.NewGuid()}", method: HttpMethod.Head);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await missing.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();
    }

    /// <summary>
    /// Every header but those that differ between any two responses: Date, the framing, what is left of the
    /// rate limit, the Age of a search answered as stored, and the request's own trace.
    /// </summary>
    private static string Comparable(HttpResponseMessage response) =>
        string.Join('\n', response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Transfer-Encoding" or "Content-Length" or "RateLimit" or "Age" or "traceresponse" or "X-Correlation-Id"))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));

    [Fact]
    public async Task If_match_accepts_a_list_that_names_the_current_tag_and_a_star()
    {
        var arranged = await ArrangeAsync();
        var venue = $"{Venues}/{arranged.VenueId}";
        using var admin = Api.PlatformAdmin();

        async Task<HttpResponseMessage> PatchWithAsync(string ifMatch, string directions)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, venue) { Content = AccessArrangement.MergePatch(new { directions }) };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch).ShouldBeTrue();
            return await admin.SendAsync(request, Cancellation);
        }

        var stale = await ETagAsync(admin, venue);
        await PatchAsync(venue, new { directions = "First" });
        var current = await ETagAsync(admin, venue);

        await (await PatchWithAsync($"{stale}, W/{current}", "Not this one")).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await PatchWithAsync($"W/{stale}, {current}", "Second")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PatchWithAsync("*", "Third")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A GET with If-Match is held to it as well.
        var get = await GetAsync(admin, venue, h => h.TryAddWithoutValidation("If-Match", stale));
        await get.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Meetings_take_if_match_with_the_etag_of_any_of_their_representations()
    {
        var arranged = await ArrangeAsync();
        var meeting = $"{Meetings}/{arranged.MeetingId}";
        using var admin = Api.PlatformAdmin();
        var etag = await ETagAsync(admin, meeting);

        // The tag carries the next occurrence: once it has started, the tag moves on though the meeting did not.
        Api.Clock.Advance(TimeSpan.FromDays(8));
        var later = await ETagAsync(admin, meeting);
        later.ShouldNotBe(etag);

        using var request = new HttpRequestMessage(HttpMethod.Patch, meeting) { Content = AccessArrangement.MergePatch(new { description = "Still the same version" }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        (await admin.SendAsync(request, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Public_answers_are_publicly_cacheable_and_answers_to_a_credential_are_private()
    {
        var arranged = await ArrangeAsync();
        using var anonymous = Api.Anonymous();
        using var reader = Api.WithKey(await Api.CreateKeyAsync(arranged.Slug, "reader"));
        var venue = $"{Venues}/{arranged.VenueId}";
        var search = $"{Meetings}?organisation={arranged.Slug}&at={At}";

        var publicVenue = await GetAsync(anonymous, venue);
        RawHeader(publicVenue, "Cache-Control").ShouldBe(["public, max-age=60, stale-while-revalidate=60"]);
        publicVenue.Headers.Vary.ShouldBe(["Accept-Encoding", "X-Api-Key", "Authorization"], ignoreOrder: true);

        var privateVenue = await GetAsync(reader, venue);
        RawHeader(privateVenue, "Cache-Control").ShouldBe(["private, no-cache"]);
        privateVenue.Headers.Vary.ShouldBe(["Accept-Encoding", "X-Api-Key", "Authorization"], ignoreOrder: true);

        // Search answers the same whoever asks.
        foreach (var client in new[] { anonymous, reader })
        {
            var found = await GetAsync(client, search);
            RawHeader(found, "Cache-Control").ShouldBe(["public, max-age=60, stale-while-revalidate=60"]);
            found.Headers.Vary.ShouldBe(["Accept-Encoding"]);
        }

        var missing = await GetAsync(anonymous, $"{Venues}/{Guid.NewGuid()}");
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        missing.Headers.CacheControl!.NoStore.ShouldBeTrue();
        missing.Headers.ETag.ShouldBeNull();
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task A_large_answer_is_compressed_as_asked_and_decodes_to_the_plain_one(string encoding)
    {
        var arranged = await ArrangeAsync(meetings: 4);
        using var anonymous = Api.Anonymous();
        var search = $"{Meetings}?organisation={arranged.Slug}&at={At}";
        var plain = await GetAsync(anonymous, search);
        var plainBody = await plain.Content.ReadAsByteArrayAsync(Cancellation);
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
        plainBody.Length.ShouldBeGreaterThan(1024);

        var compressed = await GetAsync(anonymous, search, h => h.AcceptEncoding.ParseAdd(encoding));

        compressed.StatusCode.ShouldBe(HttpStatusCode.OK);
        compressed.Content.Headers.ContentEncoding.ShouldBe([encoding]);
        compressed.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var wire = await compressed.Content.ReadAsByteArrayAsync(Cancellation);
        wire.Length.ShouldBeLessThan(plainBody.Length);
        Decode(wire, encoding).ShouldBe(plainBody);
        compressed.Headers.Vary.ShouldContain("Accept-Encoding");

        // Another representation, so another strong tag; revalidating it still works.
        var etag = compressed.Headers.ETag!.Tag;
        etag.ShouldBe($"{plain.Headers.ETag!.Tag[..^1]}-{encoding}\"");
        var again = await GetAsync(anonymous, search, h =>
        {
            h.AcceptEncoding.ParseAdd(encoding);
            h.TryAddWithoutValidation("If-None-Match", etag);
        });
        again.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        again.Headers.ETag!.Tag.ShouldBe(etag);
    }

    [Theory]
    [InlineData("br, gzip", "gzip")]
    [InlineData("gzip, deflate, br, zstd", "gzip")]
    [InlineData("gzip;q=0.5, br", "br")]
    [InlineData("identity", null)]
    [InlineData("br;q=0, gzip;q=0", null)]
    public async Task Gzip_wins_a_tie_and_the_client_s_qualities_decide_otherwise(string acceptEncoding, string? expected)
    {
        var arranged = await ArrangeAsync(meetings: 4);
        var search = $"{Meetings}?organisation={arranged.Slug}&at={At}";
        var plainBody = await (await GetAsync(Api.Anonymous(), search)).Content.ReadAsByteArrayAsync(Cancellation);

        var response = await GetAsync(Api.Anonymous(), search, h => h.TryAddWithoutValidation("Accept-Encoding", acceptEncoding).ShouldBeTrue());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var wire = await response.Content.ReadAsByteArrayAsync(Cancellation);
        if (expected is null)
        {
            response.Content.Headers.ContentEncoding.ShouldBeEmpty();
            wire.ShouldBe(plainBody);
        }
        else
        {
            response.Content.Headers.ContentEncoding.ShouldBe([expected]);
            Decode(wire, expected).ShouldBe(plainBody);
        }
    }

    private static byte[] Decode(byte[] wire, string encoding)
    {
        using var input = new MemoryStream(wire);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task Small_answers_answers_not_asked_to_be_compressed_and_writes_are_sent_as_they_are()
    {
        var arranged = await ArrangeAsync(meetings: 4);
        using var anonymous = Api.Anonymous();

        var small = await GetAsync(anonymous, $"/api/v1/organisations/{arranged.Slug}", h => h.AcceptEncoding.ParseAdd("br"));
        small.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await small.Content.ReadAsByteArrayAsync(Cancellation)).Length.ShouldBeLessThan(1024);
        small.Content.Headers.ContentEncoding.ShouldBeEmpty();
        JsonNode.Parse(await small.Content.ReadAsStringAsync(Cancellation))!["slug"]!.GetValue<string>().ShouldBe(arranged.Slug);

        var notAsked = await GetAsync(anonymous, $"{Meetings}?organisation={arranged.Slug}&at={At}");
        (await notAsked.Content.ReadAsByteArrayAsync(Cancellation)).Length.ShouldBeGreaterThan(1024);
        notAsked.Content.Headers.ContentEncoding.ShouldBeEmpty();

        // A write's answer is never compressed, however large (the new API key's secret is one; see docs/api.md).
        using var admin = Api.PlatformAdmin();
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "Long Description Meeting", venueId: arranged.VenueId);
        body["description"] = new string('x', 2000);
        using var create = new HttpRequestMessage(HttpMethod.Post, Meetings) { Content = HttpAssertions.Json(body.ToJsonString()) };
        create.Headers.AcceptEncoding.ParseAdd("br");
        var created = await admin.SendAsync(create, Cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Content.Headers.ContentEncoding.ShouldBeEmpty();
        (await created.Content.ReadAsByteArrayAsync(Cancellation)).Length.ShouldBeGreaterThan(2000);
    }

    [Fact]
    public async Task A_new_api_key_is_never_compressed_nor_stored_by_a_cache()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var admin = Api.PlatformAdmin();
        foreach (var encoding in new[] { "br", "gzip", "br, gzip, deflate" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/organisations/{slug}/api-keys")
            {
                Content = HttpAssertions.Json(new { name = $"Meeting finder {encoding}", role = "reader" }),
            };
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding).ShouldBeTrue();

            var response = await admin.SendAsync(request, Cancellation);

            response.Content.Headers.ContentEncoding.ShouldBeEmpty();
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
            var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
            created["key"]!.GetValue<string>().ShouldStartWith("rpk_");
        }
    }

    [Fact]
    public async Task A_replayed_post_is_answered_as_the_first_was_uncompressed()
    {
        var arranged = await ArrangeAsync();
        using var admin = Api.PlatformAdmin();
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "Replayed Meeting", venueId: arranged.VenueId);
        body["description"] = new string('x', 4000);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> CreateAsync()
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, Meetings) { Content = HttpAssertions.Json(body.ToJsonString()) };
            create.Headers.AcceptEncoding.ParseAdd("br");
            create.Headers.AcceptEncoding.ParseAdd("gzip");
            create.Headers.TryAddWithoutValidation("Idempotency-Key", key).ShouldBeTrue();
            return await admin.SendAsync(create, Cancellation);
        }

        var first = await CreateAsync();
        var replayed = await CreateAsync();

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Created);
        replayed.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        replayed.Content.Headers.ContentEncoding.ShouldBeEmpty();
        replayed.Headers.ETag!.Tag.ShouldBe(first.Headers.ETag!.Tag);
        var firstBody = await first.Content.ReadAsStringAsync(Cancellation);
        (await replayed.Content.ReadAsStringAsync(Cancellation)).ShouldBe(firstBody);
        JsonNode.Parse(firstBody)!["description"]!.GetValue<string>().Length.ShouldBe(4000);
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData("application/json;q=0, application/problem+json;q=0")]
    public async Task An_accept_the_api_cannot_satisfy_is_a_406_problem(string accept)
    {
        var slug = await Api.CreateOrganisationAsync();
        var response = await GetAsync(Api.Anonymous(), $"/api/v1/organisations/{slug}", h => h.TryAddWithoutValidation("Accept", accept).ShouldBeTrue());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotAcceptable);
        problem["detail"]!.GetValue<string>().ShouldContain("application/json");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/*")]
    [InlineData("application/problem+json")]
    [InlineData("application/xml, application/json;q=0.5")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    public async Task Json_or_anything_in_accept_is_served(string? accept)
    {
        var slug = await Api.CreateOrganisationAsync();
        var response = await GetAsync(Api.Anonymous(), $"/api/v1/organisations/{slug}", h =>
        {
            if (accept is not null)
            {
                h.TryAddWithoutValidation("Accept", accept).ShouldBeTrue();
            }
        });

        (await response.ShouldBeJsonAsync())["slug"]!.GetValue<string>().ShouldBe(slug);
    }

    [Fact]
    public async Task Errors_are_problem_json_whatever_the_accept_asks_for()
    {
        void Xml(HttpRequestHeaders h) => h.Accept.ParseAdd("application/xml");

        await (await GetAsync(Api.Anonymous(), "/api/v1/no-such-thing", Xml)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await GetAsync(Api.WithKey("rpk_00000000_notakeynotakeynotakeynotakeynotakey00"), "/api/v1/organisations", Xml)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_still_a_415_whatever_the_accept()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organisations") { Content = new StringContent("slug=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Accept.ParseAdd("application/json");
        var response = await Api.PlatformAdmin().SendAsync(request, Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}

public sealed class HttpCachingTestsOnSqlite(SqliteApiFactory api) : HttpCachingTests<SqliteApiFactory>(api);
