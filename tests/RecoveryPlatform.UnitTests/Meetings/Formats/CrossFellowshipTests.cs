using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

public sealed class CrossFellowshipTests
{
    private static string[] Search(string vocabulary, params SharedAttribute[] required)
    {
        var requiredMask = SharedAttributes.ToMask(required);
        return Vocabularies.Named(vocabulary)
            .Where(definition => SharedAttributes.HasAll(definition.AttributeMask, requiredMask))
            .Codes();
    }

    [Theory]
    [InlineData(Vocabularies.Aa)]
    [InlineData(Vocabularies.Na)]
    [InlineData(Vocabularies.Smart)]
    public void W_is_women_only_in_every_fellowship(string vocabulary)
    {
        Vocabularies.Get(vocabulary, "W").Attributes.ShouldBe([WomenOnly]);
    }

    [Fact]
    public void A_search_for_women_only_finds_W_in_each_fellowship_and_nothing_else()
    {
        Search(Vocabularies.Aa, WomenOnly).ShouldBe(["W"]);
        Search(Vocabularies.Na, WomenOnly).ShouldBe(["W"]);
        Search(Vocabularies.Smart, WomenOnly).ShouldBe(["W"]);
    }

    [Fact]
    public void A_search_for_BSL_finds_the_NA_and_SMART_BSL_formats_and_nothing_in_AA()
    {
        Search(Vocabularies.Aa, BslInterpreted).ShouldBeEmpty();
        Search(Vocabularies.Na, BslInterpreted).ShouldBe(["BSL"]);
        Search(Vocabularies.Smart, BslInterpreted).ShouldBe(["BSL"]);
    }

    [Fact]
    public void A_search_for_step_study_and_literature_together_finds_only_the_formats_that_are_both()
    {
        Search(Vocabularies.Aa, StepStudy, Literature).ShouldBe(["12x12"]);
        Search(Vocabularies.Na, StepStudy, Literature).ShouldBe(["SG"]);
        Search(Vocabularies.Smart, StepStudy, Literature).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Vocabularies.Aa)]
    [InlineData(Vocabularies.Na)]
    [InlineData(Vocabularies.Smart)]
    public void Codes_are_unique_within_a_vocabulary(string vocabulary)
    {
        Vocabularies.Named(vocabulary).Codes().ShouldBeUnique();
    }

    [Theory]
    [InlineData(Vocabularies.Aa)]
    [InlineData(Vocabularies.Na)]
    [InlineData(Vocabularies.Smart)]
    public void Every_code_has_an_English_label(string vocabulary)
    {
        Vocabularies.Named(vocabulary).ShouldAllBe(definition =>
            definition.Labels.ContainsKey("en") && !string.IsNullOrWhiteSpace(definition.Labels["en"]));
    }

    [Theory]
    [InlineData(Vocabularies.Aa)]
    [InlineData(Vocabularies.Na)]
    [InlineData(Vocabularies.Smart)]
    public void Every_Meeting_Guide_code_that_is_set_is_in_the_Meeting_Guide_list(string vocabulary)
    {
        foreach (var definition in Vocabularies.Named(vocabulary).Where(definition => definition.MeetingGuideCode is not null))
        {
            MeetingGuideTypesFile.Codes.ShouldContain(definition.MeetingGuideCode!, $"{vocabulary} {definition.Code}");
        }
    }

    [Theory]
    [InlineData(Vocabularies.Aa)]
    [InlineData(Vocabularies.Na)]
    [InlineData(Vocabularies.Smart)]
    public void The_Meeting_Guide_code_written_for_a_format_never_claims_an_attribute_the_format_lacks(string vocabulary)
    {
        foreach (var definition in Vocabularies.Named(vocabulary).Where(definition => definition.MeetingGuideCode is not null))
        {
            var written = Vocabularies.Get(Vocabularies.Aa, definition.MeetingGuideCode!);
            written.Attributes.ShouldBeSubsetOf(definition.Attributes, $"{vocabulary} {definition.Code} → {written.Code}");
        }
    }

    [Theory]
    [InlineData(Vocabularies.Aa)]
    [InlineData(Vocabularies.Na)]
    [InlineData(Vocabularies.Smart)]
    public void Language_labels_are_ISO_639_1_codes(string vocabulary)
    {
        Vocabularies.Named(vocabulary)
            .SelectMany(definition => definition.Labels.Keys)
            .ShouldAllBe(language => language.Length == 2 && language.All(char.IsAsciiLetterLower));
    }
}
