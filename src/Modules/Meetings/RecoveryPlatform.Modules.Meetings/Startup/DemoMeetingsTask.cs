using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Meetings.Startup;

/// <summary>
/// The demo fellowships' format vocabularies (AA's from the Meeting Guide list, NA's and SMART's) and
/// a week of demo meetings across their groups and venues: weekly, fortnightly, monthly, online,
/// hybrid, and one in New York time, so every search filter has something to find.
/// </summary>
internal sealed class DemoMeetingsTask(IOptions<DemoDataOptions> options, TimeProvider clock) : IModuleStartupTask
{
    private static readonly (string Slug, IReadOnlyList<FormatDefinition> Vocabulary)[] Vocabularies =
    [
        ("aa-great-britain", FormatVocabularies.AlcoholicsAnonymous),
        ("na-uk", FormatVocabularies.NarcoticsAnonymous),
        ("smart-recovery-uk", FormatVocabularies.SmartRecovery),
    ];

    private sealed record Demo(string Slug, string Group, string? Venue, string Name, Attendance Attendance, string Start, int Minutes, Recurrence Recurrence, string[] Formats, string TimeZone = ScheduleDefinition.DefaultTimeZoneId);

    private static readonly Demo[] Meetings =
    [
        new("aa-great-britain", "Headingley Tuesday Group", "Headingley Methodist Church Hall", "Headingley Tuesday Big Book", Attendance.InPerson, "19:30", 90, new Recurrence.Weekly(DayOfWeek.Tuesday), ["O", "B"]),
        new("aa-great-britain", "Headingley Tuesday Group", "Headingley Methodist Church Hall", "Headingley Saturday Newcomers", Attendance.Hybrid, "10:00", 60, new Recurrence.Weekly(DayOfWeek.Saturday), ["O", "BE", "D"]),
        new("aa-great-britain", "Leeds Lunchtime Group", "St Chad's Parish Centre", "Leeds Lunchtime Monday", Attendance.Hybrid, "12:30", 60, new Recurrence.Weekly(DayOfWeek.Monday), ["O", "D"]),
        new("aa-great-britain", "Leeds Lunchtime Group", "St Chad's Parish Centre", "Leeds Lunchtime Thursday Women", Attendance.InPerson, "12:30", 60, new Recurrence.Weekly(DayOfWeek.Thursday), ["C", "W"]),
        new("aa-great-britain", "Manchester Central Group", "Friends Meeting House", "Manchester Friday Speaker", Attendance.InPerson, "19:00", 90, new Recurrence.Weekly(DayOfWeek.Friday), ["O", "SP"]),
        new("aa-great-britain", "Manchester Central Group", "Friends Meeting House", "Manchester Step Study (fortnightly)", Attendance.InPerson, "18:30", 90, new Recurrence.EveryNWeeks(2, DayOfWeek.Wednesday, new DateOnly(2026, 1, 7)), ["C", "ST"]),
        new("aa-great-britain", "Trafalgar Group", "St Martin-in-the-Fields Crypt Room", "Trafalgar Last Sunday Speaker", Attendance.InPerson, "17:00", 90, new Recurrence.MonthlyOnWeekday(Recurrence.MonthlyOnWeekday.Last, DayOfWeek.Sunday), ["O", "SP"]),
        new("aa-great-britain", "Trafalgar Group", null, "Transatlantic Online (New York time)", Attendance.Online, "19:00", 60, new Recurrence.Weekly(DayOfWeek.Monday), ["O", "D"], "America/New_York"),
        new("na-uk", "Hyde Park Clean Time Group", "Hyde Park Community Centre", "Hyde Park Just for Today", Attendance.InPerson, "19:30", 90, new Recurrence.Weekly(DayOfWeek.Wednesday), ["O", "JFT"]),
        new("na-uk", "Hyde Park Clean Time Group", "Hyde Park Community Centre", "Hyde Park Women's Meeting", Attendance.InPerson, "18:00", 60, new Recurrence.Weekly(DayOfWeek.Sunday), ["C", "W"]),
        new("na-uk", "Bristol Recovery Group", null, "Bristol Online Basic Text", Attendance.Online, "20:00", 60, new Recurrence.Weekly(DayOfWeek.Tuesday), ["C", "BT"]),
        new("na-uk", "Bristol Recovery Group", "Bristol Recovery Hub", "Bristol Beginners", Attendance.InPerson, "19:00", 60, new Recurrence.Weekly(DayOfWeek.Thursday), ["O", "BEG"]),
        new("smart-recovery-uk", "SMART Leeds Central", "Leeds Central Library, Room 3", "SMART Leeds Monday", Attendance.InPerson, "18:00", 90, new Recurrence.Weekly(DayOfWeek.Monday), ["SMART"]),
        new("smart-recovery-uk", "SMART Leeds Central", "Leeds Central Library, Room 3", "SMART Family & Friends Leeds", Attendance.Hybrid, "18:00", 90, new Recurrence.MonthlyOnWeekday(1, DayOfWeek.Wednesday), ["FF"]),
        new("smart-recovery-uk", "SMART Edinburgh", "Edinburgh Community Wellbeing Centre", "SMART Edinburgh BSL", Attendance.InPerson, "14:00", 90, new Recurrence.Weekly(DayOfWeek.Saturday), ["SMART", "BSL"]),
        new("smart-recovery-uk", "SMART Edinburgh", null, "SMART Scotland Online Women", Attendance.Online, "19:30", 90, new Recurrence.Weekly(DayOfWeek.Tuesday), ["W"]),
    ];

