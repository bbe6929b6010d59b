using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Api.Idempotency;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.SharedKernel.Idempotency;

namespace RecoveryPlatform.IntegrationTests.Http;

/// <summary>Safe retries: a POST sent again with the same Idempotency-Key is answered once, and creates once.</summary>
public abstract class IdempotencyTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Venues = "/api/v1/venues";

    private static string VenueBody(string name = "Retry Hall") =>
        JsonSerializer.Serialize(new { name, town = "Leeds", postcode = "LS6 3HE", latitude = 53.8196, longitude = -1.5773 }, JsonSerializerOptions.Web);

    private async Task<(string Slug, JsonObject Key, HttpClient Editor)> EditorAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        var key = await Api.IssueKeyAsync(slug, "editor");
        return (slug, key, Api.WithKey(key.Str("key")));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = HttpAssertions.Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyMiddleware.HeaderName, idempotencyKey);
        }

        return await client.SendAsync(request, Cancellation);
    }

    private async Task<int> VenueCountAsync(string slug) =>
        (await (await Api.PlatformAdmin().GetAsync($"{Venues}?organisation={slug}&pageSize=100", Cancellation)).ShouldBeJsonAsync())["totalItems"]!.GetValue<int>();

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_creates_nothing()
    {
        var (slug, _, editor) = await EditorAsync();
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(editor, Venues, VenueBody(), key);
        var firstBody = await first.ShouldBeJsonAsync(HttpStatusCode.Created);
        var retry = await PostAsync(editor, Venues, VenueBody(), key);
        var retryBody = await retry.ShouldBeJsonAsync(HttpStatusCode.Created);

        retryBody.ToJsonString().ShouldBe(firstBody.ToJsonString());
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        retry.Headers.ETag.ShouldBe(first.Headers.ETag);
        retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeaderName).ShouldBe(["true"]);
        first.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName).ShouldBeFalse();
        (await VenueCountAsync(slug)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_a_422()
    {
        var (slug, _, editor) = await EditorAsync();
        var key = Guid.NewGuid().ToString();
        (await PostAsync(editor, Venues, VenueBody("First Hall"), key)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await (await PostAsync(editor, Venues, VenueBody("Second Hall"), key)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var venue = (await (await Api.PlatformAdmin().GetAsync($"{Venues}?organisation={slug}", Cancellation)).ShouldBeJsonAsync())["items"]![0].Str("id");
        await (await PostAsync(editor, $"{Venues}/{venue}/archive", string.Empty, key)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await VenueCountAsync(slug)).ShouldBe(1);
    }

    [Fact]
    public async Task Twenty_identical_requests_at_once_create_one_record_and_all_get_its_answer()
    {
        var (slug, _, editor) = await EditorAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => PostAsync(editor, Venues, VenueBody(), key))));

        responses.Select(r => r.StatusCode).Distinct().ShouldBe([HttpStatusCode.Created]);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("id")));
        ids.Distinct().Count().ShouldBe(1);
        (await VenueCountAsync(slug)).ShouldBe(1);
    }

    [Fact]
    public async Task Without_a_key_or_with_another_key_each_request_creates()
    {
        var (slug, _, editor) = await EditorAsync();

        (await PostAsync(editor, Venues, VenueBody(), null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PostAsync(editor, Venues, VenueBody(), null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PostAsync(editor, Venues, VenueBody(), "key-one")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PostAsync(editor, Venues, VenueBody(), "key-two")).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await VenueCountAsync(slug)).ShouldBe(4);
    }

    [Fact]
    public async Task A_key_belongs_to_the_credential_that_sent_it()
    {
        var (slug, _, editor) = await EditorAsync();
        using var otherEditor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));

        var mine = await (await PostAsync(editor, Venues, VenueBody(), "shared-key")).ShouldBeJsonAsync(HttpStatusCode.Created);
        var theirs = await (await PostAsync(otherEditor, Venues, VenueBody(), "shared-key")).ShouldBeJsonAsync(HttpStatusCode.Created);

        theirs.Str("id").ShouldNotBe(mine.Str("id"));
        (await VenueCountAsync(slug)).ShouldBe(2);
    }

    [Theory]
    [InlineData("has a space")]
    [InlineData("tab\there")]
    [InlineData("clé")]
    public async Task A_malformed_key_is_a_400_naming_the_header(string key)
    {
        var (_, _, editor) = await EditorAsync();

        await (await PostAsync(editor, Venues, VenueBody(), key)).ShouldBeValidationProblemAsync(IdempotencyMiddleware.HeaderName);
    }

    [Fact]
    public async Task An_over_long_key_or_two_keys_are_a_400()
    {
        var (_, _, editor) = await EditorAsync();
        await (await PostAsync(editor, Venues, VenueBody(), new string('k', 256))).ShouldBeValidationProblemAsync(IdempotencyMiddleware.HeaderName);
        (await PostAsync(editor, Venues, VenueBody(), new string('k', 255))).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var twice = new HttpRequestMessage(HttpMethod.Post, Venues) { Content = HttpAssertions.Json(VenueBody()) };
        twice.Headers.TryAddWithoutValidation(IdempotencyMiddleware.HeaderName, ["one", "two"]);
        await (await editor.SendAsync(twice, Cancellation)).ShouldBeValidationProblemAsync(IdempotencyMiddleware.HeaderName);
    }

    [Fact]
    public async Task A_refusal_is_answered_the_same_on_a_retry()
    {
        var (slug, _, editor) = await EditorAsync();
        var invalid = JsonSerializer.Serialize(new { name = "No place", town = "Leeds" });

        var first = await (await PostAsync(editor, Venues, invalid, "refused")).ShouldBeValidationProblemAsync("latitude");
        var retry = await PostAsync(editor, Venues, invalid, "refused");

        (await retry.ShouldBeValidationProblemAsync("latitude")).ToJsonString().ShouldBe(first.ToJsonString());
        retry.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName).ShouldBeTrue();
        (await VenueCountAsync(slug)).ShouldBe(0);
    }

    [Fact]
    public async Task A_new_api_key_is_given_back_on_a_retry_and_is_not_stored_readable()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var admin = Api.PlatformAdmin();
        var body = JsonSerializer.Serialize(new { name = "Retried key", role = "reader" });

        var first = await (await PostAsync(admin, $"/api/v1/organisations/{slug}/api-keys", body, "key-for-a-key")).ShouldBeJsonAsync(HttpStatusCode.Created);
        var retry = await (await PostAsync(admin, $"/api/v1/organisations/{slug}/api-keys", body, "key-for-a-key")).ShouldBeJsonAsync(HttpStatusCode.Created);

        retry.Str("key").ShouldBe(first.Str("key"));
        (await AccessArrangement.KeysOfAsync(Api, slug)).Count.ShouldBe(1);
        var secret = Encoding.UTF8.GetBytes(first.Str("key"));
        await Api.AlterAsync("organisations", async db =>
        {
            var stored = await db.Set<IdempotencyRecord>().AsNoTracking().Where(r => r.Key == "key-for-a-key").Select(r => r.Body).SingleAsync(Cancellation);
            stored.ShouldNotBeNull();
            stored.AsSpan().IndexOf(secret).ShouldBe(-1);
            stored.AsSpan().IndexOf("\"key\""u8).ShouldBe(-1);
        });
    }

    [Fact]
    public async Task A_change_that_committed_but_lost_its_answer_is_not_made_again()
    {
        var (slug, key, editor) = await EditorAsync();
        var body = VenueBody();
        await PretendEarlierRequestAsync(key, body, "lost-answer", IdempotencyState.Committed);

        var retry = await PostAsync(editor, Venues, body, "lost-answer");

        var problem = await retry.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Str("detail").ShouldContain("took effect");
        (await VenueCountAsync(slug)).ShouldBe(0, "nothing is created a second time (the earlier one is pretended here)");
    }

    [Fact]
    public async Task A_request_that_died_before_committing_is_run_by_its_retry()
    {
        var (slug, key, editor) = await EditorAsync();
        var body = VenueBody();
        await PretendEarlierRequestAsync(key, body, "died-early", IdempotencyState.Reserved);

        (await PostAsync(editor, Venues, body, "died-early")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PostAsync(editor, Venues, body, "died-early")).Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName).ShouldBeTrue();
        (await VenueCountAsync(slug)).ShouldBe(1);
    }

    [Fact]
    public async Task After_24_hours_a_key_can_be_used_again()
    {
        var (slug, _, editor) = await EditorAsync();
        (await PostAsync(editor, Venues, VenueBody(), "daily")).StatusCode.ShouldBe(HttpStatusCode.Created);

        Api.Clock.Advance(TimeSpan.FromHours(25));
        try
        {
            var later = await PostAsync(editor, Venues, VenueBody(), "daily");
            later.StatusCode.ShouldBe(HttpStatusCode.Created);
            later.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName).ShouldBeFalse();
        }
        finally
        {
            // The factory is shared by this class's tests; give the others back the real time.
            Api.Clock.Advance(TimeSpan.FromHours(-25));
        }

        (await VenueCountAsync(slug)).ShouldBe(2);
    }

    [Fact]
    public async Task The_record_is_marked_committed_in_the_transaction_that_makes_the_change()
    {
        var slug = await Api.CreateOrganisationAsync();
        await PretendEarlierRequestAsync(new JsonObject { ["id"] = "marking" }, "{}", "marked-in-the-change", IdempotencyState.Reserved);
        var scope = IdempotencyMiddleware.ScopeOf("key:marking");

        await using (var request = Api.Services.CreateAsyncScope())
        {
            request.ServiceProvider.GetRequiredService<IdempotentRequest>().Begin("venues", scope, "marked-in-the-change");
            request.ServiceProvider.GetRequiredService<RecoveryPlatform.SharedKernel.Security.ICallerOverride>().RunAs(RecoveryPlatform.SharedKernel.Security.Caller.System);
            await request.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(
                new Modules.Venues.Features.CreateVenue.CreateVenueCommand(new(slug, "Marked Hall", null, null, "Leeds", null, "LS6 3HE", "GB", 53.8, -1.57, null, [], null)),
                Cancellation);
        }

        await Api.AlterAsync("venues", async db =>
            (await db.Set<IdempotencyRecord>().AsNoTracking().SingleAsync(r => r.Key == "marked-in-the-change", Cancellation)).State.ShouldBe(IdempotencyState.Committed));
    }

    /// <summary>A record as a request killed at that point would have left it, its lock run out.</summary>
    private Task PretendEarlierRequestAsync(JsonObject key, string body, string idempotencyKey, IdempotencyState state) =>
        Api.AlterAsync("venues", async db =>
        {
            var now = Api.Clock.GetUtcNow();
            var record = IdempotencyRecord.Reserve(
                IdempotencyMiddleware.ScopeOf($"key:{key.Str("id")}"),
                idempotencyKey,
                IdempotencyMiddleware.Fingerprint("POST", Venues, Encoding.UTF8.GetBytes(body)),
                lockedUntil: now.AddMinutes(-1),
                expiresAt: now.AddHours(23));
            db.Add(record);
            db.Entry(record).Property(r => r.State).CurrentValue = state;
            await db.SaveChangesAsync(Cancellation);
        });
}

public sealed class IdempotencyTestsOnSqlite(SqliteApiFactory api) : IdempotencyTests<SqliteApiFactory>(api);
