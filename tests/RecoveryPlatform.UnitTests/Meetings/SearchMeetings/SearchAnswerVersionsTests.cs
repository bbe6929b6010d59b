using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

/// <summary>
/// The version a search's stored answer and ETag are keyed by (<see cref="SearchAnswerVersions"/>): kept by
/// edits to meetings the search does not match, renewed by any edit to one it matches before or after.
/// SearchReferenceTests holds it to the rule over random edits; these are the cases by name.
/// </summary>
public sealed class SearchAnswerVersionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly SearchCriteria Church = new() { Text = "church" };

    private static readonly SearchCriteria NearLeeds = new() { Latitude = 53.80, Longitude = -1.55, RadiusKm = 5 };

    private static SearchEntry Entry(
        string name,
        Guid id,
        double latitude = 53.80,
        double longitude = -1.55,
        Func<VenueSummary, VenueSummary?>? venue = null,
        string organisationName = "AA",
        string groupName = "Group",
        int startMinutes = 19 * 60,
        int durationMinutes = 60,
        string[]? formats = null,
        string[]? languages = null,
        long attributes = 0,
        bool hasChanges = false,
        DateOnly? validUntil = null,
        DateTimeOffset? updatedAt = null)
    {
        var hall = new VenueSummary(Guid.Empty, Guid.Empty, "Hall", "Leeds", "LS6 1AA", "GB", latitude, longitude, [], false);
        var place = venue is null ? hall : venue(hall);
        return new SearchEntry
        {
            Id = id,
            Name = name,
            OrganisationId = Guid.Empty,
            OrganisationSlug = "aa",
            OrganisationName = organisationName,
            GroupId = Guid.Empty,
            GroupName = groupName,
            Attendance = place is null ? Attendance.Online : Attendance.InPerson,
            Venue = place,
            OnlineUrl = place is null ? "https://zoom.us/j/1" : null,
            Day = DayOfWeek.Tuesday,
            LocalStartMinutes = startMinutes,
            TimeZoneId = "Europe/London",
            RecurrenceKind = RecurrenceKind.Weekly,
            DurationMinutes = durationMinutes,
            Formats = formats ?? [],
            AttributesMask = attributes,
            Languages = languages ?? ["en"],
            AccessibilityMask = 0,
            UpdatedAt = updatedAt ?? Now,
            HasChanges = hasChanges,
            Schedule = MeetingSchedule.Create(new ScheduleDefinition
            {
                LocalStartTime = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(startMinutes)),
                Duration = TimeSpan.FromMinutes(durationMinutes),
                Recurrence = new Recurrence.Weekly(DayOfWeek.Tuesday),
                ValidUntil = validUntil,
            }),
        };
    }

    private static SearchSnapshot Changed(SearchSnapshot snapshot, SearchEntry entry) => snapshot.With([entry.Id], [entry]);

    private static List<string> Names(SearchSnapshot snapshot, SearchCriteria criteria) =>
        MeetingSearch.Run(criteria, Now, snapshot, 1, 100).Page.Select(r => r.Name).ToList();

    [Fact]
    public void Edits_to_meetings_the_search_does_not_match_keep_its_version()
    {
        var (hall, church) = (Guid.NewGuid(), Guid.NewGuid());
        var fresh = new SearchSnapshot([Entry("Quaker Hall", hall), Entry("St Mary's Church", church)]);
        var edited = Changed(Changed(fresh, Entry("Quaker Hall (upstairs)", hall)), Entry("Friends' Hall", Guid.NewGuid(), 51.5, -0.12));

        SearchAnswerVersions.Of(fresh, Church, Now).ShouldBe(fresh.Generation);
        SearchAnswerVersions.Of(edited, Church, Now).ShouldBe(fresh.Generation);
        Names(edited, Church).ShouldBe(Names(fresh, Church));

        // Far from Leeds, the new one does not touch a search near Leeds; the renamed one does.
        SearchAnswerVersions.Of(edited, NearLeeds, Now).ShouldBe(edited.RecentChanges.Span[0].Generation);
    }

    [Fact]
    public void A_meeting_that_comes_into_the_search_or_leaves_it_renews_its_version()
    {
        var (hall, church) = (Guid.NewGuid(), Guid.NewGuid());
        var fresh = new SearchSnapshot([Entry("Quaker Hall", hall), Entry("St Mary's Church", church)]);

        var comesIn = Changed(fresh, Entry("Quaker Church", hall));
        var leaves = Changed(comesIn, Entry("St Mary's Hall", church));
        var deleted = comesIn.With([hall], []);

        SearchAnswerVersions.Of(comesIn, Church, Now).ShouldBe(comesIn.Generation);
        SearchAnswerVersions.Of(leaves, Church, Now).ShouldBe(leaves.Generation);
        SearchAnswerVersions.Of(deleted, Church, Now).ShouldBe(deleted.Generation);
        Names(leaves, Church).ShouldBe(["Quaker Church"]);
    }

    [Fact]
    public void An_edit_search_does_not_show_keeps_the_version_of_the_searches_that_match_the_meeting()
    {
        // A description or a contact edited: the meeting is reloaded with the same fields and a new UpdatedAt.
        var church = Guid.NewGuid();
        var fresh = new SearchSnapshot([Entry("St Mary's Church", church), Entry("Quaker Hall", Guid.NewGuid())]);
        var touched = Changed(fresh, Entry("St Mary's Church", church, updatedAt: Now.AddDays(1)));

        touched.RecentChanges.ToArray().Single().ShowsTheSame.ShouldBeTrue();
        SearchAnswerVersions.Of(touched, Church, Now).ShouldBe(fresh.Generation);
        Names(touched, Church).ShouldBe(Names(fresh, Church));

        // Unless it moves the meeting into (or out of) what a search asks for.
        var changedSince = new SearchCriteria { Text = "church", UpdatedSince = Now.AddHours(1) };
        Names(fresh, changedSince).ShouldBeEmpty();
        Names(touched, changedSince).ShouldBe(["St Mary's Church"]);
        SearchAnswerVersions.Of(touched, changedSince, Now).ShouldBe(touched.Generation);
    }

    [Fact]
    public void An_edit_search_shows_is_not_taken_for_one_it_does_not()
    {
        var id = Guid.NewGuid();
        var entry = Entry("St Mary's Church", id);
        SearchEntry[] shownDifferently =
        [
            Entry("St Mary's Church (crypt)", id),
            Entry("St Mary's Church", id, 53.81),
            Entry("St Mary's Church", id, venue: hall => hall with { Name = "Crypt" }),
            Entry("St Mary's Church", id, venue: hall => hall with { Accessibility = [AccessibilityFeature.StepFreeAccess] }),
            Entry("St Mary's Church", id, venue: _ => null),
            Entry("St Mary's Church", id, organisationName: "AA GB"),
            Entry("St Mary's Church", id, groupName: "Tuesday Group"),
            Entry("St Mary's Church", id, startMinutes: 20 * 60),
            Entry("St Mary's Church", id, durationMinutes: 90),
            Entry("St Mary's Church", id, formats: ["BB"]),
            Entry("St Mary's Church", id, languages: ["cy"]),
            Entry("St Mary's Church", id, attributes: 1),
            Entry("St Mary's Church", id, hasChanges: true),
            Entry("St Mary's Church", id, validUntil: new DateOnly(2027, 1, 1)),
        ];

        entry.ShowsTheSameAs(Entry("St Mary's Church", id, updatedAt: Now.AddDays(1))).ShouldBeTrue();
        foreach (var other in shownDifferently)
        {
            entry.ShowsTheSameAs(other).ShouldBeFalse();
        }
    }

    /// <summary>
    /// A field added to search entries must be weighed in <see cref="SearchEntry.ShowsTheSameAs"/> (or there it
    /// would let a stored answer outlive a change to it): this lists the fields it was written for.
    /// </summary>
    [Fact]
    public void Every_field_of_an_entry_is_weighed_when_edits_are_compared()
    {
        string[] weighed =
        [
            "Id", "Name", "OrganisationId", "OrganisationSlug", "OrganisationName", "GroupId", "GroupName", "GroupAreas", "Attendance", "Venue", "OnlineUrl",
            "OnlinePhone", "Day", "LocalStartMinutes", "DurationMinutes", "TimeZoneId", "RecurrenceKind", "Formats", "AttributesMask", "Languages",
            "AccessibilityMask", "HasChanges", "IsPlainWeekly", "Schedule",
        ];
        string[] shownByNoAnswer = ["UpdatedAt"];
        string[] madeFromTheOthers = ["Latitude", "Longitude", "Place", "HasPlace", "TextFields", "SearchText", "Words", "OrganisationRef", "GroupRef", "VenueRef", "ScheduleSummary", "Keys"];

        typeof(SearchEntry).GetProperties().Select(p => p.Name).ShouldBe([.. weighed, .. shownByNoAnswer, .. madeFromTheOthers], ignoreOrder: true);
    }

    [Fact]
    public void Worked_out_step_by_step_a_version_is_renewed_by_each_change_that_touches_the_search()
    {
        var (hall, church) = (Guid.NewGuid(), Guid.NewGuid());
        var versions = new SearchAnswerVersions();
        versions.Remember("/api/v1/meetings?q=church", Church);
        var fresh = new SearchSnapshot([Entry("Quaker Hall", hall), Entry("St Mary's Church", church)]);
        var untouched = Changed(fresh, Entry("Quaker Hall (upstairs)", hall));
        var touched = Changed(untouched, Entry("St Mary's Church (crypt)", church));

        versions.Find(fresh, "/api/v1/meetings?q=church", Now).ShouldBe(fresh.Generation);
        versions.Find(untouched, "/api/v1/meetings?q=church", Now).ShouldBe(fresh.Generation);
        versions.Find(touched, "/api/v1/meetings?q=church", Now).ShouldBe(touched.Generation);
        versions.Find(touched, "/api/v1/meetings?q=chapel", Now).ShouldBeNull();
    }

    [Fact]
    public void A_compaction_caught_up_with_the_changes_made_meanwhile_keeps_the_history_of_what_it_holds()
    {
        // The meeting comes into the search and leaves it again while a compaction of the snapshot before
        // runs: what it was in between touched the search, so the caught-up snapshot's version cannot be the
        // one the search had while the meeting was in it.
        var hall = Guid.NewGuid();
        var versions = new SearchAnswerVersions();
        versions.Remember("q=church", Church);
        var before = new SearchSnapshot([Entry("Quaker Hall", hall), Entry("St Mary's Church", Guid.NewGuid())]);
        var compacted = before.Compact();
        var inTheSearch = Changed(before, Entry("Quaker Church", hall));
        var whileIn = versions.Find(inTheSearch, "q=church", Now);
        var outAgain = Changed(inTheSearch, Entry("Quaker Meeting House", hall));

        var caughtUp = compacted.CaughtUpWith(outAgain, [hall]);

        caughtUp.Find(hall)!.Name.ShouldBe("Quaker Meeting House");
        (caughtUp.HistoryStart, caughtUp.RecentChanges).ShouldBe((outAgain.HistoryStart, outAgain.RecentChanges));
        Names(caughtUp, Church).ShouldBe(["St Mary's Church"]);
        versions.Find(caughtUp, "q=church", Now).ShouldNotBe(whileIn);
        versions.Find(caughtUp, "q=church", Now).ShouldBe(outAgain.Generation);
    }

    [Fact]
    public void A_batch_larger_than_the_history_starts_it_again()
    {
        var entries = Enumerable.Range(0, SearchSnapshot.HistoryLimit + 1).Select(i => Entry($"Hall {i}", Guid.NewGuid())).ToList();
        var fresh = new SearchSnapshot([]);

        var imported = fresh.With([.. entries.Select(e => e.Id)], entries);
        var edited = Changed(imported, Entry("Church", Guid.NewGuid(), 51.5, -0.12));

        (imported.HistoryStart, imported.RecentChanges.Length).ShouldBe((imported.Generation, 0));
        (edited.HistoryStart, edited.RecentChanges.Length).ShouldBe((imported.Generation, 1));
        SearchAnswerVersions.Of(imported, Church, Now).ShouldBe(imported.Generation);
        SearchAnswerVersions.Of(edited, new SearchCriteria { Text = "hall 7" }, Now).ShouldBe(imported.Generation);
    }
}
