using System.Globalization;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

public sealed class SearchSnapshotTests
{
    private static readonly DateTimeOffset Monday = SearchEntries.Monday;

    private static SearchEntry Entry(string name, double? lat = 53.82, double? lng = -1.58, Guid? id = null, Attendance attendance = Attendance.InPerson) =>
        SearchEntries.Weekly(name, lat is null ? null : SearchEntries.Venue(latitude: lat.Value, longitude: lng!.Value), id: id, attendance: attendance);

    private static List<string> Names(SearchSnapshot snapshot, SearchCriteria criteria) =>
        MeetingSearch.Run(criteria, Monday, snapshot, 1, 100).Page.Select(r => r.Name).ToList();

    private static SearchCriteria Request(double? lat = null, double? lng = null, double? radiusKm = null, string? q = null) =>
        new() { Latitude = lat, Longitude = lng, RadiusKm = radiusKm, Text = q };

    [Fact]
    public void Near_a_point_or_online_counts_the_online_meetings_past_a_full_page_and_still_lists_them_on_later_pages()
    {
        // Five in-person meetings near Leeds (one far away), four online, one hybrid far away (joinable, so found as online).
        var snapshot = new SearchSnapshot(
        [
            Entry("Near A", 53.800, -1.550), Entry("Near B", 53.805, -1.550), Entry("Near C", 53.810, -1.550), Entry("Near D", 53.815, -1.550),
            Entry("Far in person", 51.5, -0.12),
            Entry("Online 1", null, null, attendance: Attendance.Online), Entry("Online 2", null, null, attendance: Attendance.Online),
            Entry("Online 3", null, null, attendance: Attendance.Online), Entry("Online 4", null, null, attendance: Attendance.Online),
            Entry("Hybrid far", 51.5, -0.12, attendance: Attendance.Hybrid),
        ]);
        var criteria = new SearchCriteria { Latitude = 53.80, Longitude = -1.55, RadiusKm = 10, IncludeOnline = true };

        List<string> Page(int page) => MeetingSearch.Run(criteria, Monday, snapshot, page, 2).Page.Select(r => r.Name).ToList();

        // A full first page of near meetings: the online ones are only counted, and counted right.
        MeetingSearch.Run(criteria, Monday, snapshot, 1, 2).Total.ShouldBe(9);
        Page(1).ShouldBe(["Near A", "Near B"]);
        Page(2).ShouldBe(["Near C", "Near D"]);
        Page(3).ShouldBe(["Hybrid far", "Online 1"]);
        Page(5).ShouldBe(["Online 4"]);
    }

    [Theory]
    [InlineData("church")]
    [InlineData(null)]
    public void Pages_in_name_order_merge_changed_and_new_meetings_among_the_rest(string? q)
    {
        // Sorted by name with words alone (or nothing): the fast path that keeps the first matches in name
        // order, with changed and new meetings merged in, page by page and counted once.
        var beta = Guid.NewGuid();
        var snapshot = new SearchSnapshot([Entry("Alpha Church"), Entry("Beta Church", id: beta), Entry("Delta Church"), Entry("Epsilon Church")]);
        var changed = snapshot.With([beta, Guid.NewGuid()], [Entry("Gamma Church", id: beta), Entry("Aardvark Church")]);

        List<string> Page(int page) => MeetingSearch.Run(Request(q: q), Monday, changed, page, 2).Page.Select(r => r.Name).ToList();

        MeetingSearch.Run(Request(q: q), Monday, changed, 1, 2).Total.ShouldBe(5);
        Page(1).ShouldBe(["Aardvark Church", "Alpha Church"]);
        Page(2).ShouldBe(["Delta Church", "Epsilon Church"]);
        Page(3).ShouldBe(["Gamma Church"]);
    }

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
    public void Snapshots_made_from_the_same_one_each_keep_their_own_changes_though_the_newest_share_one_log()
    {
        var (first, second, third) = (Entry("First"), Entry("Second"), Entry("Third"));
        var indexed = new SearchSnapshot([first, second, third]);
        var edited = indexed.With([first.Id], [Entry("First, renamed", id: first.Id)]);
        var newest = edited.With([second.Id], [Entry("Second, renamed", id: second.Id)]);

        // Made again from one that is no longer the newest: its change must not land in the newest one's history,
        // nor the newest one's in its, though the newest wrote its change just after the window they share.
        var branch = edited.With([third.Id], []);
        var newer = newest.With([third.Id], [Entry("Third, renamed", id: third.Id)]);

        static string?[] Afters(SearchSnapshot snapshot) => [.. snapshot.RecentChanges.ToArray().Select(c => c.After?.Name)];
        Afters(edited).ShouldBe(["First, renamed"]);
        Afters(newest).ShouldBe(["First, renamed", "Second, renamed"]);
        Afters(branch).ShouldBe(["First, renamed", null]);
        Afters(newer).ShouldBe(["First, renamed", "Second, renamed", "Third, renamed"]);
        branch.Contains(third.Id).ShouldBeFalse();
        newer.Find(third.Id)!.Name.ShouldBe("Third, renamed");
    }

