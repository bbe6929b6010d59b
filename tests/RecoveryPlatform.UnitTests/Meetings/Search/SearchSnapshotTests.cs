using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Search;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.UnitTests.Meetings.Search;

public sealed class SearchSnapshotTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static SearchEntry Entry(string name, double? lat = 53.82, double? lng = -1.58, Guid? id = null, Attendance attendance = Attendance.InPerson)
    {
        var venue = lat is null ? null : new VenueSummary(Guid.NewGuid(), Guid.Empty, "Hall", "Leeds", "LS6 1AA", "GB", lat.Value, lng!.Value, [], false);
        return new SearchEntry
        {
            Id = id ?? Guid.NewGuid(),
            Name = name,
            OrganisationId = Guid.Empty,
            OrganisationSlug = "aa",
            OrganisationName = "AA",
            GroupId = Guid.Empty,
            GroupName = "Group",
            Attendance = attendance,
            Venue = venue,
            Day = DayOfWeek.Tuesday,
            LocalStartMinutes = 19 * 60,
            TimeZoneId = "Europe/London",
            RecurrenceKind = RecurrenceKind.Weekly,
            DurationMinutes = 60,
            Formats = [],
            AttributesMask = 0,
            Languages = ["en"],
            AccessibilityMask = 0,
            UpdatedAt = Monday,
            SearchText = $"{name} group hall leeds".ToLowerInvariant(),
            Schedule = MeetingSchedule.Create(new ScheduleDefinition { LocalStartTime = new TimeOnly(19, 0), Duration = TimeSpan.FromHours(1), Recurrence = new Recurrence.Weekly(DayOfWeek.Tuesday) }),
        };
    }

    private static List<string> Names(SearchSnapshot snapshot, SearchMeetingsRequest request) =>
        MeetingSearch.From(request, Monday).Run(snapshot, 1, 100).Page.Select(r => r.Name).ToList();

    private static SearchMeetingsRequest Request(double? lat = null, double? lng = null, double? radiusKm = null, string? q = null, string? sort = null) =>
        new(lat, lng, radiusKm, null, null, null, null, null, null, null, null, null, null, null, null, null, null, q, null, sort, null, null);

    [Fact]
    public void A_changed_meeting_replaces_its_old_version_everywhere_without_rebuilding_the_indexes()
    {
        var id = Guid.NewGuid();
        var snapshot = new SearchSnapshot([Entry("Alpha", id: id), Entry("Beta")]);

        var changed = snapshot.With([id], [Entry("Zulu Big Book", id: id)]);

        changed.Overlay.Count.ShouldBe(1);
        changed.ByName.ShouldBeSameAs(snapshot.ByName);
        Names(changed, Request()).ShouldBe(["Beta", "Zulu Big Book"]);
        Names(changed, Request(q: "big bo")).ShouldBe(["Zulu Big Book"]);
        Names(changed, Request(q: "alpha")).ShouldBeEmpty();
        Names(changed, Request(lat: 53.82, lng: -1.58, radiusKm: 5)).ShouldBe(["Beta", "Zulu Big Book"]);
        Names(changed, Request(lat: 53.82, lng: -1.58, radiusKm: 5, q: "zulu")).ShouldBe(["Zulu Big Book"]);
    }

    [Fact]
    public void A_meeting_no_longer_public_disappears()
    {
        var id = Guid.NewGuid();
        var snapshot = new SearchSnapshot([Entry("Alpha", id: id), Entry("Beta")]).With([id], []);
        Names(snapshot, Request()).ShouldBe(["Beta"]);
        snapshot.Count.ShouldBe(1);
    }

    [Fact]
    public void A_new_meeting_far_away_is_found_only_near_itself()
    {
        var snapshot = new SearchSnapshot([Entry("Leeds meeting")]).With([Guid.NewGuid()], [Entry("Manchester meeting", 53.48, -2.24)]);
        Names(snapshot, Request(lat: 53.48, lng: -2.24, radiusKm: 5)).ShouldBe(["Manchester meeting"]);
        Names(snapshot, Request(lat: 53.82, lng: -1.58, radiusKm: 5)).ShouldBe(["Leeds meeting"]);
    }

    [Fact]
    public void Compacting_gives_the_same_answers_from_fresh_indexes()
    {
        var id = Guid.NewGuid();
        var overlaid = new SearchSnapshot([Entry("Alpha", id: id), Entry("Beta")]).With([id], [Entry("Aardvark", id: id)]);

        var compacted = overlaid.Compact();

        compacted.Overlay.ShouldBeEmpty();
        compacted.Shadowed.ShouldBeEmpty();
        Names(compacted, Request()).ShouldBe(Names(overlaid, Request()));
        Names(compacted, Request()).ShouldBe(["Aardvark", "Beta"]);
    }

    [Fact]
    public void Past_the_overlay_limit_a_change_compacts()
    {
        var snapshot = new SearchSnapshot([Entry("Base")]);
        for (var i = 0; i <= SearchSnapshot.OverlayLimit; i++)
        {
            snapshot = snapshot.With([Guid.NewGuid()], [Entry($"New {i:000}")]);
        }

        snapshot.Overlay.ShouldBeEmpty();
        snapshot.Count.ShouldBe(SearchSnapshot.OverlayLimit + 2);
    }

    [Theory]
    [InlineData("big", true)]
    [InlineData("big bo", true)]
    [InlineData("BOOK", true)]
    [InlineData("ook", false)]
    [InlineData("big zebra", false)]
    public void Text_matches_word_prefixes(string query, bool matches)
    {
        SearchSnapshot.MatchesText(Entry("Headingley Big Book"), query).ShouldBe(matches);
        var snapshot = new SearchSnapshot([Entry("Headingley Big Book")]);
        (snapshot.MatchingText(query)!.Length == 1).ShouldBe(matches);
    }
}
