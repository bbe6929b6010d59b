using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.IntegrationTests.Referrals;

namespace RecoveryPlatform.IntegrationTests.Webhooks;

/// <summary>
/// Issue 16's webhooks, through HTTP as a subscriber meets them: a receiver on 127.0.0.1 gets signed POSTs of ids only,
/// retried with the same id until it accepts, in order per resource; repeated failures disable the subscription with
/// the reason shown; only a subscription's managers see it; and a URL that could reach a non-public address is refused.
/// </summary>
public abstract class WebhooksTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Webhooks = "/api/v1/webhooks";

    private async Task<(string Slug, HttpClient Admin)> OrganisationWithAdminAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        return (slug, Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin")));
    }

    private static async Task<(string Id, string Secret, JsonObject Webhook)> SubscribeAsync(HttpClient client, string? organisation, string url, params string[] events)
    {
        var created = await (await client.PostAsync(Webhooks, HttpAssertions.Json(new { organisation, url, events }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var webhook = created["webhook"]!.AsObject();
        return (webhook.Str("id"), created.Str("secret"), webhook);
    }

    private static async Task<JsonArray> DeliveriesAsync(HttpClient client, string id) =>
        (await (await client.GetAsync($"{Webhooks}/{id}/deliveries", Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray();

    private static Task Eventually(Func<bool> condition, string what) =>
        ChangeLogInspection.EventuallyAsync(() => Task.FromResult(condition()), what);

    [Fact]
    public async Task A_change_is_delivered_as_a_signed_post_of_ids_only()
    {
        var (slug, admin) = await OrganisationWithAdminAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret, webhook) = await SubscribeAsync(admin, null, receiver.Url, "meeting.created", "meeting.updated");
        webhook.Str("organisation").ShouldBe(slug);
        webhook.Str("audience").ShouldBe("organisation");
        webhook.Str("status").ShouldBe("active");
        webhook.ContainsKey("secret").ShouldBeFalse();

        var group = await Api.CreateGroupAsync(slug, "Signed Group");
        var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, "Confidential Name Meeting"));

        await Eventually(() => receiver.Accepted.Count == 1, "the new meeting is delivered");
        var delivery = receiver.Received.ShouldHaveSingleItem("group.created was not asked for, so only the meeting is sent");
        delivery.IsSignedWith(secret).ShouldBeTrue("the signature verifies with the secret shown at creation");
        long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());

        var body = delivery.Json;
        body.Select(p => p.Key).ShouldBe(["id", "type", "occurredAt", "organisation", "resource"], ignoreOrder: true);
        body.Str("id").ShouldBe(delivery.Id, "the body's id is the webhook-id");
        body.Str("type").ShouldBe("meeting.created");
        body["organisation"].Str("slug").ShouldBe(slug);
        body["resource"].Str("kind").ShouldBe("meeting");
        body["resource"].Str("id").ShouldBe(meeting);
        body["resource"].Str("href").ShouldBe($"/api/v1/meetings/{meeting}");
        delivery.Body.ShouldNotContain("Confidential", Case.Insensitive, "ids only: never a record's data");

        var deliveries = await DeliveriesAsync(admin, id);
        await ChangeLogInspection.EventuallyAsync(async () => (await DeliveriesAsync(admin, id)).Single()!.Str("status") == "delivered", "the delivery is recorded as delivered");
        deliveries.Single()!.Str("id").ShouldBe(delivery.Id);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_delivery_again_with_the_same_id_and_later_changes_wait_for_it()
    {
        var (slug, admin) = await OrganisationWithAdminAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => Task.FromResult(n <= 2 ? 500 : 204);
        var (id, secret, _) = await SubscribeAsync(admin, null, receiver.Url, "meeting.created", "meeting.updated");

        var group = await Api.CreateGroupAsync(slug, "Retry Group");
        var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, "Retried"));
        await Api.PatchAsAdminAsync($"/api/v1/meetings/{meeting}", new { name = "Retried, renamed" });

        await Eventually(() => receiver.Accepted.Count == 2, "both changes are delivered in the end");
        var received = receiver.Received;
        received.Select(r => (r.Type, r.AnsweredWith)).ShouldBe([("meeting.created", 500), ("meeting.created", 500), ("meeting.created", 204), ("meeting.updated", 204)]);
        received.Take(3).Select(r => r.Id).Distinct().ShouldHaveSingleItem("every attempt carries the same webhook-id");
        received.Take(3).Select(r => r.Body).Distinct().ShouldHaveSingleItem("and the same body");
        received.ShouldAllBe(r => r.IsSignedWith(secret));
        received[3].Id.ShouldNotBe(received[0].Id);

        await ChangeLogInspection.EventuallyAsync(async () => (await DeliveriesAsync(admin, id)).All(d => d!.Str("status") == "delivered"), "both are recorded as delivered");
        var deliveries = await DeliveriesAsync(admin, id);
        deliveries.Select(d => (d!.Str("type"), d!["attempts"]!.GetValue<int>())).ShouldBe([("meeting.updated", 1), ("meeting.created", 3)], "newest first");
    }

    [Fact]
    public async Task A_delivery_the_receiver_answered_too_late_is_sent_again_with_the_same_id_so_the_receiver_can_drop_the_repeat()
    {
        var (slug, admin) = await OrganisationWithAdminAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var processed = new HashSet<string>();
        receiver.Answer = async n =>
        {
            if (n == 1)
            {
                // Past the attempt timeout (2 s in tests): the receiver did its work, the platform never heard.
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return 200;
        };
        await SubscribeAsync(admin, null, receiver.Url, "group.created");

        await Api.CreateGroupAsync(slug, "Slow Receiver Group");

        await Eventually(() => receiver.Received.Count >= 2, "the unanswered attempt is made again");
        var received = receiver.Received;
        received.Select(r => r.Id).Distinct().ShouldHaveSingleItem("the repeat has the first attempt's webhook-id");
        foreach (var delivery in received)
        {
            processed.Add(delivery.Id);
        }

        processed.Count.ShouldBe(1, "a receiver that keeps the ids it has seen processes the change once");
    }

    [Fact]
    public async Task Repeated_failures_disable_the_subscription_with_the_reason_and_re_enabling_sends_what_waited()
    {
        var (_, admin) = await OrganisationWithAdminAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => Task.FromResult(503);
        var (id, secret, _) = await SubscribeAsync(admin, null, receiver.Url, "meeting.created");

        var queued = await (await admin.PostAsync($"{Webhooks}/{id}/test", null, Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Accepted);
        queued.Str("type").ShouldBe("webhook.test");
        queued.Str("status").ShouldBe("pending");

        JsonObject webhook = [];
        await ChangeLogInspection.EventuallyAsync(
            async () => (webhook = await (await admin.GetAsync($"{Webhooks}/{id}", Cancellation)).ShouldBeJsonAsync()).Str("status") == "disabled",
            "four failures in a row disable the subscription");
        webhook.Str("disabledReason").ShouldContain("4 consecutive failed deliveries");
        webhook.Str("disabledReason").ShouldContain("HTTP 503");
        webhook["disabledAt"].ShouldNotBeNull();

        var attemptsWhenDisabled = receiver.Received.Count;
        attemptsWhenDisabled.ShouldBe(4);
        var pending = (await DeliveriesAsync(admin, id)).Single()!;
        pending.Str("status").ShouldBe("pending");
        pending["lastStatusCode"]!.GetValue<int>().ShouldBe(503);
        pending.Str("lastError").ShouldBe("HTTP 503");

        await (await admin.PostAsync($"{Webhooks}/{id}/test", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        receiver.Received.Count.ShouldBe(attemptsWhenDisabled, "nothing is sent while disabled");

        receiver.Answer = _ => Task.FromResult(204);
        var enabled = await (await admin.PostAsync($"{Webhooks}/{id}/enable", null, Cancellation)).ShouldBeJsonAsync();
        enabled.Str("status").ShouldBe("active");
        enabled["disabledReason"].ShouldBeNull();
        enabled["consecutiveFailures"]!.GetValue<int>().ShouldBe(0);

        await Eventually(() => receiver.Accepted.Count == 1, "the waiting delivery goes out once re-enabled");
        receiver.Accepted.Single().IsSignedWith(secret).ShouldBeTrue();
        receiver.Accepted.Single().Id.ShouldBe(queued.Str("id"));
    }

    [Fact]
    public async Task A_rotated_secret_signs_what_is_sent_next_and_is_shown_only_once()
    {
        var (slug, admin) = await OrganisationWithAdminAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, oldSecret, _) = await SubscribeAsync(admin, null, receiver.Url, "venue.created");

        var rotated = await (await admin.PostAsync($"{Webhooks}/{id}/secret", null, Cancellation)).ShouldBeJsonAsync();
        var newSecret = rotated.Str("secret");
        newSecret.ShouldStartWith("whsec_");
        newSecret.ShouldNotBe(oldSecret);
        (await (await admin.GetAsync($"{Webhooks}/{id}", Cancellation)).ShouldBeJsonAsync()).ToJsonString().ShouldNotContain(newSecret["whsec_".Length..]);

        await Api.CreateVenueAsync(slug, "Rotation Hall");
        await Eventually(() => receiver.Accepted.Count == 1, "the venue is delivered");
        receiver.Accepted.Single().IsSignedWith(newSecret).ShouldBeTrue();
        receiver.Accepted.Single().IsSignedWith(oldSecret).ShouldBeFalse();
    }

    [Fact]
    public async Task Referral_events_reach_the_admins_of_both_parties_with_no_personal_data()
    {
        var parties = await Api.ReferralPartiesAsync();
        await using var fellowshipReceiver = await WebhookReceiver.StartAsync();
        await using var serviceReceiver = await WebhookReceiver.StartAsync();
        await SubscribeAsync(parties.FellowshipAdmin, null, fellowshipReceiver.Url, "referral.received", "referral.status-changed");
        await SubscribeAsync(parties.ServiceAdmin, null, serviceReceiver.Url, "referral.received", "referral.status-changed");

        var referral = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        (await parties.Coordinator.MoveAsync(referral, "received")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually(() => fellowshipReceiver.Accepted.Count == 2 && serviceReceiver.Accepted.Count == 1, "the receiver hears of both, the referrer of the status change");
        fellowshipReceiver.Accepted.Select(r => r.Type).ShouldBe(["referral.received", "referral.status-changed"]);
        serviceReceiver.Accepted.Single().Type.ShouldBe("referral.status-changed", "referral.received is the receiving organisation's news");
        foreach (var delivery in fellowshipReceiver.Accepted.Concat(serviceReceiver.Accepted))
        {
            delivery.Json["resource"].Str("href").ShouldBe($"/api/v1/referrals/{referral}");
            foreach (var personal in new[] { ReferralArrangement.PersonName, ReferralArrangement.PersonLastName, ReferralArrangement.PersonPhone, ReferralArrangement.PersonEmail, "alcohol" })
            {
                delivery.Body.ShouldNotContain(personal, Case.Insensitive);
            }
        }
    }

    [Fact]
    public async Task Only_a_subscriptions_managers_see_it_and_a_reader_may_follow_only_public_events()
    {
        var (mine, myAdmin) = await OrganisationWithAdminAsync();
        var (theirs, theirAdmin) = await OrganisationWithAdminAsync();
        using var theirReader = Api.WithKey(await Api.CreateKeyAsync(theirs, "reader"));
        var (id, _, _) = await SubscribeAsync(myAdmin, null, "https://93.184.215.14/hook", "meeting.created");

        await (await theirAdmin.GetAsync($"{Webhooks}/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await theirAdmin.GetAsync($"{Webhooks}/{id}/deliveries", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await theirAdmin.DeleteAsync($"{Webhooks}/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await theirAdmin.PostAsync($"{Webhooks}/{id}/secret", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await theirAdmin.GetAsync(Webhooks, Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray().ShouldNotContain(w => w!.Str("id") == id);
        await (await Api.Anonymous().GetAsync(Webhooks, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        // A reader app may follow another organisation's public directory, never its referrals (nor its own organisation's).
        var forbidden = await theirReader.PostAsync(Webhooks, HttpAssertions.Json(new { organisation = mine, url = "https://93.184.215.14/hook", events = new[] { "referral.received" } }), Cancellation);
        await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await theirReader.PostAsync(Webhooks, HttpAssertions.Json(new { url = "https://93.184.215.14/hook", events = new[] { "referral.status-changed" } }), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var (readers, _, following) = await SubscribeAsync(theirReader, mine, "https://93.184.215.14/hook", "meeting.created", "meeting.deleted");
        following.Str("audience").ShouldBe("public");
        following.Str("organisation").ShouldBe(mine);
        (await (await theirReader.GetAsync(Webhooks, Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray().Select(w => w!.Str("id")).ShouldBe([readers]);
        await (await myAdmin.GetAsync($"{Webhooks}/{readers}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await theirAdmin.GetAsync($"{Webhooks}/{readers}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK, "an organisation's admins manage what its credentials subscribed");

        (await myAdmin.DeleteAsync($"{Webhooks}/{id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await myAdmin.GetAsync($"{Webhooks}/{id}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("http://93.184.215.14/hook", "Must be an https URL.")]
    [InlineData("ftp://93.184.215.14/hook", "Must be an https URL.")]
    [InlineData("/relative/hook", "Must be an absolute URL.")]
    [InlineData("hooks.example.org/recovery", "Must be an absolute URL.")]
    [InlineData("https://user:password@93.184.215.14/hook", "Must not carry a user name or password.")]
    [InlineData("https://10.1.2.3/hook", "a private address (RFC 1918)")]
    [InlineData("https://172.16.0.1/hook", "a private address (RFC 1918)")]
    [InlineData("https://192.168.1.10/hook", "a private address (RFC 1918)")]
    [InlineData("https://100.64.0.1/hook", "carrier-grade NAT")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://0.0.0.0/hook", "an unspecified address")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "a private address (RFC 1918)")]
    [InlineData("https://[::ffff:169.254.169.254]/hook", "link-local")]
    [InlineData("https://[fd00::1]/hook", "a unique local address")]
    [InlineData("https://[fe80::1]/hook", "a link-local address")]
    [InlineData("https://[::]/hook", "an unspecified address")]
    [InlineData("https://224.0.0.1/hook", "a multicast address")]
    [InlineData("https://does-not-exist.invalid/hook", "The host does not resolve to an address.")]
    public async Task A_url_that_is_not_https_or_could_reach_a_non_public_address_is_refused_naming_the_rule(string url, string rule)
    {
        var (_, admin) = await OrganisationWithAdminAsync();

        var response = await admin.PostAsync(Webhooks, HttpAssertions.Json(new { url, events = new[] { "meeting.created" } }), Cancellation);

        var problem = await response.ShouldBeValidationProblemAsync("url");
        problem["errors"]!["url"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldContain(message => message.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_url_over_2000_characters_an_unknown_event_type_or_no_event_types_are_refused_naming_the_rule()
    {
        var (_, admin) = await OrganisationWithAdminAsync();
        async Task<JsonObject> RefusedAsync(object body, string field) =>
            await (await admin.PostAsync(Webhooks, HttpAssertions.Json(body), Cancellation)).ShouldBeValidationProblemAsync(field);

        var tooLong = await RefusedAsync(new { url = "https://93.184.215.14/" + new string('a', 2000), events = new[] { "meeting.created" } }, "url");
        tooLong["errors"]!["url"]![0]!.GetValue<string>().ShouldBe("At most 2000 characters.");
        var unknown = await RefusedAsync(new { url = "https://93.184.215.14/hook", events = new[] { "meeting.created", "meeting.exploded" } }, "events");
        unknown["errors"]!["events"]![0]!.GetValue<string>().ShouldContain("Unknown event type 'meeting.exploded'");
        await RefusedAsync(new { url = "https://93.184.215.14/hook", events = Array.Empty<string>() }, "events");
        await RefusedAsync(new { events = new[] { "meeting.created" } }, "url");
        (await admin.GetAsync(Webhooks, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await admin.GetAsync(Webhooks, Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray().ShouldBeEmpty("nothing refused was stored");
    }
}

public sealed class WebhooksTestsOnSqlite(SqliteApiFactory api) : WebhooksTests<SqliteApiFactory>(api);
