using Microsoft.AspNetCore.Http;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.UnitTests.Http;

public sealed class ConcurrencyHeadersTests
{
    private static HttpRequest RequestWithIfMatch(string? value)
    {
        var context = new DefaultHttpContext();
        if (value is not null)
        {
            context.Request.Headers.IfMatch = value;
        }

        return context.Request;
    }

    [Fact]
    public void A_missing_if_match_is_precondition_required()
    {
        Should.Throw<PreconditionRequiredException>(() => ConcurrencyHeaders.RequireIfMatch(RequestWithIfMatch(null))).StatusCode.ShouldBe(428);
    }

    [Fact]
    public void The_etag_of_a_version_round_trips_through_if_match()
    {
        var version = Guid.NewGuid();
        var expected = ConcurrencyHeaders.RequireIfMatch(RequestWithIfMatch(ConcurrencyHeaders.ETagFor(version)));
        Should.NotThrow(() => ConcurrencyHeaders.EnsureMatches(expected, version));
    }

    [Theory]
    [InlineData("W/\"abc\"")]
    [InlineData("\"not-a-version\"")]
    [InlineData("\"00000000000000000000000000000001\"")]
    [InlineData("\"00000000000000000000000000000001\", \"00000000000000000000000000000002\"")]
    public void A_weak_malformed_or_stale_tag_fails_the_precondition(string header)
    {
        var expected = ConcurrencyHeaders.RequireIfMatch(RequestWithIfMatch(header));
        Should.Throw<PreconditionFailedException>(() => ConcurrencyHeaders.EnsureMatches(expected, Guid.NewGuid())).StatusCode.ShouldBe(412);
    }

    [Fact]
    public void A_star_matches_any_version()
    {
        var expected = ConcurrencyHeaders.RequireIfMatch(RequestWithIfMatch("*"));
        Should.NotThrow(() => ConcurrencyHeaders.EnsureMatches(expected, Guid.NewGuid()));
    }

    [Theory]
    [InlineData("W/\"{0}\", \"{1}\"")]
    [InlineData("\"{1}\"")]
    [InlineData("\"{1}.managed\"")]
    [InlineData("\"{1}-gzip\"")]
    [InlineData("\"{1}.1764612000-br\"")]
    [InlineData("\"{0}\",\"{1}\"")]
    [InlineData(" \"{0}\" , W/\"{0}\",\t\"{1}\" ")]
    public void A_list_that_names_the_current_version_in_a_strong_tag_matches(string template)
    {
        var (stale, current) = (Guid.NewGuid(), Guid.NewGuid());
        var expected = ConcurrencyHeaders.RequireIfMatch(RequestWithIfMatch(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, stale.ToString("N"), current.ToString("N"))));
        Should.NotThrow(() => ConcurrencyHeaders.EnsureMatches(expected, current));
    }

    [Theory]
    [InlineData("W/\"{1}\"")]
    [InlineData("\"{0}\", W/\"{1}\"")]
    [InlineData("\"{1}x\"")]
    [InlineData("\"{0}\" \"{1}")]
    public void Weak_or_malformed_mentions_of_the_current_version_do_not_match(string template)
    {
        var (stale, current) = (Guid.NewGuid(), Guid.NewGuid());
        var expected = ConcurrencyHeaders.RequireIfMatch(RequestWithIfMatch(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, stale.ToString("N"), current.ToString("N"))));
        Should.Throw<PreconditionFailedException>(() => ConcurrencyHeaders.EnsureMatches(expected, current));
    }
}
