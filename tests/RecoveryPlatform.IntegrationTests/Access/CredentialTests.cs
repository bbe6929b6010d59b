using System.Security.Cryptography;

namespace RecoveryPlatform.IntegrationTests.Access;

/// <summary>
/// Issue 3: every credential that is presented but not valid — revoked, expired, malformed, unknown,
/// of a suspended organisation, or a token that fails validation — is a 401, on public endpoints too.
/// </summary>
public abstract class CredentialTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Organisations = AccessArrangement.Organisations;

    [Fact]
    public async Task A_revoked_key_is_a_401_at_once()
    {
        var slug = await Api.CreateOrganisationAsync();
        var issued = await Api.IssueKeyAsync(slug, "editor");
        using var editor = Api.WithKey(issued["key"]!.GetValue<string>());
        (await editor.GetAsync($"{Organisations}/{slug}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revoked = await Api.PlatformAdmin().DeleteAsync($"{Organisations}/{slug}/api-keys/{issued["id"]}", Cancellation);
        revoked.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await editor.GetAsync($"{Organisations}/{slug}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await editor.GetAsync(Organisations, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_key_is_a_401()
    {
        var slug = await Api.CreateOrganisationAsync();
        var key = await Api.CreateKeyAsync(slug, "editor", expiresAt: Api.Clock.GetUtcNow().AddHours(1));
        using var editor = Api.WithKey(key);
        (await editor.GetAsync($"{Organisations}/{slug}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        Api.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            await (await editor.GetAsync($"{Organisations}/{slug}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }
        finally
        {
            // The factory is shared by this class's tests; give the others back the real time.
            Api.Clock.Advance(TimeSpan.FromHours(-2));
        }
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("rpk_")]
    [InlineData("rpk_0123abcd_tooshort")]
    public async Task A_malformed_key_is_a_401_even_on_a_public_endpoint(string presented)
    {
        var response = await Api.WithKey(presented).GetAsync(Organisations, Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_over_long_key_is_a_401_even_on_a_public_endpoint()
    {
        var response = await Api.WithKey("rpk_0123abcd_" + new string('a', 300)).GetAsync(Organisations, Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_well_formed_key_is_a_401_even_on_a_public_endpoint()
    {
        var unknown = $"rpk_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var response = await Api.WithKey(unknown).GetAsync(Organisations, Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_suspended_organisations_editor_key_and_tokens_are_a_401()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var editor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));
        (await editor.GetAsync(Organisations, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Api.SuspendAsync(slug);

        await (await editor.GetAsync(Organisations, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await Api.WithToken(TestTokens.For(slug, "editor")).GetAsync(Organisations, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("wrong audience")]
    [InlineData("wrong signature")]
    [InlineData("expired")]
    [InlineData("unknown organisation")]
    [InlineData("platform-admin role")]
    [InlineData("unknown role")]
    [InlineData("not a jwt")]
    public async Task An_invalid_token_is_a_401_even_on_a_public_endpoint(string flaw)
    {
        var slug = await Api.CreateOrganisationAsync();
        var token = flaw switch
        {
            "wrong audience" => TestTokens.For(slug, "editor", audience: "some-other-api"),
            "wrong signature" => TestTokens.For(slug, "editor", signingKeyBase64: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            "expired" => TestTokens.For(slug, "editor", expires: DateTime.UtcNow.AddMinutes(-10)),
            "unknown organisation" => TestTokens.For("no-such-organisation", "editor"),
            "platform-admin role" => TestTokens.For(slug, "platform-admin"),
            "unknown role" => TestTokens.For(slug, "superuser"),
            "not a jwt" => "not-a-jwt",
            _ => throw new ArgumentOutOfRangeException(nameof(flaw), flaw, null),
        };

        await (await Api.WithToken(token).GetAsync(Organisations, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await Api.WithToken(token).GetAsync($"{Organisations}/{slug}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Basic c29tZW9uZTpzZWNyZXQ=")]
    [InlineData("Bearer")]
    [InlineData("Token rpk_0123abcd_notakeyatallbutlongenoughtolookplausible")]
    public async Task An_authorization_header_that_is_not_a_valid_bearer_token_is_a_401_even_on_a_public_endpoint(string authorization)
    {
        using var client = Api.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization).ShouldBeTrue();

        await (await client.GetAsync(Organisations, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_blank_api_key_header_is_a_401_even_on_a_public_endpoint()
    {
        using var client = Api.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", "   ").ShouldBeTrue();

        await (await client.GetAsync(Organisations, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_editor_token_can_do_what_an_editor_can_and_no_more()
    {
        var slug = await Api.CreateOrganisationAsync();
        var treatmentService = await Api.CreateOrganisationAsync(kind: "treatment-service");
        using var editor = Api.WithToken(TestTokens.For(slug, "editor"));

        // Authenticated: treatment services, hidden from the public, are listed.
        var listed = await (await editor.GetAsync($"{Organisations}?q={treatmentService}", Cancellation)).ShouldBeJsonAsync();
        listed["totalItems"]!.GetValue<int>().ShouldBe(1);
        (await editor.GetAsync($"{Organisations}/{treatmentService}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // An editor, not an organisation admin: keys and organisation details are not its to change.
        var key = await editor.PostAsync($"{Organisations}/{slug}/api-keys", HttpAssertions.Json(new { name = "x", role = "reader" }), Cancellation);
        await key.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var rename = await Api.PlatformAdmin().ConditionalAsync(HttpMethod.Put, $"{Organisations}/{slug}", HttpAssertions.Json(new { name = "Renamed by an editor" }));
        await (await editor.SendAsync(rename, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_valid_org_admin_token_acts_for_its_own_organisation_only()
    {
        var own = await Api.CreateOrganisationAsync();
        var other = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithToken(TestTokens.For(own, "org-admin"));

        using var renameOwn = await Api.PlatformAdmin().ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{own}", AccessArrangement.MergePatch(new { name = "Renamed by its admin" }));
        var renamed = await (await orgAdmin.SendAsync(renameOwn, Cancellation)).ShouldBeJsonAsync();
        renamed["name"]!.GetValue<string>().ShouldBe("Renamed by its admin");

        using var renameOther = await Api.PlatformAdmin().ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{other}", AccessArrangement.MergePatch(new { name = "Taken over" }));
        await (await orgAdmin.SendAsync(renameOther, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_key_list_shows_name_and_prefix_but_never_the_secret()
    {
        var slug = await Api.CreateOrganisationAsync();
        var issued = await Api.IssueKeyAsync(slug, "reader", name: "Meeting finder app");
        var secret = issued["key"]!.GetValue<string>();
        var prefix = issued["prefix"]!.GetValue<string>();
        secret.ShouldStartWith(prefix);

        using var admin = Api.PlatformAdmin();
        var list = await admin.GetAsync($"{Organisations}/{slug}/api-keys", Cancellation);
        var text = await list.Content.ReadAsStringAsync(Cancellation);
        text.ShouldNotContain(secret);
        text.ShouldNotContain(secret[prefix.Length..]);

        var item = (await list.ShouldBeJsonAsync())["items"]!.AsArray().Single(k => k!["id"]!.GetValue<Guid>() == issued["id"]!.GetValue<Guid>())!.AsObject();
        item["name"]!.GetValue<string>().ShouldBe("Meeting finder app");
        item["prefix"]!.GetValue<string>().ShouldBe(prefix);
        item["role"]!.GetValue<string>().ShouldBe("reader");
        item.ContainsKey("key").ShouldBeFalse();
        item.ContainsKey("secretHash").ShouldBeFalse();
    }

    [Fact]
    public async Task Last_used_is_set_once_a_key_is_used()
    {
        var slug = await Api.CreateOrganisationAsync();
        var issued = await Api.IssueKeyAsync(slug, "reader");
        var id = issued["id"]!.GetValue<Guid>();
        LastUsedAt(await Api.KeysOfAsync(slug), id).ShouldBeNull();

        (await Api.WithKey(issued["key"]!.GetValue<string>()).GetAsync(Organisations, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Written in the background, off the request's path (ApiKeyUsage): soon, not before the answer.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (LastUsedAt(await Api.KeysOfAsync(slug), id) is null)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the key's use should be recorded within seconds");
            await Task.Delay(50, Cancellation);
        }
    }

    [Fact]
    public async Task A_revoked_key_sent_beside_a_valid_token_is_still_a_401()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var client = Api.WithToken(TestTokens.For(slug, "editor"));
        client.DefaultRequestHeaders.Add("X-Api-Key", "rpk_00000000_unknownunknownunknownunknownunknownunknown00");
        await (await client.GetAsync("/api/v1/organisations", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_api_key_headers_are_a_401_whichever_comes_first(bool validFirst)
    {
        var valid = await Api.CreateKeyAsync(await Api.CreateOrganisationAsync(), "editor");
        const string invalid = "rpk_00000000_unknownunknownunknownunknownunknownunknown00";
        using var request = new HttpRequestMessage(HttpMethod.Get, Organisations);
        request.Headers.TryAddWithoutValidation("X-Api-Key", validFirst ? [valid, invalid] : [invalid, valid]).ShouldBeTrue();

        var response = await Api.Anonymous().SendAsync(request, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Bearer garbage")]
    [InlineData("Basic c29tZW9uZTpzZWNyZXQ=")]
    [InlineData("Bearer")]
    [InlineData("Token rpk_0123abcd_notakeyatallbutlongenoughtolookplausible")]
    public async Task A_valid_key_beside_an_authorization_header_that_is_not_a_valid_bearer_token_is_a_401(string authorization)
    {
        using var client = Api.WithKey(await Api.CreateKeyAsync(await Api.CreateOrganisationAsync(), "editor"));
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization).ShouldBeTrue();

        var response = await client.GetAsync(Organisations, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_changes_are_audited_under_the_organisation_and_subject()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var admin = Api.WithToken(TestTokens.For(slug, "org-admin", subject: "alice"));
        (await admin.PostAsync($"/api/v1/organisations/{slug}/api-keys", HttpAssertions.Json(new { name = "app", role = "reader" }), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var entries = (await (await admin.GetAsync("/api/v1/audit?entityType=api-key", Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray();
        entries.Single()!["actor"]!.GetValue<string>().ShouldBe($"token:{slug}:alice");
    }

    private static DateTimeOffset? LastUsedAt(JsonArray keys, Guid id) =>
        keys.Single(k => k!["id"]!.GetValue<Guid>() == id)!["lastUsedAt"]?.GetValue<DateTimeOffset>();
}

public sealed class CredentialTestsOnSqlite(SqliteApiFactory api) : CredentialTests<SqliteApiFactory>(api);
