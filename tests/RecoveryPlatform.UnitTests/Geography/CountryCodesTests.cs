using RecoveryPlatform.SharedKernel.Geography;

namespace RecoveryPlatform.UnitTests.Geography;

public sealed class CountryCodesTests
{
    [Theory]
    [InlineData("GB", "United Kingdom")]
    [InlineData("gb", "United Kingdom")]
    [InlineData(" us ", "United States")]
    [InlineData("IE", "Ireland")]
    public void Knows_alpha_2_codes_in_either_case(string code, string englishName)
    {
        CountryCodes.IsAlpha2(code).ShouldBeTrue();
        CountryCodes.EnglishNameOf(code).ShouldBe(englishName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("GBR")]
    [InlineData("UK")]
    [InlineData("XX")]
    [InlineData("G1")]
    [InlineData("en-GB")]
    [InlineData("ÉÉ")]
    public void Refuses_what_is_not_an_alpha_2_code(string code)
    {
        CountryCodes.IsAlpha2(code).ShouldBeFalse();
        CountryCodes.EnglishNameOf(code).ShouldBeNull();
    }

    [Fact]
    public void Asking_again_gives_the_same_answer()
    {
        CountryCodes.IsAlpha2("XX").ShouldBeFalse();
        CountryCodes.IsAlpha2("XX").ShouldBeFalse();
        CountryCodes.IsAlpha2("FR").ShouldBeTrue();
        CountryCodes.IsAlpha2("fr").ShouldBeTrue();
    }
}
