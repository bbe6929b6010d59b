using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

public sealed class FormatDefinitionTests
{
    private static readonly Dictionary<string, string> EnglishLabel = new() { ["en"] = "Women" };

    [Fact]
    public void A_format_without_an_English_label_is_refused()
    {
        Should.Throw<ArgumentException>(() =>
            new FormatDefinition("W", new Dictionary<string, string> { ["fr"] = "Femmes" }, new HashSet<SharedAttribute>(), null));
    }

    [Fact]
    public void A_copy_without_an_English_label_is_refused_too()
    {
        var women = new FormatDefinition("W", EnglishLabel, new HashSet<SharedAttribute> { WomenOnly }, "W");

        Should.Throw<ArgumentException>(() => women with { Labels = new Dictionary<string, string>() });
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_format_without_a_code_is_refused(string code)
    {
        Should.Throw<ArgumentException>(() => new FormatDefinition(code, EnglishLabel, new HashSet<SharedAttribute>(), null));
    }

    [Fact]
    public void The_attribute_mask_has_exactly_the_formats_attributes()
    {
        var nonBinary = Vocabularies.Get(Vocabularies.Aa, "NB");

        SharedAttributes.FromMask(nonBinary.AttributeMask).ShouldBe([NonBinary, Lgbtq], ignoreOrder: true);
        Vocabularies.Get(Vocabularies.Aa, "TC").AttributeMask.ShouldBe(0L);
    }
}
