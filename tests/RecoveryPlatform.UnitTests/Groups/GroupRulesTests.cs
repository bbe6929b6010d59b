using RecoveryPlatform.Modules.Groups.Features;

namespace RecoveryPlatform.UnitTests.Groups;

/// <summary>What counts as a plausible contact: the public sees these, so they should at least look right.</summary>
public sealed class GroupRulesTests
{
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
