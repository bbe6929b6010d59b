using Microsoft.Extensions.Primitives;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.UnitTests.Http;

public sealed class EntityTagsTests
{
    private const string Current = "\"abc123\"";

    [Theory]
    [InlineData("\"abc123\"", "\"abc123\"")]
    [InlineData("W/\"abc123\"", "\"abc123\"")]
    [InlineData("\"old\", \"abc123-br\"", "\"abc123-br\"")]
    [InlineData("\"abc123-gzip\"", "\"abc123-gzip\"")]
    [InlineData("*", Current)]
    public void If_none_match_holds_with_weak_comparison_and_the_coding_set_aside(string header, string held)
    {
        EntityTags.NoneMatchFails(new StringValues(header), Current, out var matched).ShouldBeTrue();
        matched.ShouldBe(held);
    }

    [Theory]
    [InlineData("\"abc12\"")]
    [InlineData("\"abc1234\"")]
    [InlineData("\"abc123-zstd\"")]
    [InlineData("abc123")]
    [InlineData("")]
    public void If_none_match_does_not_hold_for_other_or_malformed_tags(string header) =>
        EntityTags.NoneMatchFails(new StringValues(header), Current, out _).ShouldBeFalse();

    [Fact]
    public void If_none_match_reads_every_header_line() =>
        EntityTags.NoneMatchFails(new StringValues(["\"x\"", "\"abc123\""]), Current, out _).ShouldBeTrue();

    [Theory]
    [InlineData("\"abc123\"", true)]
    [InlineData("\"x\", \"abc123-br\"", true)]
    [InlineData("*", true)]
    [InlineData("W/\"abc123\"", false)]
    [InlineData("\"x\"", false)]
    public void If_match_needs_a_strong_tag(string header, bool holds) =>
        EntityTags.MatchHolds(new StringValues(header), Current).ShouldBe(holds);

    [Fact]
    public void A_coding_is_appended_once_inside_the_quotes()
    {
        EntityTags.WithCoding(Current, "br").ShouldBe("\"abc123-br\"");
        EntityTags.WithCoding("\"abc123-br\"", "gzip").ShouldBe("\"abc123-br\"");
    }

    [Fact]
    public void Tags_built_from_different_inputs_differ_and_from_the_same_inputs_agree()
    {
        var version = Guid.NewGuid();
        var one = new ETagBuilder().Add(version).Add("ab").Add("c").Build();
        new ETagBuilder().Add(version).Add("ab").Add("c").Build().ShouldBe(one);
        new ETagBuilder().Add(version).Add("a").Add("bc").Build().ShouldNotBe(one);
        new ETagBuilder().Add(version).Add((string?)null).Build().ShouldNotBe(new ETagBuilder().Add(version).Add(string.Empty).Build());
        one.ShouldMatch("^\"[0-9a-f]{32}\"$");
    }
}
