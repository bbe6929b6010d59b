using RecoveryPlatform.SharedKernel.Contact;

namespace RecoveryPlatform.UnitTests.Contact;

/// <summary>Numbers as people write them, in the country they are in, to the one E.164 spelling the platform stores.</summary>
public sealed class E164PhoneNumbersTests
{
    [Theory]
    [InlineData("0113 496 0000", "GB", "+441134960000")]
    [InlineData("01134960000", "GB", "+441134960000")]
    [InlineData("+44 113 496 0000", "GB", "+441134960000")]
    [InlineData("+44 (0)113 496 0000", "GB", "+441134960000")]
    [InlineData("(0113) 496 0000", "GB", "+441134960000")]
    [InlineData(" 0113 496 0000 ", "GB", "+441134960000")]
    [InlineData("0800 123456", "GB", "+44800123456")]
    [InlineData("(646) 558-8656", "US", "+16465588656")]
    [InlineData("646-558-8656", "us", "+16465588656")]
    [InlineData("+1 646 558 8656", "GB", "+16465588656")]
    [InlineData("01 234 5678", "IE", "+35312345678")]
    public void Numbers_written_nationally_or_internationally_become_e164(string text, string region, string expected)
    {
        E164PhoneNumbers.TryNormalise(text, region, out var e164).ShouldBeTrue();
        e164.ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "GB")]
    [InlineData("0113 496", "GB")]
    [InlineData("123456789", "GB")]
    [InlineData("+44 113 496 0000 1234", "GB")]
    [InlineData("(646) 558-8656", "GB")]
    [InlineData("555-0100", "US")]
    [InlineData("not a number", "US")]
    public void What_is_not_a_number_of_the_country_is_refused(string text, string region) =>
        E164PhoneNumbers.TryNormalise(text, region, out _).ShouldBeFalse();
}
