using System.Globalization;
using RecoveryPlatform.Modules.Meetings.Features;

namespace RecoveryPlatform.UnitTests.Meetings;

/// <summary>An occurrence's local start and offset texts are built by hand: they must equal the formatted ones.</summary>
public sealed class OccurrenceTextTests
{
    [Fact]
    public void Local_start_text_is_the_formatted_local_time()
    {
        var random = new Random(7);
        DateTime[] edges = [DateTime.MinValue, new(1, 1, 1, 0, 1, 0), new(2026, 3, 29, 2, 30, 0), new(2026, 12, 31, 23, 59, 59), DateTime.MaxValue];
        var times = edges.Concat(Enumerable.Range(0, 5_000).Select(_ => new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks))));

        foreach (var time in times)
        {
            OccurrenceResponse.LocalStartText(time).ShouldBe(time.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Offset_text_is_the_formatted_offset_for_quarter_hours_and_odd_historical_offsets()
    {
        var quarters = Enumerable.Range(-14 * 4, (28 * 4) + 1).Select(q => TimeSpan.FromMinutes(q * 15));
        TimeSpan[] odd = [new(0, -1, -15), new(0, 19, 32), new(-4, -56, -2), new(5, 53, 28), TimeSpan.FromHours(-14.5), TimeSpan.FromHours(14.25)];

        foreach (var offset in quarters.Concat(odd))
        {
            var expected = (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            OccurrenceResponse.OffsetText(offset).ShouldBe(expected, offset.ToString());
        }
    }
}
