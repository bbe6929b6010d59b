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

    private static SearchEntry Entry(string name, Guid id, double latitude = 53.80, double longitude = -1.55) => new()
    {
        Id = id,
        Name = name,
        OrganisationId = Guid.Empty,
        OrganisationSlug = "aa",
        OrganisationName = "AA",
        GroupId = Guid.Empty,
        GroupName = "Group",
        Attendance = Attendance.InPerson,
        Venue = new VenueSummary(Guid.Empty, Guid.Empty, "Hall", "Leeds", "LS6 1AA", "GB", latitude, longitude, [], false),
        Day = DayOfWeek.Tuesday,
        LocalStartMinutes = 19 * 60,
        TimeZoneId = "Europe/London",
        RecurrenceKind = RecurrenceKind.Weekly,
        DurationMinutes = 60,
        Formats = [],
        AttributesMask = 0,
        Languages = ["en"],
        AccessibilityMask = 0,
        UpdatedAt = Now,
        Schedule = MeetingSchedule.Create(new ScheduleDefinition { LocalStartTime = new TimeOnly(19, 0), Duration = TimeSpan.FromHours(1), Recurrence = new Recurrence.Weekly(DayOfWeek.Tuesday) }),
    };

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
        SearchAnswerVersions.Of(edited, NearLeeds, Now).ShouldBe(edited.RecentChanges[0].Generation);
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