    public int Order => 40;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<MeetingsDbContext>();
        if (!options.Value.Enabled || await db.Meetings.AnyAsync(cancellationToken) || await db.FormatCodes.AnyAsync(cancellationToken))
        {
            return;
        }

        var sender = scopedServices.GetRequiredService<ISender>();
        var now = clock.GetUtcNow();
        var owners = new Dictionary<string, Guid>();
        foreach (var (slug, vocabulary) in Vocabularies)
        {
            if (await sender.Send(new GetOrganisationSummaryBySlugQuery(slug), cancellationToken) is not { } owner)
            {
                continue;
            }

            owners[slug] = owner.Id;
            db.FormatCodes.AddRange(vocabulary.Select(f => FormatCode.Create(owner.Id, f.Code, f.Labels, f.AttributeMask, f.MeetingGuideCode, now)));
        }

        foreach (var (slug, organisationId) in owners)
        {
            var groups = (await sender.Send(new GetGroupsOfOrganisationQuery(organisationId), cancellationToken)).ToDictionary(g => g.Name);
            var venues = (await sender.Send(new GetVenuesOfOrganisationQuery(organisationId), cancellationToken)).ToDictionary(v => v.Name);
            foreach (var demo in Meetings.Where(m => m.Slug == slug))
            {
                if (!groups.TryGetValue(demo.Group, out var group))
                {
                    continue;
                }

                var venueId = demo.Venue is not null && venues.TryGetValue(demo.Venue, out var venue) ? venue.Id : (Guid?)null;
                var schedule = new ScheduleDefinition
                {
                    TimeZoneId = demo.TimeZone,
                    LocalStartTime = TimeOnly.Parse(demo.Start, System.Globalization.CultureInfo.InvariantCulture),
                    Duration = TimeSpan.FromMinutes(demo.Minutes),
                    Recurrence = demo.Recurrence,
                };
                // Links of a real provider's shape, as real directories hold: feed readers such as TSML UI only treat a
                // meeting as joinable online when the link's host is a conference provider they know.
                var online = demo.Attendance == Attendance.InPerson ? null : $"https://zoom.us/j/{Random.Shared.NextInt64(10_000_000_000, 100_000_000_000)}";
                db.Meetings.Add(Meeting.Create(organisationId, group.Id, new MeetingDetails(
                    demo.Name, null, demo.Attendance, demo.Attendance == Attendance.Online ? null : venueId, online, null, online is null ? null : "The passcode is on the group's page.",
                    schedule, demo.Formats, ["en"], MeetingStatus.Active, null), now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
