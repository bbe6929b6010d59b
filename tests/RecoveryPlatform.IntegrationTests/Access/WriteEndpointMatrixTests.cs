using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Access;

/// <summary>Where the written-to organisation stands relative to the caller.</summary>
public enum Target
{
    /// <summary>The endpoint is not about one organisation (creating one).</summary>
    None,

    /// <summary>The caller's own organisation.</summary>
    Own,

    /// <summary>An organisation the caller does not belong to (for a platform admin: any organisation).</summary>
    Other,
}

/// <summary>
/// Issue 3, enforced for every write endpoint the API maps: the endpoint list is read from the running
/// application, so a new POST, PUT, PATCH or DELETE under /api/v1 fails <see cref="Every_write_endpoint_has_a_row_in_the_table"/>
/// until it has a row here saying how to call it and what each role may do to its own and another organisation.
/// </summary>
public abstract class WriteEndpointMatrixTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Organisations = AccessArrangement.Organisations;

    private const string Anonymous = "anonymous";
    private const string PlatformAdmin = "platform-admin";
    private const string OrgAdmin = "org-admin";
    private const string Editor = "editor";
    private const string Reader = "reader";
    private const string ReferralCoordinator = "referral-coordinator";
    private const string Referrer = "referrer";

    /// <summary>A Tuesday the matrix meetings' weekly schedule has.</summary>
    private const string MatrixTuesday = "2027-01-05";

    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>
    /// One row per write endpoint, by endpoint name: how to send one valid request against a target
    /// organisation (arranged as a platform admin), and the status each role gets for it.
    /// </summary>
    private static readonly Dictionary<string, WriteEndpoint> Table = new(StringComparer.Ordinal)
    {
        ["CreateOrganisation"] = new(CreateOrganisationAsync, OnlyPlatformAdmins(HttpStatusCode.Created)),
        ["ReplaceOrganisation"] = new(ReplaceOrganisationAsync, OrganisationAdmins(HttpStatusCode.OK)),
        ["PatchOrganisation"] = new(PatchOrganisationAsync, OrganisationAdmins(HttpStatusCode.OK)),
        ["CreateApiKey"] = new(CreateApiKeyAsync, OrganisationAdmins(HttpStatusCode.Created)),
        ["RevokeApiKey"] = new(RevokeApiKeyAsync, OrganisationAdmins(HttpStatusCode.NoContent)),
        ["CreateVenue"] = new(CreateVenueAsync, DirectoryEditorsCreating(HttpStatusCode.Created)),
        ["ReplaceVenue"] = new(ReplaceVenueAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["PatchVenue"] = new(PatchVenueAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["ArchiveVenue"] = new(ArchiveVenueAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["UnarchiveVenue"] = new(UnarchiveVenueAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["DeleteVenue"] = new(DeleteVenueAsync, DirectoryEditors(HttpStatusCode.NoContent)),
        ["CreateGroup"] = new(CreateGroupAsync, DirectoryEditorsCreating(HttpStatusCode.Created)),
        ["ReplaceGroup"] = new(ReplaceGroupAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["PatchGroup"] = new(PatchGroupAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["DeleteGroup"] = new(DeleteGroupAsync, DirectoryEditors(HttpStatusCode.NoContent)),
        ["VerifyGroup"] = new(VerifyGroupAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["CreateMeeting"] = new(CreateMeetingAsync, DirectoryEditorsCreating(HttpStatusCode.Created)),
        ["ReplaceMeeting"] = new(ReplaceMeetingAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["PatchMeeting"] = new(PatchMeetingAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["DeleteMeeting"] = new(DeleteMeetingAsync, DirectoryEditors(HttpStatusCode.NoContent)),
        ["CancelMeetingOccurrence"] = new(CancelMeetingOccurrenceAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["ChangeMeetingOccurrence"] = new(ChangeMeetingOccurrenceAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["RemoveMeetingException"] = new(RemoveMeetingExceptionAsync, DirectoryEditors(HttpStatusCode.OK)),
        ["CreateFormat"] = new(CreateFormatAsync, OrganisationAdmins(HttpStatusCode.Created)),
        ["ReplaceFormat"] = new(ReplaceFormatAsync, OrganisationAdmins(HttpStatusCode.OK)),
        ["SubmitImport"] = new(SubmitImportAsync, OrganisationAdmins(HttpStatusCode.Accepted)),
        ["PutReferralSettings"] = new(PutReferralSettingsAsync, ReferralSettingsAdmins()),
        ["SubmitReferral"] = new(SubmitReferralAsync, OnlyReferrers()),
        ["TransitionReferral"] = new(MarkReferralEnteredInErrorAsync, ReferralParties(HttpStatusCode.OK, coordinators: HttpStatusCode.OK)),
        ["ErasePersonalData"] = new(EraseReferralPersonalDataAsync, ReferralParties(HttpStatusCode.NoContent, coordinators: HttpStatusCode.Forbidden)),
        ["CreateWebhook"] = new(CreateWebhookAsync, WebhookSubscribers()),
        ["DeleteWebhook"] = new(DeleteWebhookAsync, WebhookManagers(HttpStatusCode.NoContent)),
        ["TestWebhook"] = new(TestWebhookAsync, WebhookManagers(HttpStatusCode.Accepted)),
        ["RotateWebhookSecret"] = new(RotateWebhookSecretAsync, WebhookManagers(HttpStatusCode.OK)),
        ["EnableWebhook"] = new(EnableWebhookAsync, WebhookManagers(HttpStatusCode.OK)),
    };

    public static TheoryData<string, string, Target, HttpStatusCode> Cells()
    {
        var cells = new TheoryData<string, string, Target, HttpStatusCode>();
        foreach (var (endpoint, row) in Table.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            foreach (var ((role, target), expected) in row.Expected)
            {
                cells.Add(endpoint, role, target, expected);
            }
        }

        return cells;
    }

    [Fact]
    public void Every_write_endpoint_has_a_row_in_the_table()
    {
        var discovered = DiscoverWriteEndpoints();
        discovered.ShouldNotBeEmpty();

        var missing = discovered.Where(name => !Table.ContainsKey(name)).ToList();
        missing.ShouldBeEmpty($"These write endpoints have no row in the table of {nameof(WriteEndpointMatrixTests<TFactory>)}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_row_in_the_table_names_a_mapped_write_endpoint()
    {
        var discovered = DiscoverWriteEndpoints();

        var stale = Table.Keys.Where(name => !discovered.Contains(name)).ToList();
        stale.ShouldBeEmpty($"These rows name no mapped write endpoint: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task A_write_answers_each_role_as_the_table_says(string endpoint, string role, Target target, HttpStatusCode expected)
    {
        var (caller, callersOrganisation) = await CallerAsync(role);
        using (caller)
        {
            var targetSlug = target switch
            {
                Target.Own => callersOrganisation!,
                Target.Other => await Api.CreateOrganisationAsync(),
                _ => string.Empty,
            };
            using var request = await Table[endpoint].Arrange(Api, targetSlug);

            var response = await caller.SendAsync(request, Cancellation);

            if ((int)expected < 400)
            {
                var text = await response.Content.ReadAsStringAsync(Cancellation);
                response.StatusCode.ShouldBe(expected, $"{role} → {endpoint} ({target}): {text}");
            }
            else
            {
                await response.ShouldBeProblemAsync(expected);
            }
        }
    }

    private List<string> DiscoverWriteEndpoints() =>
        Api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? string.Empty).TrimStart('/').StartsWith("api/v1", StringComparison.OrdinalIgnoreCase))
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => WriteMethods.Contains(m, StringComparer.OrdinalIgnoreCase)) == true)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"(unnamed: {e.DisplayName})")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>A client acting with <paramref name="role"/>, and the organisation it belongs to (none for platform admins and the anonymous).</summary>
    private async Task<(HttpClient Client, string? Organisation)> CallerAsync(string role)
    {
        switch (role)
        {
            case Anonymous:
                return (Api.Anonymous(), null);
            case PlatformAdmin:
                return (Api.PlatformAdmin(), null);
            default:
                var organisation = await Api.CreateOrganisationAsync(kind: role == Referrer ? "treatment-service" : "fellowship");
                return (Api.WithKey(await Api.CreateKeyAsync(organisation, role)), organisation);
        }
    }

    private static Dictionary<(string Role, Target Target), HttpStatusCode> OnlyPlatformAdmins(HttpStatusCode success) => new()
    {
        [(Anonymous, Target.None)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.None)] = success,
        [(OrgAdmin, Target.None)] = HttpStatusCode.Forbidden,
        [(Editor, Target.None)] = HttpStatusCode.Forbidden,
        [(Reader, Target.None)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.None)] = HttpStatusCode.Forbidden,
        [(Referrer, Target.None)] = HttpStatusCode.Forbidden,
    };

    private static Dictionary<(string Role, Target Target), HttpStatusCode> OrganisationAdmins(HttpStatusCode success) => new()
    {
        [(Anonymous, Target.Other)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.Other)] = success,
        [(OrgAdmin, Target.Own)] = success,
        [(OrgAdmin, Target.Other)] = HttpStatusCode.NotFound,
        [(Editor, Target.Own)] = HttpStatusCode.Forbidden,
        [(Editor, Target.Other)] = HttpStatusCode.Forbidden,
        [(Reader, Target.Own)] = HttpStatusCode.Forbidden,
        [(Reader, Target.Other)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.Own)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.Other)] = HttpStatusCode.Forbidden,
        [(Referrer, Target.Own)] = HttpStatusCode.Forbidden,
        [(Referrer, Target.Other)] = HttpStatusCode.Forbidden,
    };

    /// <summary>Directory writes: editors and organisation admins of the owner, and platform admins; another organisation's record is a 404.</summary>
    private static Dictionary<(string Role, Target Target), HttpStatusCode> DirectoryEditors(HttpStatusCode success) => new()
    {
        [(Anonymous, Target.Other)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.Other)] = success,
        [(OrgAdmin, Target.Own)] = success,
        [(OrgAdmin, Target.Other)] = HttpStatusCode.NotFound,
        [(Editor, Target.Own)] = success,
        [(Editor, Target.Other)] = HttpStatusCode.NotFound,
        [(Reader, Target.Own)] = HttpStatusCode.Forbidden,
        [(Reader, Target.Other)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.Own)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.Other)] = HttpStatusCode.Forbidden,
        // A referrer's own organisation is a treatment service, which holds no directory records.
        [(Referrer, Target.Other)] = HttpStatusCode.Forbidden,
    };

    /// <summary>Creating directory records: the owner is the caller's organisation, so only platform admins can aim at another.</summary>
    private static Dictionary<(string Role, Target Target), HttpStatusCode> DirectoryEditorsCreating(HttpStatusCode success) => new()
    {
        [(Anonymous, Target.Other)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.Other)] = success,
        [(OrgAdmin, Target.Own)] = success,
        [(Editor, Target.Own)] = success,
        [(Reader, Target.Own)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.Own)] = HttpStatusCode.Forbidden,
        [(Referrer, Target.Own)] = HttpStatusCode.Forbidden,
    };

    /// <summary>Referral settings are public to read: another organisation's admin is refused (403), not told it is missing.</summary>
    private static Dictionary<(string Role, Target Target), HttpStatusCode> ReferralSettingsAdmins()
    {
        var expected = OrganisationAdmins(HttpStatusCode.OK);
        expected[(OrgAdmin, Target.Other)] = HttpStatusCode.Forbidden;
        return expected;
    }

    /// <summary>Submitting a referral: a treatment service's referrers (a matrix org-admin's own is a fellowship).</summary>
    private static Dictionary<(string Role, Target Target), HttpStatusCode> OnlyReferrers() => new()
    {
        [(Anonymous, Target.Other)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.Other)] = HttpStatusCode.Forbidden,
        [(OrgAdmin, Target.Own)] = HttpStatusCode.Forbidden,
        [(Editor, Target.Own)] = HttpStatusCode.Forbidden,
        [(Reader, Target.Own)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.Own)] = HttpStatusCode.Forbidden,
        [(Referrer, Target.Own)] = HttpStatusCode.Created,
    };

    /// <summary>
    /// A referral's writes: only its two parties' referral roles (a matrix org-admin's and coordinator's own
    /// organisation is the receiving fellowship, a referrer's the referring service); to anyone else, a platform
    /// admin included, it does not exist.
    /// </summary>
    private static Dictionary<(string Role, Target Target), HttpStatusCode> ReferralParties(HttpStatusCode success, HttpStatusCode coordinators) => new()
    {
        [(Anonymous, Target.Other)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.Other)] = HttpStatusCode.NotFound,
        [(OrgAdmin, Target.Own)] = success,
        [(OrgAdmin, Target.Other)] = HttpStatusCode.NotFound,
        [(Editor, Target.Own)] = HttpStatusCode.NotFound,
        [(Editor, Target.Other)] = HttpStatusCode.NotFound,
        [(Reader, Target.Own)] = HttpStatusCode.NotFound,
        [(Reader, Target.Other)] = HttpStatusCode.NotFound,
        [(ReferralCoordinator, Target.Own)] = coordinators,
        [(ReferralCoordinator, Target.Other)] = HttpStatusCode.NotFound,
        [(Referrer, Target.Own)] = success,
        [(Referrer, Target.Other)] = HttpStatusCode.NotFound,
    };

    /// <summary>
    /// Subscribing to a target's directory and referral events: referral events only for the target's own admins (a
    /// platform admin is no party to referrals); everyone else may follow only the public directory (ADR 0015).
    /// </summary>
    private static Dictionary<(string Role, Target Target), HttpStatusCode> WebhookSubscribers() => new()
    {
        [(Anonymous, Target.Other)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.Other)] = HttpStatusCode.Forbidden,
        [(OrgAdmin, Target.Own)] = HttpStatusCode.Created,
        [(OrgAdmin, Target.Other)] = HttpStatusCode.Forbidden,
        [(Editor, Target.Own)] = HttpStatusCode.Forbidden,
        [(Reader, Target.Own)] = HttpStatusCode.Forbidden,
        [(Reader, Target.Other)] = HttpStatusCode.Forbidden,
        [(ReferralCoordinator, Target.Own)] = HttpStatusCode.Forbidden,
        [(Referrer, Target.Own)] = HttpStatusCode.Forbidden,
    };

    /// <summary>A subscription made by the target's admin: its organisation's admins and platform admins manage it; to anyone else it does not exist.</summary>
    private static Dictionary<(string Role, Target Target), HttpStatusCode> WebhookManagers(HttpStatusCode success) => new()
    {
        [(Anonymous, Target.Other)] = HttpStatusCode.Unauthorized,
        [(PlatformAdmin, Target.Other)] = success,
        [(OrgAdmin, Target.Own)] = success,
        [(OrgAdmin, Target.Other)] = HttpStatusCode.NotFound,
        [(Editor, Target.Own)] = HttpStatusCode.NotFound,
        [(Editor, Target.Other)] = HttpStatusCode.NotFound,
        [(Reader, Target.Own)] = HttpStatusCode.NotFound,
        [(Reader, Target.Other)] = HttpStatusCode.NotFound,
        [(ReferralCoordinator, Target.Own)] = HttpStatusCode.NotFound,
        [(Referrer, Target.Own)] = HttpStatusCode.NotFound,
    };

    private const string MatrixReceiver = "https://93.184.215.14/matrix-hook";

    private static Task<HttpRequestMessage> CreateWebhookAsync(ApiFactory api, string target) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks")
        {
            Content = HttpAssertions.Json(new { organisation = target, url = MatrixReceiver, events = new[] { "meeting.created", "referral.received" } }),
        });

    /// <summary>A subscription of the target's, made by one of its admins.</summary>
    private static async Task<string> WebhookOfAsync(ApiFactory api, string target)
    {
        using var admin = api.WithKey(await api.CreateKeyAsync(target, "org-admin"));
        var created = await (await admin.PostAsync("/api/v1/webhooks", HttpAssertions.Json(new { url = MatrixReceiver, events = new[] { "meeting.created" } }), TestContext.Current.CancellationToken))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        return created["webhook"]!["id"]!.GetValue<string>();
    }

    private static async Task<HttpRequestMessage> DeleteWebhookAsync(ApiFactory api, string target) =>
        new(HttpMethod.Delete, $"/api/v1/webhooks/{await WebhookOfAsync(api, target)}");

    private static async Task<HttpRequestMessage> TestWebhookAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"/api/v1/webhooks/{await WebhookOfAsync(api, target)}/test");

    private static async Task<HttpRequestMessage> RotateWebhookSecretAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"/api/v1/webhooks/{await WebhookOfAsync(api, target)}/secret");

    private static async Task<HttpRequestMessage> EnableWebhookAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"/api/v1/webhooks/{await WebhookOfAsync(api, target)}/enable");

    private static Task<HttpRequestMessage> PutReferralSettingsAsync(ApiFactory api, string target) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Put, $"{Organisations}/{target}/referral-settings")
        {
            Content = HttpAssertions.Json(new { acceptsReferrals = true, nationwide = true }),
        });

    /// <summary>A referral to a new fellowship that accepts referrals; the caller's role alone decides.</summary>
    private static async Task<HttpRequestMessage> SubmitReferralAsync(ApiFactory api, string target)
    {
        var fellowship = await AcceptingFellowshipAsync(api);
        return Referrals.ReferralArrangement.SubmitRequest(Referrals.ReferralArrangement.Submission(fellowship));
    }

    private static async Task<HttpRequestMessage> MarkReferralEnteredInErrorAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"{await ReferralOfAsync(api, target)}/transitions") { Content = HttpAssertions.Json(new { status = "entered-in-error" }) };

    private static async Task<HttpRequestMessage> EraseReferralPersonalDataAsync(ApiFactory api, string target) =>
        new(HttpMethod.Delete, $"{await ReferralOfAsync(api, target)}/personal-data");

    /// <summary>
    /// A referral the target is party to: received by it when it is a fellowship, sent by it when it is a
    /// treatment service; the other party is new. Returns its URL.
    /// </summary>
    private static async Task<string> ReferralOfAsync(ApiFactory api, string target)
    {
        var (fellowship, service) = await IsFellowshipAsync(api, target)
            ? (await AcceptingFellowshipAsync(api, target), await api.CreateOrganisationAsync("treatment-service"))
            : (await AcceptingFellowshipAsync(api), target);
        using var referrer = api.WithKey(await api.CreateKeyAsync(service, "referrer"));
        return $"{Referrals.ReferralArrangement.Referrals}/{await Referrals.ReferralArrangement.SubmitAsync(referrer, Referrals.ReferralArrangement.Submission(fellowship))}";
    }

    /// <summary>A fellowship (the one named, or a new one) accepting referrals from anywhere; returns its slug.</summary>
    private static async Task<string> AcceptingFellowshipAsync(ApiFactory api, string? slug = null)
    {
        slug ??= await api.CreateOrganisationAsync();
        using var admin = api.PlatformAdmin();
        (await admin.PutAsync($"{Organisations}/{slug}/referral-settings", HttpAssertions.Json(new { acceptsReferrals = true, nationwide = true }), TestContext.Current.CancellationToken))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        return slug;
    }

    private static object VenueBody(string organisation, string name = "Matrix Hall") =>
        new { organisation, name, town = "Leeds", postcode = "LS6 3HE", latitude = 53.8196, longitude = -1.5773 };

    private static Task<HttpRequestMessage> CreateVenueAsync(ApiFactory api, string target) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/venues") { Content = HttpAssertions.Json(VenueBody(target)) });

    /// <summary>A venue of the target organisation, created by a platform admin; returns its URL.</summary>
    private static async Task<string> VenueOfAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        var created = await (await admin.PostAsync("/api/v1/venues", HttpAssertions.Json(VenueBody(target)), TestContext.Current.CancellationToken)).ShouldBeJsonAsync(HttpStatusCode.Created);
        return $"/api/v1/venues/{created["id"]}";
    }

    private static async Task<HttpRequestMessage> ReplaceVenueAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        return await admin.ConditionalAsync(HttpMethod.Put, await VenueOfAsync(api, target), HttpAssertions.Json(VenueBody(target, "Replaced Hall")));
    }

    private static async Task<HttpRequestMessage> PatchVenueAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        return await admin.ConditionalAsync(HttpMethod.Patch, await VenueOfAsync(api, target), AccessArrangement.MergePatch(new { accessNotes = "Patched in the matrix" }));
    }

    private static async Task<HttpRequestMessage> ArchiveVenueAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"{await VenueOfAsync(api, target)}/archive");

    private static async Task<HttpRequestMessage> UnarchiveVenueAsync(ApiFactory api, string target)
    {
        var venue = await VenueOfAsync(api, target);
        using var admin = api.PlatformAdmin();
        (await admin.PostAsync($"{venue}/archive", null, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return new HttpRequestMessage(HttpMethod.Post, $"{venue}/unarchive");
    }

    private static async Task<HttpRequestMessage> DeleteVenueAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        var url = await VenueOfAsync(api, target);
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.IfMatch.ParseAdd(await admin.ETagOfAsync(url));
        return request;
    }

    private static Task<HttpRequestMessage> CreateGroupAsync(ApiFactory api, string target) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/groups") { Content = HttpAssertions.Json(new { organisation = target, name = "Matrix Group" }) });

    private static async Task<string> GroupOfAsync(ApiFactory api, string target) => $"/api/v1/groups/{await api.CreateGroupAsync(target, "Matrix Group")}";

    private static async Task<HttpRequestMessage> ReplaceGroupAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        return await admin.ConditionalAsync(HttpMethod.Put, await GroupOfAsync(api, target), HttpAssertions.Json(new { name = "Replaced Group" }));
    }

    private static async Task<HttpRequestMessage> PatchGroupAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        return await admin.ConditionalAsync(HttpMethod.Patch, await GroupOfAsync(api, target), AccessArrangement.MergePatch(new { description = "Patched in the matrix" }));
    }

    private static async Task<HttpRequestMessage> DeleteGroupAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        var url = await GroupOfAsync(api, target);
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.IfMatch.ParseAdd(await admin.ETagOfAsync(url));
        return request;
    }

    private static async Task<HttpRequestMessage> VerifyGroupAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"{await GroupOfAsync(api, target)}/verify");

    /// <summary>Whether the organisation can hold groups, meetings and formats (a referrer's own is a treatment service, which cannot).</summary>
    private static async Task<bool> IsFellowshipAsync(ApiFactory api, string slug)
    {
        using var admin = api.PlatformAdmin();
        var organisation = await (await admin.GetAsync($"{Organisations}/{slug}", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        return organisation["kind"]!.GetValue<string>() == "fellowship";
    }

    private static async Task<HttpRequestMessage> CreateMeetingAsync(ApiFactory api, string target)
    {
        // A treatment service holds no groups: the request names one that does not exist, and the role alone decides.
        var groupId = await IsFellowshipAsync(api, target) ? await api.CreateGroupAsync(target) : Guid.NewGuid().ToString();
        return new(HttpMethod.Post, MeetingArrangement.Meetings) { Content = HttpAssertions.Json(MeetingArrangement.MeetingBody(groupId).ToJsonString()) };
    }

    /// <summary>A weekly Tuesday online meeting of the target organisation, created by a platform admin; returns its URL.</summary>
    private static async Task<string> MeetingOfAsync(ApiFactory api, string target) =>
        $"{MeetingArrangement.Meetings}/{await api.CreateMeetingAsync(MeetingArrangement.MeetingBody(await api.CreateGroupAsync(target)))}";

    private static async Task<HttpRequestMessage> ReplaceMeetingAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        var groupId = await api.CreateGroupAsync(target);
        var url = $"{MeetingArrangement.Meetings}/{await api.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId))}";
        return await admin.ConditionalAsync(HttpMethod.Put, url, HttpAssertions.Json(MeetingArrangement.MeetingBody(groupId, name: "Replaced Meeting").ToJsonString()));
    }

    private static async Task<HttpRequestMessage> PatchMeetingAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        return await admin.ConditionalAsync(HttpMethod.Patch, await MeetingOfAsync(api, target), AccessArrangement.MergePatch(new { name = "Patched Meeting" }));
    }

    private static async Task<HttpRequestMessage> DeleteMeetingAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        var url = await MeetingOfAsync(api, target);
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.IfMatch.ParseAdd(await admin.ETagOfAsync(url));
        return request;
    }

    private static async Task<HttpRequestMessage> CancelMeetingOccurrenceAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"{await MeetingOfAsync(api, target)}/cancellations") { Content = HttpAssertions.Json(new { date = MatrixTuesday, note = "Hall closed" }) };

    private static async Task<HttpRequestMessage> ChangeMeetingOccurrenceAsync(ApiFactory api, string target) =>
        new(HttpMethod.Post, $"{await MeetingOfAsync(api, target)}/changes") { Content = HttpAssertions.Json(new { date = MatrixTuesday, startTime = "18:00" }) };

    private static async Task<HttpRequestMessage> RemoveMeetingExceptionAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        var url = await MeetingOfAsync(api, target);
        var cancelled = await admin.PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = MatrixTuesday }), TestContext.Current.CancellationToken);
        await cancelled.ShouldBeJsonAsync();
        return new HttpRequestMessage(HttpMethod.Delete, $"{url}/exceptions/{MatrixTuesday}");
    }

    private static Task<HttpRequestMessage> CreateFormatAsync(ApiFactory api, string target) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"{Organisations}/{target}/formats")
        {
            Content = HttpAssertions.Json(new { code = "MX", labels = new Dictionary<string, string> { ["en"] = "Matrix" } }),
        });

    private static Task<HttpRequestMessage> SubmitImportAsync(ApiFactory api, string target) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"{Organisations}/{target}/imports?dryRun=true")
        {
            Content = new StringContent("[]", System.Text.Encoding.UTF8, "application/json"),
        });

    private static async Task<HttpRequestMessage> ReplaceFormatAsync(ApiFactory api, string target)
    {
        if (await IsFellowshipAsync(api, target))
        {
            await api.CreateFormatAsync(target, "MX", "Matrix");
        }

        return new HttpRequestMessage(HttpMethod.Put, $"{Organisations}/{target}/formats/MX")
        {
            Content = HttpAssertions.Json(new { code = "MX", labels = new Dictionary<string, string> { ["en"] = "Matrix replaced" }, attributes = new[] { "women-only" } }),
        };
    }

    private static Task<HttpRequestMessage> CreateOrganisationAsync(ApiFactory api, string target)
    {
        var slug = $"new-{Guid.NewGuid():N}"[..20];
        return Task.FromResult(new HttpRequestMessage(HttpMethod.Post, Organisations)
        {
            Content = HttpAssertions.Json(new { slug, name = $"Organisation {slug}", kind = "fellowship" }),
        });
    }

    private static async Task<HttpRequestMessage> ReplaceOrganisationAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        return await admin.ConditionalAsync(HttpMethod.Put, $"{Organisations}/{target}", HttpAssertions.Json(new { name = "Replaced", description = "Replaced in the matrix" }));
    }

    private static async Task<HttpRequestMessage> PatchOrganisationAsync(ApiFactory api, string target)
    {
        using var admin = api.PlatformAdmin();
        return await admin.ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{target}", AccessArrangement.MergePatch(new { description = "Patched in the matrix" }));
    }

    private static Task<HttpRequestMessage> CreateApiKeyAsync(ApiFactory api, string target) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"{Organisations}/{target}/api-keys")
        {
            Content = HttpAssertions.Json(new { name = "Matrix key", role = "reader" }),
        });

    private static async Task<HttpRequestMessage> RevokeApiKeyAsync(ApiFactory api, string target)
    {
        var issued = await api.IssueKeyAsync(target, "reader");
        return new HttpRequestMessage(HttpMethod.Delete, $"{Organisations}/{target}/api-keys/{issued["id"]}");
    }

    /// <param name="Arrange">Builds one valid request against the target organisation's slug.</param>
    /// <param name="Expected">The status for each role and target the endpoint is checked with.</param>
    private sealed record WriteEndpoint(
        Func<ApiFactory, string, Task<HttpRequestMessage>> Arrange,
        IReadOnlyDictionary<(string Role, Target Target), HttpStatusCode> Expected);
}

public sealed class WriteEndpointMatrixTestsOnSqlite(SqliteApiFactory api) : WriteEndpointMatrixTests<SqliteApiFactory>(api);
