using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Meetings.Search;

namespace RecoveryPlatform.UnitTests.Meetings.Search;

/// <summary>
/// startingWithin and inProgress skip meetings whose weekly slot cannot fit before asking the
/// schedule engine. Whatever the zone, clock change or exception, search must answer exactly what
/// the engine alone would.
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
            var definition = new ScheduleDefinition { TimeZoneId = Zones[random.Next(Zones.Length)], LocalStartTime = start, Duration = duration, Recurrence = recurrence };
            var schedule = MeetingSchedule.Create(definition);

            // Some meetings move one occurrence by a few hours, which the slot test cannot see.
            var hasChange = false;
            if (random.Next(5) == 0 && schedule.NextOccurrence(Instants[random.Next(Instants.Length)]) is { } next)
            {
                var moved = definition with { Overrides = [new OccurrenceOverride.Change(next.LocalDate, new TimeOnly((start.Hour + 5) % 24, start.Minute))] };
                if (MeetingSchedule.TryCreate(moved, out var changed, out _))
                {
                    schedule = changed;
                    hasChange = true;
                }
            }

            entries.Add(new SearchEntry
            {
                Id = Guid.NewGuid(),
                Name = $"Meeting {i:000}",
                OrganisationId = Guid.Empty,
                OrganisationSlug = "aa",
                OrganisationName = "AA",
                GroupId = Guid.Empty,
                GroupName = "Group",
                Attendance = Attendance.Online,
                Day = day,
                LocalStartMinutes = (start.Hour * 60) + start.Minute,
                TimeZoneId = definition.TimeZoneId,
                RecurrenceKind = RecurrenceKind.Weekly,
                DurationMinutes = (int)duration.TotalMinutes,
                Formats = [],
                AttributesMask = 0,
                Languages = [],
                AccessibilityMask = 0,
                UpdatedAt = DateTimeOffset.UnixEpoch,
                SearchText = "meeting",
                Schedule = schedule,
                HasChanges = hasChange,
                IsPlainWeekly = recurrence is Recurrence.Weekly && !hasChange,
            });
        }

        return entries;
    }

    private static SearchMeetingsRequest Request(DateTimeOffset at, string? startingWithin, bool inProgress, string sort = "name") =>
        new(null, null, null, null, null, null, null, null, null, startingWithin, at, inProgress, null, null, null, null, null, null, null, sort, null, null);

    [Theory]
    [InlineData(1, "PT2H")]
    [InlineData(2, "PT30M")]
    [InlineData(3, "P1D")]
    [InlineData(4, "P6DT23H")]
    public void Starting_within_finds_exactly_what_the_engine_finds(int seed, string window)
    {
        var directory = RandomDirectory(seed);
        var snapshot = new SearchSnapshot(directory);
        var span = System.Xml.XmlConvert.ToTimeSpan(window);
        foreach (var at in Instants)
        {
            var expected = directory.Where(e => e.Schedule.StartsWithin(at, span) is not null).Select(e => e.Name).Order().ToList();
            var results = MeetingSearch.From(Request(at, window, false, "nextOccurrence"), at).Run(snapshot, 1, 1000).Page;
            results.Select(r => r.Name).Order().ToList().ShouldBe(expected, $"at {at:O}");

            // Same instants as the engine, in start order (plain weekly meetings are placed without it).
            foreach (var result in results)
            {
                result.NextOccurrence!.StartsAt.ShouldBe(directory.Single(e => e.Name == result.Name).Schedule.StartsWithin(at, span)!.StartUtc, $"{result.Name} at {at:O}");
            }

            results.Select(r => r.NextOccurrence!.StartsAt).ShouldBeInOrder(SortDirection.Ascending, $"at {at:O}");
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void In_progress_finds_exactly_what_the_engine_finds(int seed)
    {
        var directory = RandomDirectory(seed);
        var snapshot = new SearchSnapshot(directory);
        foreach (var at in Instants)
        {
            var expected = directory.Where(e => e.Schedule.OccurrenceInProgress(at) is not null).Select(e => e.Name).Order().ToList();
            var found = MeetingSearch.From(Request(at, null, true), at).Run(snapshot, 1, 1000).Page.Select(r => r.Name).Order().ToList();
            found.ShouldBe(expected, $"at {at:O}");
        }
    }
}
