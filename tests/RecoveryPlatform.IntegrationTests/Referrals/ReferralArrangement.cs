namespace RecoveryPlatform.IntegrationTests.Referrals;

/// <summary>
/// Two organisations ready to refer: a fellowship that accepts referrals (nationwide, or for the districts
/// given) with a coordinator and an admin, and a treatment service with a referrer and an admin.
/// </summary>
public sealed record ReferralParties(string Fellowship, string Service, HttpClient Coordinator, HttpClient FellowshipAdmin, HttpClient Referrer, HttpClient ServiceAdmin);

public static class ReferralArrangement
{
    public const string Referrals = "/api/v1/referrals";

    /// <summary>The person's details in <see cref="Submission"/>: each test looks for these where they must not be.</summary>
    public const string PersonName = "Zebedee";
    public const string PersonLastName = "Quarrington";
    public const string PersonPhone = "07700 900461";
    public const string PersonEmail = "zebedee.q@example.com";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<ReferralParties> ReferralPartiesAsync(this ApiFactory api, params string[] districts)
    {
        var fellowship = await api.CreateOrganisationAsync();
        var service = await api.CreateOrganisationAsync("treatment-service");
        var parties = new ReferralParties(
            fellowship,
            service,
            api.WithKey(await api.CreateKeyAsync(fellowship, "referral-coordinator")),
            api.WithKey(await api.CreateKeyAsync(fellowship, "org-admin")),
            api.WithKey(await api.CreateKeyAsync(service, "referrer")),
            api.WithKey(await api.CreateKeyAsync(service, "org-admin")));
        var settings = new { acceptsReferrals = true, nationwide = districts.Length == 0, districts, coordinatorContact = "coordinators@example.org" };
        var response = await parties.FellowshipAdmin.PutAsync($"/api/v1/organisations/{fellowship}/referral-settings", HttpAssertions.Json(settings), Cancellation);
        await response.ShouldBeJsonAsync();
        return parties;
    }

    /// <summary>A valid referral to <paramref name="fellowship"/>, as a JSON object a test can change.</summary>
    public static JsonObject Submission(string fellowship, string? notes = "Would like someone to go with them the first time.") =>
        JsonSerializer.SerializeToNode(new
        {
            organisation = fellowship,
            area = "LS6 1AA",
            person = new
            {
                firstName = PersonName,
                lastName = PersonLastName,
                phone = PersonPhone,
                email = PersonEmail,
                preferredContactMethod = "text",
                preferredContactTimes = "Weekday evenings",
                language = "en",
                accessNeeds = "Step-free access, please.",
            },
            reason = "alcohol",
            notes,
            consent = new { given = true, statementVersion = "2026-01", capturedBy = "Alex Practitioner", capturedAt = "2026-11-30T09:00:00Z" },
            referrer = new { name = "Alex Practitioner", role = "Recovery worker", workPhone = "0113 496 0000", workEmail = "recovery.team@example.org" },
            priority = "urgent",
        }, JsonSerializerOptions.Web)!.AsObject();

    public static HttpRequestMessage SubmitRequest(JsonObject body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Referrals) { Content = HttpAssertions.Json(body.ToJsonString()) };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>Submits and returns the new referral's id.</summary>
    public static async Task<string> SubmitAsync(this HttpClient referrer, JsonObject body)
    {
        var created = await (await referrer.SendAsync(SubmitRequest(body), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    public static async Task<HttpResponseMessage> MoveAsync(this HttpClient client, string id, string status, string? reason = null, string? note = null) =>
        await client.PostAsync($"{Referrals}/{id}/transitions", HttpAssertions.Json(new { status, reason, note }), Cancellation);

    /// <summary>GET with a purpose (direct-care unless said otherwise).</summary>
    public static async Task<HttpResponseMessage> ReadAsync(this HttpClient client, string url, string? purpose = "direct-care")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (purpose is not null)
        {
            request.Headers.Add("Purpose", purpose);
        }

        return await client.SendAsync(request, Cancellation);
    }
}
