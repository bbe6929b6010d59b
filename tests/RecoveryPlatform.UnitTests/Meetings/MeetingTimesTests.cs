using RecoveryPlatform.Modules.Meetings.Features;

namespace RecoveryPlatform.UnitTests.Meetings;

public sealed class MeetingTimesTests
{
    [Theory]
    [InlineData("19:30", 19, 30, 0)]
    [InlineData("00:00", 0, 0, 0)]
    [InlineData("23:59:59", 23, 59, 59)]
    [InlineData(" 07:05 ", 7, 5, 0)]
    public void Reads_two_digit_times(string text, int hour, int minute, int second)
    {
        MeetingTimes.TryParse(text, out var time).ShouldBeTrue();
        time.ShouldBe(new TimeOnly(hour, minute, second));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7:30")]
    [InlineData("24:00")]
    [InlineData("19:60")]
    [InlineData("19:30:60")]
    [InlineData("19.30")]
    [InlineData("19:3a")]
    [InlineData("19:30:")]
    [InlineData("19:30 pm")]
    [InlineData("１９:３０")]
    public void Refuses_anything_else(string? text) => MeetingTimes.TryParse(text, out _).ShouldBeFalse();
}
