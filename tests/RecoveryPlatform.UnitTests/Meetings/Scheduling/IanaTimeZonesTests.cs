using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

public sealed class IanaTimeZonesTests
{
    [Fact]
    public void Finds_a_zone_by_its_iana_id_and_gives_the_same_one_again()
    {
        IanaTimeZones.TryFind("Europe/London", out var first).ShouldBeTrue();
        IanaTimeZones.TryFind("Europe/London", out var second).ShouldBeTrue();

        first!.Id.ShouldBe("Europe/London");
        second.ShouldBeSameAs(first);
    }

    [Fact]
    public void Does_not_find_an_unknown_id()
    {
        IanaTimeZones.TryFind("Mars/Olympus_Mons", out var zone).ShouldBeFalse();
        zone.ShouldBeNull();
        Should.Throw<TimeZoneNotFoundException>(() => IanaTimeZones.Find("Mars/Olympus_Mons"));
    }

    [Fact]
    public void A_differently_cased_id_is_answered_as_the_platform_answers_it_not_from_what_was_remembered()
    {
        // Remembered under its exact id first; the validator then still sees the zone's real id beside the one asked for.
        IanaTimeZones.Find("America/New_York");

        var platformFinds = TimeZoneInfo.TryFindSystemTimeZoneById("america/new_york", out var platformZone);
        var found = IanaTimeZones.TryFind("america/new_york", out var zone);

        found.ShouldBe(platformFinds);
        zone?.Id.ShouldBe(platformZone!.Id);
    }

    [Fact]
    public void An_id_in_the_wrong_case_is_still_refused_by_the_schedule_rules()
    {
        IanaTimeZones.Find("Europe/Dublin");

        var problems = ScheduleValidator.Validate(TestSchedules.Definition(new Recurrence.Weekly(DayOfWeek.Monday), new TimeOnly(19, 30), timeZoneId: "europe/dublin"));

        problems.ShouldContain(p => p.Field == nameof(ScheduleDefinition.TimeZoneId));
    }
}
