using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>Remembered offsets must be exactly what the zone says, most of all around a clock change.</summary>
public sealed class ZoneOffsetsTests
{
    [Theory]
    [InlineData("Europe/London")]
    [InlineData("America/New_York")]
    [InlineData("America/St_Johns")]    // offsets of -3:30/-2:30: changes fall on half hours of UTC
    [InlineData("Australia/Lord_Howe")] // a summer time of half an hour
    [InlineData("Asia/Kathmandu")]      // +5:45
    [InlineData("Pacific/Chatham")]     // +12:45/+13:45
    public void Every_minute_around_each_clock_change_has_the_zones_own_offset(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var random = new Random(zoneId.Length);
        var year = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        // Find the instants the offset changes in 2026 (hour by hour), then probe every minute of the
        // two hours around each, in a shuffled order so remembered quarter hours are hit both ways.
        var changes = Enumerable.Range(0, 366 * 24).Select(h => year.AddHours(h))
            .Where(t => zone.GetUtcOffset(t) != zone.GetUtcOffset(t.AddHours(1)))
            .ToList();
        var probes = changes.SelectMany(t => Enumerable.Range(-60, 180).Select(m => t.AddMinutes(m).AddSeconds(random.Next(60))))
            .Concat(Enumerable.Range(0, 2000).Select(_ => year.AddMinutes(random.Next(366 * 24 * 60))))
            .OrderBy(_ => random.Next())
            .ToList();

        foreach (var utc in probes)
        {
            ZoneOffsets.At(zone, utc).ShouldBe(zone.GetUtcOffset(new DateTimeOffset(utc)), $"{zoneId} at {utc:O}");
        }
    }
}
