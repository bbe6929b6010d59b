using RecoveryPlatform.Modules.Meetings.Domain.Formats;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

public sealed class FindTests
{
    [Theory]
    [InlineData(Vocabularies.Aa, "12x12")]
    [InlineData(Vocabularies.Aa, "AL-AN")]
    [InlineData(Vocabularies.Na, "JFT")]
    [InlineData(Vocabularies.Smart, "SMART")]
    public void Find_returns_the_format_with_exactly_that_code(string vocabulary, string code)
    {
        FormatVocabularies.Find(Vocabularies.Named(vocabulary), code).ShouldNotBeNull().Code.ShouldBe(code);
    }

    [Theory]
    [InlineData(Vocabularies.Aa, "12X12")]
    [InlineData(Vocabularies.Aa, "w")]
    [InlineData(Vocabularies.Na, "jft")]
    [InlineData(Vocabularies.Smart, "Smart")]
    public void Find_is_case_sensitive(string vocabulary, string code)
    {
        FormatVocabularies.Find(Vocabularies.Named(vocabulary), code).ShouldBeNull();
    }

    [Theory]
    [InlineData(Vocabularies.Aa, "ONL")]
    [InlineData(Vocabularies.Na, "BE")]
    [InlineData(Vocabularies.Smart, "Y")]
    [InlineData(Vocabularies.Aa, "")]
    public void Find_returns_null_for_a_code_the_vocabulary_does_not_have(string vocabulary, string code)
    {
        FormatVocabularies.Find(Vocabularies.Named(vocabulary), code).ShouldBeNull();
    }

    [Fact]
    public void Find_also_searches_a_plain_list()
    {
        List<FormatDefinition> subset = [.. FormatVocabularies.NarcoticsAnonymous.Take(3)];

        FormatVocabularies.Find(subset, "BT").ShouldBeSameAs(FormatVocabularies.Find(FormatVocabularies.NarcoticsAnonymous, "BT"));
        FormatVocabularies.Find(subset, "W").ShouldBeNull();
    }

    [Fact]
    public void Each_vocabulary_is_the_same_instance_every_time_it_is_read()
    {
        FormatVocabularies.AlcoholicsAnonymous.ShouldBeSameAs(FormatVocabularies.AlcoholicsAnonymous);
        FormatVocabularies.NarcoticsAnonymous.ShouldBeSameAs(FormatVocabularies.NarcoticsAnonymous);
        FormatVocabularies.SmartRecovery.ShouldBeSameAs(FormatVocabularies.SmartRecovery);
    }
}
