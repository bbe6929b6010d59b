using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

/// <summary>These use the ICU culture data the platform runs with (InvariantGlobalization is off).</summary>
public sealed partial class MeetingGuideLanguageCodeTests
{
    private static IReadOnlyDictionary<string, string> LanguageCodes => FormatVocabularies.MeetingGuideLanguageCodes;

    [Fact]
    public void Every_language_code_is_a_Meeting_Guide_type_code()
    {
        LanguageCodes.Keys.ShouldBeSubsetOf(MeetingGuideTypesFile.Codes);
    }

    [Fact]
    public void Every_language_code_maps_to_a_two_letter_lower_case_ISO_639_1_code()
    {
        foreach (var (code, iso) in LanguageCodes)
        {
            TwoLowerCaseLetters().IsMatch(iso).ShouldBeTrue($"{code} → '{iso}'");
            var culture = CultureInfo.GetCultureInfo(iso);
            culture.IsNeutralCulture.ShouldBeTrue($"{code} → '{iso}' is not a known language");
            culture.TwoLetterISOLanguageName.ShouldBe(iso, $"{code} → '{iso}'");
        }
    }

    [Fact]
    public void Each_ISO_code_names_the_language_of_the_Meeting_Guide_label()
    {
        foreach (var (code, iso) in LanguageCodes)
        {
            CultureInfo.GetCultureInfo(iso).EnglishName.ShouldBe(MeetingGuideTypesFile.LabelsOf(code)["en"], $"{code} → '{iso}'");
        }
    }

    [Fact]
    public void No_two_language_codes_map_to_the_same_language()
    {
        LanguageCodes.Values.ShouldBeUnique();
    }

    [Fact]
    public void Every_Meeting_Guide_code_whose_label_is_a_language_name_is_a_language_code()
    {
        var languageNames = CultureInfo.GetCultures(CultureTypes.NeutralCultures)
            .Where(culture => culture.TwoLetterISOLanguageName.Length == 2)
            .Select(culture => culture.EnglishName)
            .ToHashSet(StringComparer.Ordinal);
        // ICU knows "tl" but lists Tagalog among the neutral cultures only as Filipino ("fil").
        languageNames.Add(CultureInfo.GetCultureInfo("tl").EnglishName);

        var labelledWithALanguage = MeetingGuideTypesFile.Types
            .Where(type => languageNames.Contains(type.Value["en"]))
            .Select(type => type.Key);

        labelledWithALanguage.ShouldBe(LanguageCodes.Keys, ignoreOrder: true);
    }

    [Fact]
    public void No_language_code_carries_a_shared_attribute()
    {
        foreach (var code in LanguageCodes.Keys)
        {
            Vocabularies.Get(Vocabularies.Aa, code).Attributes.ShouldBeEmpty($"{code} is a language");
        }
    }

    [Theory]
    [InlineData("EN", "en")]
    [InlineData("POL", "pl")]
    [InlineData("S", "es")]
    [InlineData("FR", "fr")]
    [InlineData("DE", "de")]
    [InlineData("ITA", "it")]
    [InlineData("JA", "ja")]
    [InlineData("RUS", "ru")]
    [InlineData("KOR", "ko")]
    [InlineData("PUN", "pa")]
    [InlineData("UK", "uk")]
    public void A_Meeting_Guide_language_code_maps_to_its_ISO_639_1_code(string code, string iso)
    {
        LanguageCodes[code].ShouldBe(iso);
    }

    [Fact]
    public void American_Sign_Language_is_not_a_language_code_because_ISO_639_1_has_no_sign_languages()
    {
        LanguageCodes.ContainsKey("ASL").ShouldBeFalse();
    }

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex TwoLowerCaseLetters();
}
