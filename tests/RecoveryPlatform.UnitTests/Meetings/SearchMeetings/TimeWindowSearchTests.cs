using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

/// <summary>
/// startingWithin and inProgress skip meetings whose weekly slot cannot fit before asking the
/// schedule engine. Whatever the zone, clock change, exception or skipped week of the month, search must answer exactly what
/// the engine alone would, searched across the whole directory or near a point (with online meetings).
/// </summary>
public sealed class TimeWindowSearchTests
{
    // Antarctica/Troll moves its clocks by two hours, not one.
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Dublin", "Antarctica/Troll"];

    private static readonly DateTimeOffset[] Instants =
    [
        new(2026, 3, 29, 0, 45, 0, TimeSpan.Zero),   // just before UK clocks go forward
        new(2026, 10, 25, 0, 30, 0, TimeSpan.Zero),  // inside the UK's repeated hour
        new(2026, 3, 8, 6, 30, 0, TimeSpan.Zero),    // US clocks go forward
        new(2026, 4, 5, 15, 0, 0, TimeSpan.Zero),    // Sydney clocks go back
        new(2026, 11, 30, 17, 40, 0, TimeSpan.Zero), // an ordinary Monday evening in Leeds
        new(2026, 12, 1, 18, 15, 0, TimeSpan.Zero),  // exactly on a start time: that meeting counts, one at the window's end does not
        new(2026, 12, 31, 23, 30, 0, TimeSpan.Zero), // across a year end
    ];

    private static List<SearchEntry> RandomDirectory(int seed)
    {
        var random = new Random(seed);
        var entries = new List<SearchEntry>();
        for (var i = 0; i < 300; i++)
        {
            var day = (DayOfWeek)random.Next(7);
            var start = new TimeOnly(random.Next(24), random.Next(4) * 15);
            var duration = TimeSpan.FromMinutes(30 + (random.Next(8) * 15));
            Recurrence recurrence = random.Next(3) switch
            {
                0 => new Recurrence.Weekly(day),
                1 => new Recurrence.EveryNWeeks(2, day, new DateOnly(2026, 1, 4).AddDays(((int)day - (int)DayOfWeek.Sunday + 7) % 7)),
                _ => new Recurrence.MonthlyOnWeekday(random.Next(2) == 0 ? Recurrence.MonthlyOnWeekday.Last : random.Next(1, 5), day),
            };

            // Some skip a week of the month ("no meeting on the 1st Tuesday"), which only the engine's dates show.
            if (random.Next(4) == 0)
            {
                var skipped = WeeksOfMonth.Of([random.Next(1, 6)]);
                recurrence = recurrence switch
                {
                    Recurrence.Weekly weekly => weekly with { ExceptWeeksOfMonth = skipped },
                    Recurrence.EveryNWeeks everyN => everyN with { ExceptWeeksOfMonth = skipped },
                    _ => recurrence,
                };
            }

            // Some start or stop meeting within the instants examined.
            var (validFrom, validUntil) = random.Next(6) switch
            {
                0 => (new DateOnly(2026, 10, 20), (DateOnly?)null),
                1 => ((DateOnly?)null, new DateOnly(2026, 12, 2)),
                _ => ((DateOnly?)null, (DateOnly?)null),
            };
            var definition = new ScheduleDefinition { TimeZoneId = Zones[random.Next(Zones.Length)], LocalStartTime = start, Duration = duration, Recurrence = recurrence, ValidFrom = validFrom, ValidUntil = validUntil };
            var schedule = MeetingSchedule.Create(definition);

            // Some meetings move one occurrence by a few hours, which the slot test cannot see; some
            // cancel one, which only the engine knows.
            var (hasChange, hasCancellation) = (false, false);
            if (random.Next(5) == 0 && schedule.NextOccurrence(Instants[random.Next(Instants.Length)]) is { } next)
            {
                var moved = definition with { Overrides = [new OccurrenceOverride.Change(next.LocalDate, new TimeOnly((start.Hour + 5) % 24, start.Minute))] };
                if (MeetingSchedule.TryCreate(moved, out var changed, out _))
                {
                    schedule = changed;
                    hasChange = true;
                }
            }
            else if (random.Next(5) == 0 && schedule.NextOccurrence(Instants[random.Next(Instants.Length)]) is { } cancelled)
            {
                if (MeetingSchedule.TryCreate(definition with { Overrides = [new OccurrenceOverride.Cancellation(cancelled.LocalDate)] }, out var withCancellation, out _))
                {
                    schedule = withCancellation;
                    hasCancellation = true;
                }
            }

            // Half meet in person around Leeds (the grid's slots), half online (the joinable slots).
            var inPerson = i % 2 == 0;
            entries.Add(Entry(
                $"Meeting {i:000}",
                inPerson ? new VenueSummary(Guid.NewGuid(), Guid.Empty, "Hall", "Leeds", null, "GB", 53.8 + (random.NextDouble() * 0.3), -1.55 + (random.NextDouble() * 0.3), [], false) : null,
                day,
                start,
                duration,
                schedule,
                hasChange,
                isPlainWeekly: recurrence is Recurrence.Weekly { ExceptWeeksOfMonth.IsEmpty: true } && validFrom is null && validUntil is null && !hasChange && !hasCancellation));
        }

        return entries;
    }