    [Fact]
    public void A_long_run_of_edits_keeps_the_newest_changes_and_leaves_older_snapshots_their_own()
    {
        var meetings = Enumerable.Range(0, 10).Select(i => Entry($"Meeting {i}")).ToArray();
        var snapshots = new List<SearchSnapshot> { new(meetings) };
        for (var edit = 1; edit <= 3 * SearchSnapshot.HistoryLimit; edit++)
        {
            var meeting = meetings[edit % meetings.Length];
            snapshots.Add(snapshots[^1].With([meeting.Id], [Entry($"Edit {edit}", id: meeting.Id)]));
        }

        for (var edit = 1; edit < snapshots.Count; edit++)
        {
            var history = snapshots[edit].RecentChanges.Span;
            history.Length.ShouldBe(Math.Min(edit, SearchSnapshot.HistoryLimit));
            history[^1].After!.Name.ShouldBe($"Edit {edit}", "each snapshot's newest change is its own, whichever array it lies in");
            history[0].After!.Name.ShouldBe($"Edit {edit - history.Length + 1}");
        }
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

    [Theory]
    [InlineData(0, 256)]
    [InlineData(100_000, 256)]
    [InlineData(256_999, 256)]
    [InlineData(300_000, 300)]
    [InlineData(1_000_000, 1_000)]
    [InlineData(4_096_000, 4_096)]
    [InlineData(20_000_000, 4_096)]
    public void A_larger_directory_overlays_more_changes_before_a_compaction_a_thousandth_of_it_within_bounds(int meetings, int limit) =>
        SearchSnapshot.OverlayLimitFor(meetings).ShouldBe(limit);

    [Fact]
    public void Past_the_overlay_limit_a_snapshot_is_due_for_compaction_but_a_change_never_compacts_by_itself()
    {
        var snapshot = new SearchSnapshot([Entry("Base")]);
        for (var i = 0; i < SearchSnapshot.SmallestOverlayLimit; i++)
        {
            snapshot = snapshot.With([Guid.NewGuid()], [Entry($"New {i:000}")]);
        }

        snapshot.IsDueForCompaction.ShouldBeFalse();
        snapshot = snapshot.With([Guid.NewGuid()], [Entry("One more")]);

        snapshot.IsDueForCompaction.ShouldBeTrue();
        snapshot.Overlay.Count.ShouldBe(SearchSnapshot.SmallestOverlayLimit + 1);
        var compacted = snapshot.Compact();
        compacted.Overlay.ShouldBeEmpty();
        compacted.Count.ShouldBe(SearchSnapshot.SmallestOverlayLimit + 2);
    }

    [Theory]
    [InlineData("big", true)]
    [InlineData("big bo", true)]
    [InlineData("BOOK", true)]
    [InlineData("ook", false)]
    [InlineData("big zebra", false)]
    public void Text_matches_word_prefixes(string query, bool matches)
    {
        SearchSnapshot.MatchesText(Entry("Headingley Big Book"), SearchSnapshot.QueryWords(query)).ShouldBe(matches);
        var snapshot = new SearchSnapshot([Entry("Headingley Big Book")]);
        (snapshot.MatchingText(query)!.Length == 1).ShouldBe(matches);
    }

    [Theory]
    [InlineData(52.6, -5.803327778146605, 500, 52.83152599875478, 1.6056518051363664)]
    [InlineData(52.6, 0.7115997866224073, 60, 52.60332357774027, 1.6000140642711123)]
    public void A_meeting_just_inside_the_radius_at_its_east_or_west_edge_is_found(double lat, double lng, double radiusKm, double meetingLat, double meetingLng)
    {
        // The circle is widest east-west north of its centre: a box r / cos(lat) wide misses these.
        var distance = GreatCircle.KmOfSquaredChord(GreatCircle.SquaredChord(GreatCircle.UnitVector(lat, lng), GreatCircle.UnitVector(meetingLat, meetingLng)));
        distance.ShouldBeLessThan(radiusKm);

        var snapshot = new SearchSnapshot([Entry("Edge", meetingLat, meetingLng)]);

        Names(snapshot, Request(lat: lat, lng: lng, radiusKm: radiusKm)).ShouldBe(["Edge"]);
    }

    [Fact]
    public void A_search_across_the_antimeridian_finds_meetings_on_both_sides()
    {
        var snapshot = new SearchSnapshot([Entry("East", -17.5, 179.9), Entry("West", -17.5, -179.9), Entry("Far", -17.5, 170)]);

        Names(snapshot, Request(lat: -17.5, lng: 179.99, radiusKm: 50)).ShouldBe(["East", "West"]);
    }

    [Theory]
    [InlineData("19:00:30", null, false)]
    [InlineData("19:00", null, true)]
    [InlineData(null, "19:00:30", true)]
    [InlineData(null, "19:00", false)]
    public void Start_time_bounds_keep_their_seconds(string? startsAfter, string? startsBefore, bool found)
    {
        var snapshot = new SearchSnapshot([Entry("Seven pm")]);
        var request = Request() with { StartsAfter = TimeOfDay(startsAfter), StartsBefore = TimeOfDay(startsBefore) };

        Names(snapshot, request).Count.ShouldBe(found ? 1 : 0);

        static TimeOnly? TimeOfDay(string? text) => text is null ? null : TimeOnly.Parse(text, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("&")]
    [InlineData(" - ")]
    [InlineData("'")]
    public void A_query_without_words_matches_nothing_whether_indexed_or_overlaid(string query)
    {
        var id = Guid.NewGuid();
        var fresh = new SearchSnapshot([Entry("Alpha", id: id), Entry("Beta")]);
        var overlaid = fresh.With([id], [Entry("Alpha renamed", id: id)]);

        Names(fresh, Request(q: query)).ShouldBeEmpty();
        Names(overlaid, Request(q: query)).ShouldBeEmpty();
        Names(overlaid.Compact(), Request(q: query)).ShouldBeEmpty();
    }
}
