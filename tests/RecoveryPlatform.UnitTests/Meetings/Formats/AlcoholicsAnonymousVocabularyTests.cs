using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

public sealed class AlcoholicsAnonymousVocabularyTests
{
    private static IReadOnlyList<FormatDefinition> Aa => FormatVocabularies.AlcoholicsAnonymous;

    [Fact]
    public void The_AA_vocabulary_has_every_code_of_the_Meeting_Guide_file_in_file_order()
    {
        Aa.Count.ShouldBe(MeetingGuideTypesFile.Codes.Count);
        Aa.Codes().ShouldBe(MeetingGuideTypesFile.Codes);
    }

    [Fact]
    public void The_vendored_Meeting_Guide_file_still_has_the_87_codes_the_attribute_mapping_was_reviewed_against()
    {
        MeetingGuideTypesFile.Codes.Count.ShouldBe(87, "the spec file changed: review the AA attribute mapping");
    }

    [Fact]
    public void Every_AA_code_has_labels_in_at_least_English_Spanish_and_French()
    {
        Aa.ShouldAllBe(definition =>
            !string.IsNullOrWhiteSpace(definition.Labels["en"])
            && !string.IsNullOrWhiteSpace(definition.Labels["es"])
            && !string.IsNullOrWhiteSpace(definition.Labels["fr"]));
    }

    [Fact]
    public void Every_AA_code_has_exactly_the_labels_published_in_the_file()
    {
        foreach (var definition in Aa)
        {
            definition.Labels.OrderBy(label => label.Key, StringComparer.Ordinal)
                .ShouldBe(
                    MeetingGuideTypesFile.LabelsOf(definition.Code).OrderBy(label => label.Key, StringComparer.Ordinal),
                    $"labels of {definition.Code}");
        }
    }

    [Theory]
    [InlineData("O", "en", "Open")]
    [InlineData("C", "en", "Closed")]
    [InlineData("W", "en", "Women")]
    [InlineData("11", "en", "11th Step Meditation")]
    [InlineData("BE", "en", "Newcomer")]
    [InlineData("12x12", "en", "12 Steps & 12 Traditions")]
    [InlineData("O", "es", "Abierta")]
    [InlineData("W", "fr", "Femmes")]
    [InlineData("S", "es", "Español")]
    public void A_Meeting_Guide_code_has_its_published_label(string code, string language, string label)
    {
        Vocabularies.Get(Vocabularies.Aa, code).Labels[language].ShouldBe(label);
    }

    [Fact]
    public void A_label_in_a_language_the_file_lacks_falls_back_to_English()
    {
        var open = Vocabularies.Get(Vocabularies.Aa, "O");

        open.Label("de").ShouldBe("Open");
        open.Label("fr").ShouldBe("Ouvert(e)");
        open.EnglishLabel.ShouldBe("Open");
    }

    [Fact]
    public void Every_AA_code_is_written_to_the_Meeting_Guide_feed_as_itself()
    {
        Aa.ShouldAllBe(definition => definition.MeetingGuideCode == definition.Code);
    }

    [Fact]
    public void Each_AA_code_carries_exactly_the_agreed_shared_attributes_and_all_others_carry_none()
    {
        var agreed = new Dictionary<string, SharedAttribute[]>
        {
            ["O"] = [OpenToAll],
            ["C"] = [Closed],
            ["BE"] = [NewcomerFriendly],
            ["W"] = [WomenOnly],
            ["M"] = [MenOnly],
            ["LGBTQ"] = [Lgbtq],
            ["G"] = [Lgbtq],
            ["L"] = [Lgbtq],
            ["BI"] = [Lgbtq],
            ["T"] = [Lgbtq],
            ["NB"] = [NonBinary, Lgbtq],
            ["Y"] = [YoungPeople],
            ["X"] = [WheelchairAccess],
            ["SP"] = [Speaker],
            ["D"] = [Discussion],
            ["ST"] = [StepStudy],
            ["TR"] = [TraditionStudy],
            ["CAN"] = [Candlelight],
            ["12x12"] = [StepStudy, Literature],
            ["B"] = [Literature],
            ["LIT"] = [Literature],
            ["ABSI"] = [Literature],
            ["LS"] = [Literature],
            ["GR"] = [Literature],
            ["DR"] = [Literature],
            ["MED"] = [Meditation],
            ["11"] = [Meditation],
            ["A"] = [Secular],
            ["CF"] = [ChildFriendly],
            ["OUT"] = [Outdoor],
            ["DD"] = [DualDiagnosis],
        };

        agreed.Keys.ShouldBeSubsetOf(MeetingGuideTypesFile.Codes);
        foreach (var definition in Aa)
        {
            var expected = agreed.TryGetValue(definition.Code, out var attributes) ? attributes : [];
            definition.Attributes.ShouldBe(expected, ignoreOrder: true, $"attributes of {definition.Code}");
        }
    }

    [Fact]
    public void ASL_is_American_Sign_Language_and_is_not_BSL_interpreted()
    {
        var asl = Vocabularies.Get(Vocabularies.Aa, "ASL");

        asl.EnglishLabel.ShouldBe("American Sign Language");
        asl.Has(BslInterpreted).ShouldBeFalse();
        Aa.Where(definition => definition.Has(BslInterpreted)).ShouldBeEmpty();
    }

    [Fact]
    public void Location_temporarily_closed_is_not_a_closed_meeting()
    {
        var temporarilyClosed = Vocabularies.Get(Vocabularies.Aa, "TC");

        temporarilyClosed.EnglishLabel.ShouldBe("Location Temporarily Closed");
        temporarilyClosed.Attributes.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("AL-AN")]
    [InlineData("AL")]
    public void An_AA_meeting_concurrent_with_Al_Anon_or_Alateen_is_not_itself_a_family_and_friends_meeting(string code)
    {
        Vocabularies.Get(Vocabularies.Aa, code).Has(FamilyAndFriends).ShouldBeFalse();
    }

    [Fact]
    public void A_non_binary_meeting_is_also_found_by_an_LGBTQ_search()
    {
        var lgbtq = SharedAttributes.Bit(Lgbtq);

        var found = Aa.Where(definition => SharedAttributes.HasAll(definition.AttributeMask, lgbtq)).Codes();

        found.ShouldBe(["BI", "G", "L", "LGBTQ", "NB", "T"], ignoreOrder: true);
    }
}