    /// <summary>Near a point: every in-person meeting lies within 50 km of it, and online ones come too.</summary>
    private static SearchCriteria Request(DateTimeOffset at, string? startingWithin, bool inProgress, bool nearAPoint, SearchSort sort = SearchSort.Name)
    {
        var criteria = new SearchCriteria
        {
            StartingWithin = startingWithin is null ? null : System.Xml.XmlConvert.ToTimeSpan(startingWithin),
            At = at,
            InProgress = inProgress,
            Sort = sort,
        };
        return nearAPoint ? criteria with { Latitude = 53.9, Longitude = -1.5, RadiusKm = 50, IncludeOnline = true } : criteria;
    }

    [Theory]
    [InlineData(1, "PT2H", false)]
    [InlineData(2, "PT30M", false)]
    [InlineData(3, "P1D", false)]
    [InlineData(4, "P6DT23H", false)]
    [InlineData(7, "PT2H", true)]
    [InlineData(8, "PT30M", true)]
    [InlineData(9, "P1D", true)]
    [InlineData(10, "P6DT23H", true)]
    public void Starting_within_finds_exactly_what_the_engine_finds(int seed, string window, bool nearAPoint)
    {
        var directory = RandomDirectory(seed);
        var snapshot = new SearchSnapshot(directory);
        var span = System.Xml.XmlConvert.ToTimeSpan(window);
        foreach (var at in Instants)
        {
            var expected = directory.Where(e => e.Schedule.StartsWithin(at, span) is not null).Select(e => e.Name).Order().ToList();
            var results = MeetingSearch.Run(Request(at, window, false, nearAPoint, SearchSort.NextOccurrence), at, snapshot, 1, 1000).Page;
            results.Select(r => r.Name).Order().ToList().ShouldBe(expected, $"at {at:O}");

            // The same occurrences as the engine, in start order (plain weekly meetings are placed without it).
            foreach (var result in results)
            {
                result.NextOccurrence.ShouldBe(OccurrenceResponse.From(directory.Single(e => e.Name == result.Name).Schedule.StartsWithin(at, span)!), $"{result.Name} at {at:O}");
            }

            results.Select(r => r.NextOccurrence!.StartsAt).ShouldBeInOrder(SortDirection.Ascending, $"at {at:O}");
        }
    }

    [Theory]
    [InlineData(12, "name")]
    [InlineData(13, "nextOccurrence")]
    public void Every_result_carries_the_engines_next_occurrence(int seed, string sort)
    {
        var directory = RandomDirectory(seed);
        var snapshot = new SearchSnapshot(directory);
        foreach (var at in Instants.Append(new DateTimeOffset(2026, 12, 2, 19, 0, 30, TimeSpan.Zero)))
        {
            var results = MeetingSearch.Run(Request(at, null, false, nearAPoint: false, sort == "name" ? SearchSort.Name : SearchSort.NextOccurrence), at, snapshot, 1, 1000).Page;

            results.Count.ShouldBe(directory.Count);
            foreach (var result in results)
            {
                var expected = directory.Single(e => e.Name == result.Name).Schedule.NextOccurrence(at);
                result.NextOccurrence.ShouldBe(expected is null ? null : OccurrenceResponse.From(expected), $"{result.Name} at {at:O}");
            }

            if (sort == "nextOccurrence")
            {
                results.Select(r => r.NextOccurrence?.StartsAt ?? DateTimeOffset.MaxValue).ShouldBeInOrder(SortDirection.Ascending, $"at {at:O}");
            }
        }
    }

