using RecoveryPlatform.Modules.Groups.Features;

namespace RecoveryPlatform.UnitTests.Groups;

/// <summary>What counts as a plausible contact: the public sees these, so they should at least look right.</summary>
public sealed class GroupRulesTests
{
    [Theory]
    [InlineData("0113 496 0000")]
    [InlineData("01134960000")]
    [InlineData("+44 113 496 0000")]
    [InlineData("+44 (0)113 496 0000")]
    [InlineData("(0113) 496 0000")]
    [InlineData("07700 900123")]
    [InlineData("0800 123456")]
    [InlineData(" 0113 496 0000 ")]
    [InlineData(null)]
    public void Plausible_uk_phone_numbers_pass(string? phone) => GroupRules.BePlausibleUkPhone(phone).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("0113 496")]
    [InlineData("123456789")]
    [InlineData("+44 113 496 0000 1234")]
    [InlineData("0113-496-0000")]
    [InlineData("0113.496.0000")]
    [InlineData("0113 496 0000 ext 2")]
    [InlineData("44+ 113 496 0000")]
    [InlineData("０１１３ ４９６ ００００")]
    public void Implausible_phone_numbers_fail(string phone) => GroupRules.BePlausibleUkPhone(phone).ShouldBeFalse();

    [Theory]
    [InlineData("secretary@example.org")]
    [InlineData("first.last+groups@mail.example.co.uk")]
    [InlineData(null)]
    public void Plausible_emails_pass(string? email) => GroupRules.BePlausibleEmail(email).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("secretary")]
    [InlineData("secretary@")]
    [InlineData("@example.org")]
    [InlineData("secretary@localhost")]
    [InlineData("secretary@example.")]
    [InlineData("secretary@@example.org")]
    [InlineData("sec retary@example.org")]
    [InlineData("secretary@example..org")]
    public void Implausible_emails_fail(string email) => GroupRules.BePlausibleEmail(email).ShouldBeFalse();

    [Theory]
    [InlineData("https://example.org", true)]
    [InlineData("http://example.org/groups/leeds?day=tue", true)]
    [InlineData(null, true)]
    [InlineData("ftp://example.org", false)]
    [InlineData("example.org", false)]
    [InlineData("/groups/leeds", false)]
    [InlineData("javascript:alert(1)", false)]
    public void Websites_must_be_absolute_http_urls(string? website, bool valid) => RecoveryPlatform.SharedKernel.Http.UrlRules.IsAbsoluteHttpUrl(website).ShouldBe(valid);
}
