using RecoveryPlatform.Modules.Meetings.Domain;

namespace RecoveryPlatform.UnitTests.Meetings.Languages;

public sealed class LanguageTagTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("EN", "en")]
    [InlineData("en-us", "en-US")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("ZH-hant", "zh-Hant")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("ase", "ase")]
    [InlineData("bfi", "bfi")]
    [InlineData("es-419", "es-419")]
    [InlineData("zh-yue-hk", "zh-yue-HK")]
    [InlineData("sl-rozaj-biske", "sl-rozaj-biske")]
    [InlineData("de-CH-1996", "de-CH-1996")]
    [InlineData("en-US-u-ca-gregory", "en-US-u-ca-gregory")]
    [InlineData("en-a-bbb-x-a-CCC", "en-a-bbb-x-a-ccc")]
    [InlineData("sr-latn-rs", "sr-Latn-RS")]
    public void A_well_formed_tag_is_stored_in_canonical_case(string text, string canonical)
    {
        LanguageTag.TryNormalise(text, out var tag).ShouldBeTrue(text);
        tag.ShouldBe(canonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("english")] // a five-to-eight-letter primary subtag is reserved for registration, and none is registered
    [InlineData("engl")] // four letters are reserved for future use
    [InlineData("qq")] // two letters, but no ISO 639-1 language
    [InlineData("en-")]
    [InlineData("en--US")]
    [InlineData("-en")]
    [InlineData("en_US")]
    [InlineData("en US")]
    [InlineData("en-USA1")]
    [InlineData("en-u")] // an extension needs at least one subtag
    [InlineData("en-x")] // so does private use
    [InlineData("x-klingon")] // private use only
    [InlineData("i-klingon")] // grandfathered
    [InlineData("en-verylongvariant")]
    [InlineData("en\n")]
    [InlineData("en-US-u-ca-gregory-x-abcdefgh-abcdefgh-abcdef")] // longer than 35 characters
    public void Anything_else_is_not_a_language_tag(string text)
    {
        LanguageTag.TryNormalise(text, out _).ShouldBeFalse(text);
        LanguageTag.IsValid(text).ShouldBeFalse(text);
    }

    [Fact]
    public void Null_is_not_a_language_tag() => LanguageTag.IsValid(null).ShouldBeFalse();

    [Theory]
    [InlineData("en", "en", true)]
    [InlineData("en-US", "en", true)]
    [InlineData("en-US", "en-US", true)]
    [InlineData("en", "en-US", false)]
    [InlineData("eng", "en", false)]
    [InlineData("zh-Hant-TW", "zh-Hant", true)]
    public void A_range_covers_its_tag_and_more_specific_ones(string tag, string range, bool covered) =>
        LanguageTag.IsCoveredBy(tag, range).ShouldBe(covered);

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("ase", "ase")]
    [InlineData("zh-Hant", "zh")]
    public void The_primary_language_is_the_first_subtag(string tag, string primary) => LanguageTag.PrimaryLanguage(tag).ShouldBe(primary);
}