    [Theory]
    // The window ends at hh:15:30, so the meeting at hh:15 starts inside it, in the minute its end falls in.
    [InlineData("2026-12-05T23:15:30Z", DayOfWeek.Sunday, 1, 15, false)]  // the window wraps past Saturday night
    [InlineData("2026-12-05T23:15:30Z", DayOfWeek.Sunday, 1, 15, true)]
    [InlineData("2026-12-02T17:15:30Z", DayOfWeek.Wednesday, 19, 15, false)]
    [InlineData("2026-12-02T17:15:30Z", DayOfWeek.Wednesday, 19, 15, true)]
    public void A_meeting_in_the_last_minute_of_a_window_is_found(string at, DayOfWeek day, int hour, int minute, bool nearAPoint)
    {
        var instant = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        var results = MeetingSearch.Run(Request(instant, "PT2H", false, nearAPoint), instant, new SearchSnapshot([WeeklyInLeeds(day, hour, minute)]), 1, 10).Page;

        results.ShouldHaveSingleItem().NextOccurrence!.StartsAt.ShouldBe(instant.AddHours(2).AddSeconds(-30));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_window_of_almost_a_week_from_just_after_a_start_finds_the_next_weeks(bool nearAPoint)
    {
        // At 18:15:30 the 18:15 meeting has started; the window ends at 18:15:15 a week later, after the next one.
        var instant = new DateTimeOffset(2026, 12, 1, 18, 15, 30, TimeSpan.Zero);

        var results = MeetingSearch.Run(Request(instant, "P6DT23H59M45S", false, nearAPoint), instant, new SearchSnapshot([WeeklyInLeeds(DayOfWeek.Tuesday, 18, 15)]), 1, 10).Page;

        results.ShouldHaveSingleItem().NextOccurrence!.StartsAt.ShouldBe(new DateTimeOffset(2026, 12, 8, 18, 15, 0, TimeSpan.Zero));
    }

    private static SearchEntry WeeklyInLeeds(DayOfWeek day, int hour, int minute)
    {
        var start = new TimeOnly(hour, minute);
        var schedule = MeetingSchedule.Create(new ScheduleDefinition { LocalStartTime = start, Duration = TimeSpan.FromHours(1), Recurrence = new Recurrence.Weekly(day) });
        var venue = new VenueSummary(Guid.NewGuid(), Guid.Empty, "Hall", "Leeds", null, "GB", 53.9, -1.5, [], false);
        return Entry("Last minute", venue, day, start, TimeSpan.FromHours(1), schedule, hasChange: false, isPlainWeekly: true);
    }

    private static SearchEntry Entry(string name, VenueSummary? venue, DayOfWeek day, TimeOnly start, TimeSpan duration, MeetingSchedule schedule, bool hasChange, bool isPlainWeekly) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        OrganisationId = Guid.Empty,
        OrganisationSlug = "aa",
        OrganisationName = "AA",
        GroupId = Guid.Empty,
        GroupName = "Group",
        Attendance = venue is null ? Attendance.Online : Attendance.InPerson,
        Venue = venue,
        Day = day,
        LocalStartMinutes = (start.Hour * 60) + start.Minute,
        TimeZoneId = schedule.Definition.TimeZoneId,
        RecurrenceKind = RecurrenceKind.Weekly,
        DurationMinutes = (int)duration.TotalMinutes,
        Formats = [],
        AttributesMask = 0,
        Languages = [],
        AccessibilityMask = 0,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Schedule = schedule,
        HasChanges = hasChange,
        IsPlainWeekly = isPlainWeekly,
    };

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, false)]
    [InlineData(11, true)]
    public void In_progress_finds_exactly_what_the_engine_finds(int seed, bool nearAPoint)
    {
        var directory = RandomDirectory(seed);
        var snapshot = new SearchSnapshot(directory);
        foreach (var at in Instants)
        {
            var expected = directory.Where(e => e.Schedule.OccurrenceInProgress(at) is not null).Select(e => e.Name).Order().ToList();
            var found = MeetingSearch.Run(Request(at, null, true, nearAPoint), at, snapshot, 1, 1000).Page.Select(r => r.Name).Order().ToList();
            found.ShouldBe(expected, $"at {at:O}");
        }
    }
}
