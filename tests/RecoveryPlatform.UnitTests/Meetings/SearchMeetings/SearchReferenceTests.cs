using System.Globalization;
using System.Text;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

/// <summary>
/// Pins down what meeting search answers, whatever indexes and shortcuts it uses to get there: random
/// directories and random requests, each answered by <see cref="MeetingSearch"/> and by a plain LINQ scan
/// written here from the rules (great-circle distance, word prefixes, any-of and all-of filters, name and
/// distance order, paging). The total, the page's meetings in order and their distances must agree, on a
/// fresh snapshot, on one carrying an overlay of changes, and on that overlay compacted. Everything is
/// seeded, ids included, so a failure reproduces exactly; its message is the request as a URL.
/// </summary>
/// <remarks>
/// Not covered here: startingWithin, inProgress and nextOccurrence order (<see cref="TimeWindowSearchTests"/>),
/// near (postcode districts), times with seconds, and queries made only of separators ("&amp;"), which
/// search answers inconsistently today (nothing from the indexes, every changed meeting from the overlay).
/// </remarks>
public sealed class SearchReferenceTests
{
    private const int DirectorySize = 1_500;
    private const int RequestsPerDirectory = 200;
    private const double EarthRadiusKm = 6371.0088;
    private const double DefaultRadiusKm = 10;

    /// <summary>How close to the edge of the circle some requests put a meeting: 1 mm.</summary>
    private const double BoundaryKm = 1e-6;

