using RecoveryPlatform.Modules.Imports.Sources;

namespace RecoveryPlatform.UnitTests.Imports;

public sealed class SourceTextTests
{
    [Theory]
    [InlineData("19:30", "19:30")]
    [InlineData("7:30", "07:30")]
    [InlineData("07:30:00", "07:30")]
    [InlineData("0:05", "00:05")]
    [InlineData("7:30 PM", "19:30")]
    [InlineData("7:30pm", "19:30")]
    [InlineData("12 AM", "00:00")]
    [InlineData("noon", "12:00")]
    [InlineData("Midnight", "00:00")]
    public void Reads_the_times_real_feeds_write(string text, string expected) => SourceText.Time(text).ShouldBe(expected);

    [Theory]
    [InlineData("25:00")]
    [InlineData("19:75")]
    [InlineData("19:30:99")]
    [InlineData("after the service")]
    public void Leaves_what_is_not_a_time_as_written_for_the_meeting_rules_to_refuse(string text) => SourceText.Time(text).ShouldBe(text);

    [Fact]
    public void Leaves_no_time_as_none() => SourceText.Time("  ").ShouldBeNull();
}
