using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.IntegrationTests.Referrals;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// Something real behind every path parameter of the document, made through the API before the bad input is
/// sent, so a malformed body or header reaches an operation on a resource that exists: an organisation with its
/// groups, venues, formats, a meeting with a cancelled date, a key, an import, a referral, a webhook, and the Open
/// Referral views of them. A resource that a request deletes is made again before the next request names it.
/// </summary>
internal sealed class BadInputWorld
{
    /// <summary>Tuesday 29 December 2026: a date the weekly Tuesday meetings have, cancelled in the arrangement.</summary>
    public const string CancelledDate = "2026-12-29";

    private readonly ApiFactory _api;
    private readonly string _webhookUrl;
    private readonly Dictionary<string, string> _current = [];
    private readonly Dictionary<string, Func<Task<string>>> _make = [];

    private BadInputWorld(ApiFactory api, string webhookUrl)
    {
        _api = api;
        _webhookUrl = webhookUrl;
    }

    /// <summary>The organisation everything else belongs to.</summary>
    public string Slug => _current["organisation"];

    /// <summary>A fellowship that accepts referrals from anywhere, for the referral bodies.</summary>
    public string Fellowship { get; private set; } = string.Empty;

    public string Group => _current["group"];

    public string Venue => _current["venue"];

    public string Meeting => _current["meeting"];

    public string WebhookUrl => _webhookUrl;

    public static async Task<BadInputWorld> ArrangeAsync(ApiFactory api, string webhookUrl)
    {
        var world = new BadInputWorld(api, webhookUrl);
        var slug = await api.CreateOrganisationAsync();
        world._current["organisation"] = slug;
        await api.CreateFormatAsync(slug, "O", "Open", "open-to-all");
        await api.CreateFormatAsync(slug, "C", "Closed", "closed");
        world._current["format"] = "O";

        world._make["group"] = () => api.CreateGroupAsync(slug, "Headingley Group");
        world._make["venue"] = () => api.CreateVenueAsync(slug, "St Michael's Hall");
        world._make["meeting"] = () => api.CreateMeetingAsync(MeetingArrangement.MeetingBody(world.Group, venueId: world.Venue, formats: ["O"]));
        world._make["exception-date"] = world.CancelAsync;
        world._make["key"] = async () => (await api.IssueKeyAsync(slug, "reader"))["id"]!.GetValue<string>();
        world._make["import"] = world.ImportAsync;
        world._make["webhook"] = world.SubscribeAsync;

        var parties = await api.ReferralPartiesAsync();
        world.Fellowship = parties.Fellowship;
        world._make["referral"] = () => parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));

        foreach (var kind in world._make.Keys)
        {
            world._current[kind] = await world._make[kind]();
        }

        // A second meeting, at no venue, so the directory has an online one too.
        await api.CreateMeetingAsync(MeetingArrangement.MeetingBody(world.Group, name: "Tuesday Online"));
        foreach (var (kind, list) in new[] { ("or-service", "services"), ("or-service-at-location", "service_at_locations"), ("or-taxonomy", "taxonomies"), ("or-taxonomy-term", "taxonomy_terms") })
        {
            world._current[kind] = await world.FirstOpenReferralIdAsync(list);
        }

        return world;
    }

    /// <summary>The kind of thing a path parameter names, or null when it is not one of the world's.</summary>
    public static string? KindOf(string template, string parameter) => parameter switch
    {
        "slug" => "organisation",
        "keyId" => "key",
        "code" => "format",
        "date" => "exception-date",
        "id" => template switch
        {
            _ when template.StartsWith("/api/v1/groups/", StringComparison.Ordinal) => "group",
            _ when template.StartsWith("/api/v1/venues/", StringComparison.Ordinal) => "venue",
            _ when template.StartsWith("/api/v1/meetings/", StringComparison.Ordinal) => "meeting",
            _ when template.StartsWith("/api/v1/imports/", StringComparison.Ordinal) => "import",
            _ when template.StartsWith("/api/v1/referrals/", StringComparison.Ordinal) => "referral",
            _ when template.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal) => "webhook",
            _ when template.StartsWith("/openreferral/services/", StringComparison.Ordinal) => "or-service",
            _ when template.StartsWith("/openreferral/service_at_locations/", StringComparison.Ordinal) => "or-service-at-location",
            _ when template.StartsWith("/openreferral/taxonomies/", StringComparison.Ordinal) => "or-taxonomy",
            _ when template.StartsWith("/openreferral/taxonomy_terms/", StringComparison.Ordinal) => "or-taxonomy-term",
            _ => null,
        },
        _ => null,
    };

    /// <summary>The real value for <paramref name="kind"/>, as it stands now.</summary>
    public string Existing(string kind) => _current[kind];

    /// <summary>After a request removed the thing of <paramref name="kind"/>, makes another for the requests still to come.</summary>
    public async Task ReplaceAsync(string kind)
    {
        if (_make.TryGetValue(kind, out var make))
        {
            _current[kind] = await make();
        }
    }

    private async Task<string> CancelAsync()
    {
        using var admin = _api.PlatformAdmin();
        var response = await admin.PostAsync($"{MeetingArrangement.Meetings}/{Meeting}/cancellations", HttpAssertions.Json(new { date = CancelledDate }), TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return CancelledDate;
    }

    private async Task<string> ImportAsync()
    {
        using var admin = _api.PlatformAdmin();
        var file = """[{"name":"Imported Big Book","slug":"imported-big-book","day":2,"time":"19:30","timezone":"Europe/London","types":["O"],"location":"St Michael's Hall","address":"St Michael's Road","city":"Leeds","postal_code":"LS6 3AW","country":"UK"}]""";
        var response = await admin.PostAsync($"/api/v1/organisations/{Slug}/imports?dryRun=true", HttpAssertions.Json(file), TestContext.Current.CancellationToken);
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted))["id"]!.GetValue<string>();
    }

    private async Task<string> SubscribeAsync()
    {
        using var admin = _api.PlatformAdmin();
        var response = await admin.PostAsync("/api/v1/webhooks", HttpAssertions.Json(new { organisation = Slug, url = _webhookUrl, events = new[] { "meeting.deleted" } }), TestContext.Current.CancellationToken);
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Created))["webhook"]!["id"]!.GetValue<string>();
    }

    private async Task<string> FirstOpenReferralIdAsync(string list)
    {
        using var anonymous = _api.Anonymous();
        var page = await (await anonymous.GetAsync($"/openreferral/{list}", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        var first = page["contents"]?.AsArray().FirstOrDefault();
        first.ShouldNotBeNull($"/openreferral/{list} lists nothing to name: {page.ToJsonString()[..Math.Min(300, page.ToJsonString().Length)]}");
        return first["id"]!.GetValue<string>();
    }
}
