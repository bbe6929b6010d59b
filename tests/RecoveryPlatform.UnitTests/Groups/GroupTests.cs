using RecoveryPlatform.Modules.Groups.Domain;

namespace RecoveryPlatform.UnitTests.Groups;

/// <summary>The group's own rules: when a change counts as closing it, and how its details are kept.</summary>
public sealed class GroupTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 18, 40, 0, TimeSpan.Zero);

    private static GroupDetails Details(string name = "Leeds Tuesday Night Group", params string[] serviceAreas) =>
        new(name, null, null, null, null, false, serviceAreas);

    [Theory]
    [InlineData("Active", "Closed", "Closed")]
    [InlineData("Inactive", "Closed", "Closed")]
    [InlineData("Closed", "Closed", "Unchanged")]
    [InlineData("Active", "Inactive", "Unchanged")]
    [InlineData("Inactive", "Active", "Unchanged")]
    [InlineData("Closed", "Active", "Reopened")]
    [InlineData("Closed", "Inactive", "Reopened")]
    public void A_change_into_closed_closes_and_a_change_out_of_it_reopens(string from, string to, string closure)
    {
        var group = Group.Create(Guid.NewGuid(), Details(), GroupStatus.Active, Now);
        group.Update(Details(), Enum.Parse<GroupStatus>(from), Now);

        group.Update(Details(), Enum.Parse<GroupStatus>(to), Now.AddMinutes(1)).ShouldBe(Enum.Parse<GroupClosure>(closure));

        group.Status.ShouldBe(Enum.Parse<GroupStatus>(to));
    }

    [Fact]
    public void Every_change_moves_the_version_and_the_update_time()
    {
        var group = Group.Create(Guid.NewGuid(), Details(), GroupStatus.Active, Now);
        var created = group.Version;

        group.Update(Details("Renamed"), GroupStatus.Active, Now.AddHours(1));
        var updated = group.Version;
        group.Verify("key:0193", Now.AddHours(2));

        new[] { created, updated, group.Version }.Distinct().Count().ShouldBe(3);
        group.CreatedAt.ShouldBe(Now);
        group.UpdatedAt.ShouldBe(Now.AddHours(2));
    }

    [Fact]
    public void Verifying_records_when_and_by_which_credential()
    {
        var group = Group.Create(Guid.NewGuid(), Details(), GroupStatus.Active, Now);
        group.LastVerifiedAt.ShouldBeNull();

        group.Verify("key:0193", Now.AddDays(3));

        group.LastVerifiedAt.ShouldBe(Now.AddDays(3));
        group.LastVerifiedBy.ShouldBe("key:0193");
    }

    [Fact]
    public void Service_areas_are_trimmed_without_blanks_and_each_kept_once()
    {
        var group = Group.Create(Guid.NewGuid(), Details("Group", " Leeds ", "LEEDS", "", "West Yorkshire", "leeds"), GroupStatus.Active, Now);

        group.ServiceAreas.ShouldBe(["Leeds", "West Yorkshire"]);
    }

    [Fact]
    public void A_new_group_belongs_to_its_organisation_and_gets_a_time_ordered_id()
    {
        var organisationId = Guid.NewGuid();

        var group = Group.Create(organisationId, Details("  Spaced  "), GroupStatus.Inactive, Now);

        group.OrganisationId.ShouldBe(organisationId);
        group.Id.Version.ShouldBe(7);
        group.Name.ShouldBe("Spaced");
        group.Status.ShouldBe(GroupStatus.Inactive);
    }
}
