using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.UnitTests.Http;

public sealed class WireNamesTests
{
    [Theory]
    [InlineData(Role.ReferralCoordinator, "referral-coordinator")]
    [InlineData(Role.OrgAdmin, "org-admin")]
    [InlineData(Role.Reader, "reader")]
    public void Enum_values_travel_in_kebab_case(Role role, string wire)
    {
        WireNames.Of(role).ShouldBe(wire);
        WireNames.TryParse<Role>(wire, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(role);
    }

    [Theory]
    [InlineData("ReferralCoordinator")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_but_a_wire_name_is_refused(string? text) => WireNames.TryParse<Role>(text, out _).ShouldBeFalse();
}
