using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Meetings.Features.Feeds;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.Csv;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.Http;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>The demo directory, with its feeds built before readiness whatever its size (by default only from 5,000 meetings).</summary>
public sealed class FeedsBuiltBeforeReadyApiFactory : DataFolderApiFactory
{
    public FeedsBuiltBeforeReadyApiFactory()
    {
        Settings["RecoveryPlatform:SeedDemoData"] = "true";
        Settings["Feeds:BuildBeforeReadyFromMeetings"] = "0";
    }
}

/// <summary>
/// A restarted instance builds its published feeds before readiness turns healthy, so the first requests a load
/// balancer sends it find them built instead of starting every feed's build side by side (docs/feeds.md).
/// </summary>
public sealed class FeedsBuiltBeforeReadyTests(FeedsBuiltBeforeReadyApiFactory api) : ApiTest<FeedsBuiltBeforeReadyApiFactory>(api)
{
    private PublishedFeeds Feeds => Api.Services.GetRequiredService<PublishedFeeds>();

    private async Task<Dictionary<string, Guid>> DemoOrganisationsAsync()
    {
        var organisations = await (await Api.Anonymous().GetAsync("/api/v1/organisations?pageSize=100", Cancellation)).ShouldBeJsonAsync();
        return organisations["items"]!.AsArray().ToDictionary(o => o!["slug"]!.GetValue<string>(), o => o!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Readiness_turns_healthy_once_the_whole_directory_and_every_organisation_feed_is_built()
    {
        var report = await WhenReadyAsync();
        var organisations = await DemoOrganisationsAsync();

        var feeds = report["checks"]!["feeds"]!;
        feeds["status"]!.GetValue<string>().ShouldBe("Healthy");
        var run = Api.Services.GetRequiredService<FeedsBuiltBeforeReady>().LastRun.ShouldNotBeNull("the feeds were built before readiness");
        run.Failed.ShouldBe(0);
        feeds["data"]!["built"]!.GetValue<int>().ShouldBe(run.Built);
        Feeds.HasBuilt(new FeedKey(MeetingGuideWriter.Instance, null)).ShouldBeTrue("the whole directory's feed");
        foreach (var slug in new[] { "aa-great-britain", "na-uk", "smart-recovery-uk" })
        {
            Feeds.HasBuilt(new FeedKey(MeetingGuideWriter.Instance, organisations[slug])).ShouldBeTrue($"{slug}'s Meeting Guide feed");
            Feeds.HasBuilt(new FeedKey(MeetingsCsvWriter.Instance, organisations[slug])).ShouldBeTrue($"{slug}'s CSV");
        }

        run.Built.ShouldBe(1 + (2 * organisations.Count(o => Feeds.HasBuilt(new FeedKey(MeetingGuideWriter.Instance, o.Value)))));
    }

    [Fact]
    public async Task The_first_request_after_ready_is_answered_with_the_feed_built_before_it()
    {
        await WhenReadyAsync();
        var organisations = await DemoOrganisationsAsync();
        var key = new FeedKey(MeetingGuideWriter.Instance, organisations["na-uk"]);
        Feeds.HasBuilt(key).ShouldBeTrue();
        var built = await Feeds.GetAsync(key, Cancellation);

        var response = await Api.Anonymous().GetAsync("/api/v1/organisations/na-uk/feeds/meeting-guide.json", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!.AsArray().Count.ShouldBeGreaterThan(0);
        response.Headers.ETag!.Tag.ShouldContain(built.Hash);
    }
}
