using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

public sealed class NarcoticsAnonymousVocabularyTests
{
    private static FormatDefinition Na(string code) => Vocabularies.Get(Vocabularies.Na, code);

    [Fact]
    public void The_NA_vocabulary_has_the_UK_NA_formats()
    {
        FormatVocabularies.NarcoticsAnonymous.Codes().ShouldBe(
        [
            "O", "C", "BT", "IP", "JFT", "LC", "SG", "ST", "TR", "SP", "D", "QA", "BEG", "W", "M", "Y", "LGBTQ", "WC",
            "CL", "ME", "BSL",
        ]);
    }

    [Fact]
    public void NA_BSL_is_BSL_interpreted_and_has_no_Meeting_Guide_code()
    {
        var bsl = Na("BSL");

        bsl.Attributes.ShouldBe([BslInterpreted]);
        bsl.MeetingGuideCode.ShouldBeNull();
    }

    [Theory]
    [InlineData("BT")]
    [InlineData("IP")]
    [InlineData("JFT")]
    [InlineData("LC")]
    public void NA_literature_studies_are_literature_and_are_written_as_LIT(string code)
    {
        Na(code).Attributes.ShouldBe([Literature]);
        Na(code).MeetingGuideCode.ShouldBe("LIT");
    }

    [Fact]
    public void The_Step_Working_Guides_are_a_step_study_of_NA_literature()
    {
        Na("SG").Attributes.ShouldBe([StepStudy, Literature], ignoreOrder: true);
        Na("SG").MeetingGuideCode.ShouldBe("ST");
    }

    [Theory]
    [InlineData("BEG", "BE", "NewcomerFriendly")]
    [InlineData("WC", "X", "WheelchairAccess")]
    [InlineData("ME", "MED", "Meditation")]
    [InlineData("QA", "D", "Discussion")]
    [InlineData("LGBTQ", "LGBTQ", "Lgbtq")]
    [InlineData("Y", "Y", "YoungPeople")]
    [InlineData("TR", "TR", "TraditionStudy")]
    [InlineData("CL", "CAN", "Candlelight")]
    public void An_NA_format_maps_to_its_shared_attribute_and_Meeting_Guide_code(
        string code, string meetingGuideCode, string attribute)
    {
        Na(code).Attributes.ShouldBe([Enum.Parse<SharedAttribute>(attribute)]);
        Na(code).MeetingGuideCode.ShouldBe(meetingGuideCode);
    }

    [Fact]
    public void The_NA_LGBTQ_format_is_labelled_LGBTQ_plus()
    {
        Na("LGBTQ").EnglishLabel.ShouldBe("LGBTQ+");
    }
}