    /// <summary>Results are rounded to 2 decimals; a distance a hair from a rounding boundary may round either way.</summary>
    private const double DistanceTolerance = 0.01 + 1e-9;

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The word separators of text search: "big-book" is two words, "mary's" is "mary" and "s".</summary>
    private static readonly char[] Separators = [' ', ',', '.', '-', '\'', '’', '(', ')', '&', '/', ':', ';', '"', '!', '?'];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_fresh_snapshot_answers_like_a_plain_scan(int seed)
    {
        var world = new World(seed);
        var directory = world.NewDirectory(DirectorySize);
        var probes = world.NewProbes(directory, RequestsPerDirectory);

        AnswersLikeAPlainScan($"fresh (seed {seed})", new SearchSnapshot(directory), directory, probes);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void A_snapshot_with_changes_overlaid_and_compacted_answers_like_a_plain_scan(int seed)
    {
        var world = new World(seed);
        var directory = world.NewDirectory(DirectorySize);
        var (overlaid, current) = world.ApplyChanges(new SearchSnapshot(directory), directory);
        var probes = world.NewProbes(current, RequestsPerDirectory);

        AnswersLikeAPlainScan($"overlaid (seed {seed})", overlaid, current, probes);
        AnswersLikeAPlainScan($"compacted (seed {seed})", overlaid.Compact(), current, probes);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void A_snapshot_that_absorbed_rounds_of_changes_and_compactions_answers_like_a_plain_scan(int seed)
    {
        var world = new World(seed);
        var directory = world.NewDirectory(DirectorySize);
        var snapshot = new SearchSnapshot(directory);
        for (var round = 1; round <= 6; round++)
        {
            (snapshot, directory) = world.ApplyChanges(snapshot, directory);
            if (round % 2 == 0)
            {
                snapshot = snapshot.Compact();
                HoldsTheIndexesAFreshBuildWould(snapshot, directory);
            }
        }

        // Six rounds, the last one still overlaid on three compactions.
        (snapshot, directory) = world.ApplyChanges(snapshot, directory);
        snapshot.Overlay.ShouldNotBeEmpty();
        AnswersLikeAPlainScan($"changed and compacted in rounds (seed {seed})", snapshot, directory, world.NewProbes(directory, RequestsPerDirectory));
    }

    /// <summary>
    /// Stored answers and ETags are keyed by the answer's version (<see cref="SearchAnswerVersions"/>), which edits
    /// to meetings a search does not match leave as it was. Over a directory edited one meeting at a time, in
    /// batches, compacted in the background and caught up, compacted in place, rebuilt, and past the history a
    /// snapshot remembers: whenever a search gets a version it got before, its answer must be the one it got
    /// then, row for row. Versions worked out step by step and from the whole history are both held to it.
    /// </summary>
    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public void Snapshots_that_give_a_search_the_same_version_give_it_the_same_answer(int seed)
    {
        var world = new World(seed);
        var directory = world.NewDirectory(DirectorySize);
        var probes = world.NewProbes(directory, 60);
        var versions = new SearchAnswerVersions();
        var answers = new Dictionary<(int Probe, long Version), string>();
        var (kept, renewed, reused) = (0, 0, 0);
        var lastVersions = new long[probes.Count];
        var snapshot = new SearchSnapshot(directory);
        var (historyForgotten, historyLength) = (false, 0);
        const int Rebuilt = 281;
        for (var step = 1; step <= 300; step++)
        {
            if (step % 10 == 0)
            {
                (snapshot, directory) = world.ApplyChanges(snapshot, directory);
            }
            else if (step % 45 == 0)
            {
                // Compacted in the background from this snapshot while more changes land (one meeting changed
                // twice), then caught up.
                var compacted = snapshot.Compact();
                var changedSince = new HashSet<Guid>();
                for (var i = 0; i < 3; i++)
                {
                    (snapshot, directory, var id) = world.ApplyOneChange(snapshot, directory, again: changedSince.FirstOrDefault());
                    changedSince.Add(id);
                }

                snapshot = compacted.CaughtUpWith(snapshot, changedSince);
            }
            else if (step % 70 == 0)
            {
                snapshot = snapshot.Compact();
            }
            else if (step == Rebuilt)
            {
                // Rebuilt after changes the snapshot missed.
                (_, directory) = world.ApplyChanges(snapshot, directory);
                snapshot = new SearchSnapshot(directory);
            }
            else
            {
                (snapshot, directory, _) = world.ApplyOneChange(snapshot, directory);
            }

            snapshot.RecentChanges.Length.ShouldBeLessThanOrEqualTo(SearchSnapshot.HistoryLimit);
            historyForgotten |= step != Rebuilt && snapshot.RecentChanges.Length < historyLength;
            historyLength = snapshot.RecentChanges.Length;
            for (var i = 0; i < probes.Count; i++)
            {
                var request = probes[i].ToRequest();
                var criteria = SearchCriteria.Read(request);
                var (page, total) = MeetingSearch.Run(criteria, Now, snapshot, probes[i].Page, probes[i].PageSize);
                var answer = $"{total} {System.Text.Json.JsonSerializer.Serialize(page)}";
                var query = QueryString(request) + $"&page={probes[i].Page}&pageSize={probes[i].PageSize}";
                versions.Remember(query, criteria);
                var stepwise = versions.Find(snapshot, query, Now)!.Value;
                foreach (var version in new[] { stepwise, SearchAnswerVersions.Of(snapshot, criteria, Now), snapshot.Generation })
                {
                    if (answers.TryGetValue((i, version), out var earlier))
                    {
                        answer.ShouldBe(earlier, $"step {step}, version {version}: GET /api/v1/meetings?{query}");
                        reused++;
                    }
                    else
                    {
                        answers[(i, version)] = answer;
                    }
                }

                (kept, renewed) = stepwise == lastVersions[i] ? (kept + 1, renewed) : (kept, renewed + 1);
                lastVersions[i] = stepwise;
            }
        }

        // Not a test that cannot fail: most edits leave most searches' versions (so answers are compared
        // across many snapshots), and edits do renew them.
        kept.ShouldBeGreaterThan(probes.Count * 300 / 2);
        renewed.ShouldBeGreaterThan(probes.Count * 5);
        reused.ShouldBeGreaterThan(probes.Count * 300);
        historyForgotten.ShouldBeTrue("the directory should have been edited past the history a snapshot remembers");
    }

    /// <summary>
    /// Compaction moves positions instead of building again; every index must come out as a build from
    /// the same entries makes it, entry for entry, or shortcuts that trust their order would go wrong.
    /// </summary>
    private static void HoldsTheIndexesAFreshBuildWould(SearchSnapshot compacted, List<SearchEntry> directory)
    {
        var fresh = new SearchSnapshot(directory);
        compacted.ByName.Select(e => e.Id).ShouldBe(fresh.ByName.Select(e => e.Id));
        compacted.Keys.ShouldBe(fresh.Keys);
        foreach (var (mine, theirs) in new[] { (compacted.All, fresh.All), (compacted.Joinable, fresh.Joinable) })
        {
            mine.Positions.ShouldBe(theirs.Positions);
            mine.Minutes.ShouldBe(theirs.Minutes);
            mine.Zones.ShouldBe(theirs.Zones);
            mine.Irregular.ShouldBe(theirs.Irregular);
        }

        var world = new GreatCircle.Box(-90, 90, -180, 180);
        var cells = compacted.CellsInBox(world);
        var freshCells = fresh.CellsInBox(world);
        cells.Select(c => (c.LatitudeIndex, c.LongitudeIndex)).ShouldBe(freshCells.Select(c => (c.LatitudeIndex, c.LongitudeIndex)));
        for (var i = 0; i < cells.Count; i++)
        {
            cells[i].Slots.Positions.ShouldBe(freshCells[i].Slots.Positions);
            cells[i].Slots.Keys.ShouldBe(freshCells[i].Slots.Keys);
            cells[i].Slots.Zones.ShouldBe(freshCells[i].Slots.Zones);
            cells[i].Slots.Irregular.ShouldBe(freshCells[i].Slots.Irregular);
        }

        foreach (var word in directory.SelectMany(e => Tokenise(e.SearchText)).Distinct().Concat(["zzz-gone", "a", "st"]))
        {
            compacted.MatchingText(word).ShouldBe(fresh.MatchingText(word), $"the text index for \"{word}\"");
        }
    }

    private static void AnswersLikeAPlainScan(string variant, SearchSnapshot snapshot, IReadOnlyList<SearchEntry> directory, IReadOnlyList<Probe> probes)
    {
        var reference = directory.Select(e => (Entry: e, Words: Tokenise(e.SearchText))).ToList();
        var found = 0;
        for (var i = 0; i < probes.Count; i++)
        {
            var probe = probes[i];
            var request = probe.ToRequest();
            var (expectedPage, expectedTotal) = PlainScan(reference, probe);
            var (page, total) = MeetingSearch.Run(SearchCriteria.Read(request), Now, snapshot, probe.Page, probe.PageSize);

            var message = Describe(variant, i, request, probe, expectedTotal, expectedPage, total, page);
            total.ShouldBe(expectedTotal, message);
            page.Select(r => r.Id).ToList().ShouldBe(expectedPage.Select(m => m.Entry.Id).ToList(), message);
            for (var row = 0; row < page.Count; row++)
            {
                if (expectedPage[row].DistanceKm is { } distance)
                {
                    page[row].DistanceKm.ShouldNotBeNull(message);
                    page[row].DistanceKm!.Value.ShouldBe(Math.Round(distance, 2), DistanceTolerance, message);
                }
                else
                {
                    page[row].DistanceKm.ShouldBeNull(message);
                }
            }

            found += expectedTotal > 0 ? 1 : 0;
        }

        // The generator must keep producing requests that find something, or agreement proves little.
        found.ShouldBeGreaterThan(probes.Count / 2, $"{variant}: only {found} of {probes.Count} requests found anything");
    }

    /// <summary>The reference: every meeting, every rule, one at a time; no index, no shortcut.</summary>
    private static (List<(SearchEntry Entry, double? DistanceKm)> Page, int Total) PlainScan(List<(SearchEntry Entry, string[] Words)> directory, Probe probe)
    {
        var queryWords = string.IsNullOrWhiteSpace(probe.Q) ? null : Tokenise(probe.Q.ToLowerInvariant());
        var radiusKm = probe.RadiusKm ?? DefaultRadiusKm;
        var includeOnline = probe.IncludeOnline == true;

        var matches = new List<(SearchEntry Entry, double? DistanceKm)>();
        foreach (var (entry, words) in directory)
        {
            double? distanceKm = null;
            if (probe.Point is { } point)
            {
                // Near the point, or (asked for) joinable from anywhere, then without a distance.
                distanceKm = entry.Venue is { } venue ? GreatCircleKm(point.Latitude, point.Longitude, venue.Latitude, venue.Longitude) : null;
                if (distanceKm is not { } km || km > radiusKm)
                {
                    if (!includeOnline || entry.Attendance == Attendance.InPerson)
                    {
                        continue;
                    }

                    distanceKm = null;
                }
            }

            var start = new TimeOnly(entry.LocalStartMinutes / 60, entry.LocalStartMinutes % 60);
            var matched =
                (queryWords is null || queryWords.All(q => words.Any(w => w.StartsWith(q, StringComparison.Ordinal))))
                && (probe.Organisations.Count == 0 || probe.Organisations.Contains(entry.OrganisationSlug))
                && (probe.Days.Count == 0 || probe.Days.Contains(entry.Day))
                && (probe.StartsAfter is not { } after || start >= after)
                && (probe.StartsBefore is not { } before || start < before)
                && (probe.Attendances.Count == 0 || probe.Attendances.Contains(entry.Attendance))
                && probe.Attributes.All(a => (entry.AttributesMask & (1L << (int)a)) != 0)
                && probe.Accessibility.All(f => (entry.AccessibilityMask & (1 << (int)f)) != 0)
                && probe.Formats.All(f => entry.Formats.Contains(f, StringComparer.Ordinal))
                && (probe.Languages.Count == 0 || entry.Languages.Any(l => probe.Languages.Any(range => LanguageTag.IsCoveredBy(l, range))))
                && (probe.UpdatedSince is not { } since || entry.UpdatedAt >= since);
            if (matched)
            {
                matches.Add((entry, distanceKm));
            }
        }

        var sort = probe.Sort ?? (probe.Point is null ? "name" : "distance");
        var ordered = sort == "distance"
            ? matches.OrderBy(m => m.DistanceKm is null).ThenBy(m => m.DistanceKm ?? 0).ThenBy(m => m.Entry.Name, StringComparer.OrdinalIgnoreCase)
            : matches.OrderBy(m => m.Entry.Name, StringComparer.OrdinalIgnoreCase);
        var page = ordered.ThenBy(m => m.Entry.Id).Skip((probe.Page - 1) * probe.PageSize).Take(probe.PageSize).ToList();
        return (page, matches.Count);
    }

    /// <summary>Haversine on a sphere of the mean Earth radius.</summary>
    private static double GreatCircleKm(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var phi1 = double.DegreesToRadians(latitude1);
        var phi2 = double.DegreesToRadians(latitude2);
        var halfDeltaPhi = double.DegreesToRadians(latitude2 - latitude1) / 2;
        var halfDeltaLambda = double.DegreesToRadians(longitude2 - longitude1) / 2;
        var h = (Math.Sin(halfDeltaPhi) * Math.Sin(halfDeltaPhi)) + (Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(halfDeltaLambda) * Math.Sin(halfDeltaLambda));
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(h));
    }

    private static string[] Tokenise(string text) =>
        text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Describe(
        string variant,
        int index,
        SearchMeetingsRequest request,
        Probe probe,
        int expectedTotal,
        List<(SearchEntry Entry, double? DistanceKm)> expectedPage,
        int actualTotal,
        List<MeetingSearchResult> actualPage)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{variant}, request {index}: GET /api/v1/meetings?{QueryString(request)} (page {probe.Page}, pageSize {probe.PageSize})");
        text.Append(CultureInfo.InvariantCulture, $"\nexpected total {expectedTotal}, page:");
        foreach (var (entry, distanceKm) in expectedPage)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {entry.Id} \"{entry.Name}\" {entry.Attendance} {entry.OrganisationSlug} {entry.Day} {entry.LocalStartMinutes / 60:00}:{entry.LocalStartMinutes % 60:00} {distanceKm:0.000000###}");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nactual total {actualTotal}, page:");
        foreach (var result in actualPage)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {result.Id} \"{result.Name}\" {result.Attendance} {result.Organisation.Slug} {result.Schedule.Day} {result.Schedule.StartTime} {result.DistanceKm:0.00}");
        }

        return text.ToString();
    }

    private static string QueryString(SearchMeetingsRequest request)
    {
        var parts = new List<string>();
        One("lat", request.Lat?.ToString("R", CultureInfo.InvariantCulture));
        One("lng", request.Lng?.ToString("R", CultureInfo.InvariantCulture));
        One("radiusKm", request.RadiusKm?.ToString("R", CultureInfo.InvariantCulture));
        One("includeOnline", request.IncludeOnline?.ToString().ToLowerInvariant());
        Many("organisation", request.Organisation);
        Many("day", request.Day);
        One("startsAfter", request.StartsAfter);
        One("startsBefore", request.StartsBefore);
        Many("attendance", request.Attendance);
        Many("attribute", request.Attribute);
        Many("format", request.Format);
        Many("language", request.Language);
        Many("accessibility", request.Accessibility);
        One("q", request.Q is null ? null : Uri.EscapeDataString(request.Q));
        One("updatedSince", request.UpdatedSince is { } since ? Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture)) : null);
        One("sort", request.Sort);
        return string.Join('&', parts);

        void One(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={value}");
            }
        }

        void Many(string name, string[]? values)
        {
            foreach (var value in values ?? [])
            {
                parts.Add($"{name}={value}");
            }
        }
    }

    /// <summary>One request in typed form, for the reference, and how it is written on the wire.</summary>
    private sealed class Probe
    {
        public (double Latitude, double Longitude)? Point { get; init; }

        public double? RadiusKm { get; init; }

        public bool? IncludeOnline { get; init; }

        public IReadOnlyList<string> Organisations { get; init; } = [];

        public IReadOnlyList<DayOfWeek> Days { get; init; } = [];

        public TimeOnly? StartsAfter { get; init; }

        public TimeOnly? StartsBefore { get; init; }

        public IReadOnlyList<Attendance> Attendances { get; init; } = [];

        public IReadOnlyList<SharedAttribute> Attributes { get; init; } = [];

        public IReadOnlyList<string> Formats { get; init; } = [];

        public IReadOnlyList<string> Languages { get; init; } = [];

        public IReadOnlyList<AccessibilityFeature> Accessibility { get; init; } = [];

        public string? Q { get; init; }

        public DateTimeOffset? UpdatedSince { get; init; }

        public string? Sort { get; init; }

        public int Page { get; init; } = 1;

        public int PageSize { get; init; } = 50;

        /// <summary>Lists as one comma-separated value (day=monday,friday) rather than repeated (day=monday&amp;day=friday).</summary>
        public bool CommaSeparated { get; init; }

        /// <summary>Enum wire names in capitals (they are case-insensitive).</summary>
        public bool Capitals { get; init; }

        public SearchMeetingsRequest ToRequest() => new(
            Lat: Point?.Latitude,
            Lng: Point?.Longitude,
            RadiusKm: RadiusKm,
            Near: null,
            IncludeOnline: IncludeOnline,
            Organisation: List(Organisations),
            Day: List(Days.Select(Wire)),
            StartsAfter: StartsAfter?.ToString("HH:mm", CultureInfo.InvariantCulture),
            StartsBefore: StartsBefore?.ToString("HH:mm", CultureInfo.InvariantCulture),
            StartingWithin: null,
            At: null,
            InProgress: null,
            Attendance: List(Attendances.Select(Wire)),
            Attribute: List(Attributes.Select(Wire)),
            Format: List(Formats),
            Language: List(Languages),
            Accessibility: List(Accessibility.Select(Wire)),
            Q: Q,
            UpdatedSince: UpdatedSince,
            Sort: Sort,
            Page: Page,
            PageSize: PageSize);

        private string Wire<TEnum>(TEnum value)
            where TEnum : struct, Enum => Capitals ? WireNames.Of(value).ToUpperInvariant() : WireNames.Of(value);

        private string[]? List(IEnumerable<string> values)
        {
            var array = values.ToArray();
            return array.Length == 0 ? null : CommaSeparated ? [string.Join(',', array)] : array;
        }
    }

    /// <summary>A seeded source of venues, meetings, changes and requests.</summary>
    private sealed class World
    {
        private static readonly (string Town, string Postcode, double Latitude, double Longitude)[] Cities =
        [
            ("Leeds", "LS6 1AA", 53.800, -1.549),
            ("Manchester", "M1 1AE", 53.480, -2.242),
            ("London", "WC2N 5DU", 51.507, -0.128),
            ("Bristol", "BS1 4ST", 51.454, -2.588),
        ];

        /// <summary>Points with no meetings near: Inverness, and Cardiff (40 km from Bristol's meetings).</summary>
        private static readonly (double Latitude, double Longitude)[] Elsewhere = [(57.478, -4.224), (51.481, -3.179)];

        private static readonly string[] NameWords =
        [
            "Big Book", "big book", "Church", "CHURCH", "Church Street", "Step", "Steps", "Stepping Stones", "Twelve-Step",
            "Women", "Women's", "Hope", "Hopeful", "Hope & Faith", "Serenity", "St. Mary's", "Newcomers", "Living Sober",
            "Back to Basics", "Early Birds", "Lunchtime", "Friday Night", "Acceptance", "Just for Today", "Chapel", "Big",
            "(Closed)", "Men's", "Way", "Ways", "Bigger Picture",
        ];

        private static readonly string[] GroupWords =
        [
            "Headingley", "Chapel Allerton", "Hope Street", "Serenity", "Sunday Morning", "Big Book Study", "St. Mary's",
            "Women's Step", "Stepping Stones", "Northern Quarter", "Clifton", "Camden",
        ];

        private static readonly string[] VenueNames =
        [
            "St. Mary's Church Hall", "Quaker Meeting House", "Community Centre", "Hope Street Chapel", "Methodist Church",
            "The Steps Centre", "Central Library", "Friends' Meeting House", "Church of the Ascension", "Women's Centre",
        ];

        private static readonly string[] QueryPhrases =
        [
            "chur", "big bo", "big-book", "women's", "st. mary", "hope & faith", "twelve-st", "step", "ste", "b", "hope",
            "serenity prayer", "quaker", "leeds", "manch", "lond", "book big", "(closed)", "living-sober", "men",
        ];

        private static readonly string[] AbsentWords = ["zebra", "qwerty", "xylophone", "bigbook", "churches"];

        private static readonly string[] Organisations = ["aa-great-britain", "na-uk", "ca-uk", "oa-gb", "slaa"];

        private static readonly string[] FormatCodes = ["O", "C", "BB", "ST", "W", "SP", "D", "B"];

        private static readonly string[] LanguageCodes = ["en", "cy", "pl", "es", "ur"];

        private static readonly SharedAttribute[] UsedAttributes =
        [
            SharedAttribute.OpenToAll, SharedAttribute.Closed, SharedAttribute.NewcomerFriendly, SharedAttribute.WomenOnly,
            SharedAttribute.MenOnly, SharedAttribute.Lgbtq, SharedAttribute.Speaker, SharedAttribute.Discussion,
            SharedAttribute.StepStudy, SharedAttribute.BslInterpreted,
        ];

        private static readonly int[] PopularStarts = [12 * 60, (18 * 60) + 30, 19 * 60, (19 * 60) + 30, 20 * 60];

        private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>Bulk imports: many meetings share these UpdatedAt instants.</summary>
        private static readonly DateTimeOffset[] Imports = [new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 9, 15, 10, 30, 0, TimeSpan.Zero)];

        private readonly Random _random;
        private readonly List<VenueSummary> _venues = [];

        public World(int seed)
        {
            _random = new Random(seed);
            for (var i = 0; i < 300; i++)
            {
                _venues.Add(NewVenue());
            }
        }

        public List<SearchEntry> NewDirectory(int size)
        {
            var entries = new List<SearchEntry>(size);
            for (var i = 0; i < size; i++)
            {
                entries.Add(NewEntry(NewId()));
            }

            return entries;
        }

        /// <summary>
        /// Three rounds of changes, as the index receives them: existing meetings renamed, moved, replaced or no
        /// longer public; new meetings; some changed twice; one id that never was public. Returns the snapshot
        /// and the directory it should now hold.
        /// </summary>
        public (SearchSnapshot Snapshot, List<SearchEntry> Directory) ApplyChanges(SearchSnapshot snapshot, List<SearchEntry> directory)
        {
            var current = directory.ToDictionary(e => e.Id);
            var existing = directory.Select(e => e.Id).ToArray();
            _random.Shuffle(existing);
            var added = Enumerable.Range(0, 10).Select(_ => NewId()).ToArray();

            snapshot = Change(snapshot, current, [.. existing[..20].Select(id => (id, Mutate(current[id])))]);

            var second = added.Select(id => (id, (SearchEntry?)NewEntry(id)))
                .Concat(existing[20..30].Select(id => (id, Mutate(current[id]))))
                .Concat(existing[..3].Select(id => (id, current.TryGetValue(id, out var entry) ? Mutate(entry) : NewEntry(id))));
            snapshot = Change(snapshot, current, [.. second]);

            snapshot = Change(snapshot, current, [(added[0], Mutate(current[added[0]])), (added[1], null), (NewId(), null)]);
            return (snapshot, [.. current.Values]);
        }

        /// <summary>
        /// One meeting changed as <see cref="ApplyChanges"/> changes them, or (one time in three) edited where
        /// search does not show it: <paramref name="again"/> when given, else a random one, or (one time in ten)
        /// a new one added.
        /// </summary>
        public (SearchSnapshot Snapshot, List<SearchEntry> Directory, Guid Changed) ApplyOneChange(SearchSnapshot snapshot, List<SearchEntry> directory, Guid again = default)
        {
            var current = directory.ToDictionary(e => e.Id);
            var id = again != Guid.Empty ? again : _random.Next(10) == 0 ? NewId() : directory[_random.Next(directory.Count)].Id;
            var next = !current.TryGetValue(id, out var old) ? NewEntry(id)
                : _random.Next(3) == 0 ? Touch(old) // a description or a contact edited: shown the same, updated now
                : Mutate(old);
            return (Change(snapshot, current, [(id, next)]), [.. current.Values], id);
        }

        public List<Probe> NewProbes(IReadOnlyList<SearchEntry> directory, int count)
        {
            // First, everything: the total is the whole directory.
            var probes = new List<Probe> { new() };
            while (probes.Count < count)
            {
                probes.Add(NewProbe(directory));
            }

            return probes;
        }

        private static SearchSnapshot Change(SearchSnapshot snapshot, Dictionary<Guid, SearchEntry> current, List<(Guid Id, SearchEntry? Next)> changes)
        {
            foreach (var (id, next) in changes)
            {
                if (next is null)
                {
                    current.Remove(id);
                }
                else
                {
                    current[id] = next;
                }
            }

            return snapshot.With(changes.Select(c => c.Id).ToHashSet(), [.. changes.Where(c => c.Next is not null).Select(c => c.Next!)]);
        }

        private SearchEntry Touch(SearchEntry old) =>
            Build(old.Id, old.Name, old.OrganisationSlug, old.GroupName, old.Attendance, old.Venue, old.Day, old.LocalStartMinutes, old.Formats, old.AttributesMask, old.Languages, NewUpdatedAt());

        private SearchEntry? Mutate(SearchEntry old)
        {
            switch (_random.Next(5))
            {
                case 0:
                    return Build(old.Id, NewName(), old.OrganisationSlug, old.GroupName, old.Attendance, old.Venue, old.Day, old.LocalStartMinutes, old.Formats, old.AttributesMask, old.Languages, NewUpdatedAt());
                case 1:
                    var attendance = NewAttendance();
                    var venue = attendance == Attendance.Online ? null : _venues[_random.Next(_venues.Count)];
                    return Build(old.Id, old.Name, old.OrganisationSlug, old.GroupName, attendance, venue, old.Day, old.LocalStartMinutes, old.Formats, old.AttributesMask, old.Languages, NewUpdatedAt());
                case 2:
                    return null;
                case 3:
                    return Build(old.Id, old.Name.ToUpperInvariant(), old.OrganisationSlug, old.GroupName, old.Attendance, old.Venue, NewDay(), NewStart(), old.Formats, old.AttributesMask, old.Languages, NewUpdatedAt());
                default:
                    return NewEntry(old.Id);
            }
        }

        private SearchEntry NewEntry(Guid id)
        {
            var attendance = NewAttendance();
            var venue = attendance == Attendance.Online ? null : _venues[_random.Next(_venues.Count)];
            var name = NewName();
            var organisation = Organisations[_random.Next(Organisations.Length)];
            var group = $"{GroupWords[_random.Next(GroupWords.Length)]} Group";
            var formats = FormatCodes.Where(_ => _random.Next(4) == 0).ToArray();
            var attributes = UsedAttributes.Where(_ => _random.Next(5) == 0).Aggregate(0L, (mask, a) => mask | (1L << (int)a));
            string[] languages = _random.Next(10) switch
            {
                0 => [],
                < 8 => ["en"],
                _ => [.. LanguageCodes.Where(_ => _random.Next(2) == 0)],
            };
            return Build(id, name, organisation, group, attendance, venue, NewDay(), NewStart(), formats, attributes, languages, NewUpdatedAt());
        }

        private static SearchEntry Build(
            Guid id,
            string name,
            string organisation,
            string group,
            Attendance attendance,
            VenueSummary? venue,
            DayOfWeek day,
            int startMinutes,
            string[] formats,
            long attributes,
            string[] languages,
            DateTimeOffset updatedAt)
        {
            var start = new TimeOnly(startMinutes / 60, startMinutes % 60);
            return new SearchEntry
            {
                Id = id,
                Name = name,
                OrganisationId = new Guid(Array.IndexOf(Organisations, organisation) + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                OrganisationSlug = organisation,
                OrganisationName = organisation.ToUpperInvariant(),
                GroupId = Guid.Empty,
                GroupName = group,
                Attendance = attendance,
                Venue = venue,
                OnlineUrl = attendance == Attendance.InPerson ? null : $"https://meet.example.org/{id:N}",
                Day = day,
                LocalStartMinutes = startMinutes,
                TimeZoneId = ScheduleDefinition.DefaultTimeZoneId,
                RecurrenceKind = RecurrenceKind.Weekly,
                DurationMinutes = 60,
                Formats = formats,
                AttributesMask = attributes,
                Languages = languages,
                AccessibilityMask = venue is null ? 0 : venue.Accessibility.Aggregate(0, (mask, f) => mask | (1 << (int)f)),
                UpdatedAt = updatedAt,
                Schedule = MeetingSchedule.Create(new ScheduleDefinition { LocalStartTime = start, Duration = TimeSpan.FromHours(1), Recurrence = new Recurrence.Weekly(day) }),
            };
        }

        private VenueSummary NewVenue()
        {
            var (town, postcode, latitude, longitude) = Cities[_random.Next(Cities.Length)];
            var accessibility = Enum.GetValues<AccessibilityFeature>().Where(_ => _random.Next(3) == 0).ToArray();

            // Some buildings hold two venues: same place, so equal distances.
            var (lat, lng) = _venues.Count > 0 && _random.Next(20) == 0
                ? (_venues[^1].Latitude, _venues[^1].Longitude)
                : (Math.Round(latitude + Spread(0.35), 6), Math.Round(longitude + Spread(0.55), 6));
            return new VenueSummary(NewId(), Guid.Empty, VenueNames[_random.Next(VenueNames.Length)], town, postcode, "GB", lat, lng, accessibility, false);
        }

        private Probe NewProbe(IReadOnlyList<SearchEntry> directory)
        {
            (double Latitude, double Longitude)? point = _random.Next(20) switch
            {
                < 8 => NearACity(),
                < 11 => directory[_random.Next(directory.Count)].Venue is { } venue ? (venue.Latitude, venue.Longitude) : NearACity(),
                11 => Elsewhere[_random.Next(Elsewhere.Length)],
                _ => null,
            };
            var radiusKm = point is null || _random.Next(10) == 0 ? null : (double?)Math.Round(1 + (_random.NextDouble() * 59), 3);
            if (point is { } origin && radiusKm is not null && _random.Next(4) == 0)
            {
                radiusKm = BoundaryRadius(directory, origin) ?? radiusKm;
            }

            return new Probe
            {
                Point = point,
                RadiusKm = radiusKm,
                IncludeOnline = _random.Next(3) switch { 0 => true, 1 => false, _ => null },
                Organisations = Maybe(0.2, () => Some([.. Organisations, "gamblers-anonymous"], 2)),
                Days = Maybe(0.25, () => Some(Enum.GetValues<DayOfWeek>(), 3)),
                StartsAfter = _random.Next(5) == 0 ? NewTime() : null,
                StartsBefore = _random.Next(5) == 0 ? NewTime() : null,
                Attendances = Maybe(0.2, () => Some(Enum.GetValues<Attendance>(), 2)),
                Attributes = Maybe(0.15, () => Some([.. UsedAttributes, SharedAttribute.Outdoor], 2)),
                Formats = Maybe(0.15, () => Some([.. FormatCodes, "XX"], 2)),
                Languages = Maybe(0.15, () => Some([.. LanguageCodes, "fr"], 2)),
                Accessibility = Maybe(0.15, () => Some(Enum.GetValues<AccessibilityFeature>(), 2)),
                Q = _random.Next(100) < 35 ? NewQuery(directory) : null,
                UpdatedSince = _random.Next(100) < 15 ? NewUpdatedSince(directory) : null,
                Sort = point is null
                    ? _random.Next(2) == 0 ? null : "name"
                    : _random.Next(4) switch { 0 => "name", 1 => "distance", _ => null },
                Page = _random.Next(2) == 0 ? 1 : 1 + _random.Next(4),
                PageSize = 1 + _random.Next(50),
                CommaSeparated = _random.Next(2) == 0,
                Capitals = _random.Next(5) == 0,
            };
        }

        /// <summary>
        /// A radius that puts some meeting a millimetre inside or outside the circle: whatever the distance
        /// maths, it must agree with the haversine that closely.
        /// </summary>
        private double? BoundaryRadius(IReadOnlyList<SearchEntry> directory, (double Latitude, double Longitude) origin)
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                if (directory[_random.Next(directory.Count)].Venue is { } venue
                    && GreatCircleKm(origin.Latitude, origin.Longitude, venue.Latitude, venue.Longitude) is var km and >= 0.5 and <= 60)
                {
                    return km + (_random.Next(2) == 0 ? BoundaryKm : -BoundaryKm);
                }
            }

            return null;
        }

        private (double, double) NearACity()
        {
            var city = Cities[_random.Next(Cities.Length)];
            return (city.Latitude + Spread(0.3), city.Longitude + Spread(0.5));
        }

        /// <summary>One or two words: words and word starts meetings have, phrases with separators, words none has.</summary>
        private string NewQuery(IReadOnlyList<SearchEntry> directory)
        {
            if (_random.Next(25) == 0)
            {
                return "   ";
            }

            string query;
            do
            {
                var words = Enumerable.Range(0, _random.Next(3) == 0 ? 2 : 1).Select(_ => NewQueryWord(directory)).ToArray();
                query = string.Join(_random.Next(4) == 0 ? ", " : " ", words);
            }
            while (Tokenise(query).Length == 0); // separators only: see the remarks on the class

            return _random.Next(3) switch
            {
                0 => query.ToUpperInvariant(),
                1 => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(query),
                _ => query,
            };
        }

        private string NewQueryWord(IReadOnlyList<SearchEntry> directory)
        {
            switch (_random.Next(10))
            {
                case < 6:
                    var words = Tokenise(directory[_random.Next(directory.Count)].SearchText);
                    var word = words[_random.Next(words.Length)];
                    return _random.Next(2) == 0 ? word : word[..(1 + _random.Next(word.Length))];
                case < 9:
                    return QueryPhrases[_random.Next(QueryPhrases.Length)];
                default:
                    return AbsentWords[_random.Next(AbsentWords.Length)];
            }
        }

        private DateTimeOffset NewUpdatedSince(IReadOnlyList<SearchEntry> directory)
        {
            // Often exactly some meeting's instant (inclusive), sometimes written in another offset.
            var since = _random.Next(2) == 0 ? directory[_random.Next(directory.Count)].UpdatedAt : NewUpdatedAt();
            return _random.Next(3) == 0 ? since.ToOffset(TimeSpan.FromHours(1)) : since;
        }

        private TimeOnly NewTime()
        {
            var minutes = _random.Next(2) == 0 ? PopularStarts[_random.Next(PopularStarts.Length)] : NewStart();
            return new TimeOnly(minutes / 60, minutes % 60);
        }

        private string NewName()
        {
            var name = string.Join(' ', Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => NameWords[_random.Next(NameWords.Length)]));
            return _random.Next(7) switch
            {
                0 => name.ToLowerInvariant(),
                1 => name.ToUpperInvariant(),
                _ => name,
            };
        }

        private Attendance NewAttendance() => _random.Next(20) switch
        {
            < 12 => Attendance.InPerson,
            < 17 => Attendance.Online,
            _ => Attendance.Hybrid,
        };

        private DayOfWeek NewDay() => (DayOfWeek)_random.Next(7);

        private int NewStart() => _random.Next(3) == 0 ? PopularStarts[_random.Next(PopularStarts.Length)] : (_random.Next(24) * 60) + (_random.Next(12) * 5);

        private DateTimeOffset NewUpdatedAt() => _random.Next(5) == 0
            ? Imports[_random.Next(Imports.Length)]
            : Epoch.AddMinutes(_random.Next(2 * 365 * 24 * 60));

        private Guid NewId()
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            return new Guid(bytes);
        }

        private double Spread(double degrees) => (_random.NextDouble() + _random.NextDouble() - 1) * degrees;

        private List<T> Maybe<T>(double probability, Func<List<T>> values) => _random.NextDouble() < probability ? values() : [];

        private List<T> Some<T>(T[] pool, int most)
        {
            var shuffled = pool.ToArray();
            _random.Shuffle(shuffled);
            return [.. shuffled.Take(1 + _random.Next(most))];
        }
    }
}
