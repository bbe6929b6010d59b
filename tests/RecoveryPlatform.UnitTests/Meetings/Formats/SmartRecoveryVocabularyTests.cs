using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

public sealed class SmartRecoveryVocabularyTests
{
    private static FormatDefinition Smart(string code) => Vocabularies.Get(Vocabularies.Smart, code);

    [Fact]
    public void The_SMART_vocabulary_has_the_SMART_Recovery_UK_meeting_kinds()
    {
        FormatVocabularies.SmartRecovery.Codes().ShouldBe(["SMART", "FF", "W", "M", "LGBTQ", "YP", "BSL", "DD", "CJ"]);
    }

    [Fact]
    public void A_standard_SMART_meeting_is_open_to_all()
    {
        Smart("SMART").Attributes.ShouldBe([OpenToAll]);
        Smart("SMART").MeetingGuideCode.ShouldBe("O");
    }

    [Fact]
    public void SMART_family_and_friends_is_not_written_as_the_Meeting_Guide_FF_which_means_fragrance_free()
    {
        Vocabularies.Get(Vocabularies.Aa, "FF").EnglishLabel.ShouldBe("Fragrance Free");

        Smart("FF").Attributes.ShouldBe([FamilyAndFriends]);
        Smart("FF").MeetingGuideCode.ShouldBeNull();
    }

    [Theory]
    [InlineData("W", "W", "WomenOnly")]
    [InlineData("M", "M", "MenOnly")]
    [InlineData("LGBTQ", "LGBTQ", "Lgbtq")]
    [InlineData("YP", "Y", "YoungPeople")]
    [InlineData("DD", "DD", "DualDiagnosis")]
    public void A_SMART_meeting_kind_maps_to_its_shared_attribute_and_Meeting_Guide_code(
        string code, string meetingGuideCode, string attribute)
    {
        Smart(code).Attributes.ShouldBe([Enum.Parse<SharedAttribute>(attribute)]);
        Smart(code).MeetingGuideCode.ShouldBe(meetingGuideCode);
    }

    [Fact]
    public void SMART_BSL_is_BSL_interpreted_and_has_no_Meeting_Guide_code()
    {
        Smart("BSL").Attributes.ShouldBe([BslInterpreted]);
        Smart("BSL").MeetingGuideCode.ShouldBeNull();
    }

    [Fact]
    public void A_criminal_justice_setting_carries_no_attribute_and_no_Meeting_Guide_code()
    {
        Smart("CJ").Attributes.ShouldBeEmpty();
        Smart("CJ").MeetingGuideCode.ShouldBeNull();
    }
}
