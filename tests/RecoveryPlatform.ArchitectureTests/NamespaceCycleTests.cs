using ArchUnitNET.Domain;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;

namespace RecoveryPlatform.ArchitectureTests;

/// <summary>
/// Within a project, namespaces depend on each other one way only: a feature may use the domain and a
/// sibling's public pieces, never the other way round too. A cycle means two folders that cannot be read,
/// changed or moved apart (the search slice and the search index once were one).
/// </summary>
public sealed class NamespaceCycleTests
{
    // Not the shared kernel: its Messaging and Persistence are one mechanism, the transactional outbox (the
    // unit of work writes outbox rows in the change's own transaction; the dispatcher reads them through the
    // module's database), split into two folders for reading. Modules see both only through their public types.
    private static readonly string[] Projects =
    [
        "RecoveryPlatform.Api",
        "RecoveryPlatform.Modules.Organisations",
        "RecoveryPlatform.Modules.Venues",
        "RecoveryPlatform.Modules.Groups",
        "RecoveryPlatform.Modules.Meetings",
        "RecoveryPlatform.Modules.Referrals",
        "RecoveryPlatform.Modules.Webhooks",
    ];

    // Method bodies included: a using is not needed for a type in an enclosing namespace, so reading
    // source would miss exactly the upward references that close a cycle.
    private static readonly Lazy<Architecture> Platform = new(() =>
        new ArchLoader().LoadAssemblies([.. Projects.Select(System.Reflection.Assembly.Load)]).Build());

    public static TheoryData<string> ProjectNames() => new(Projects);

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void No_two_namespaces_of_a_project_depend_on_each_other(string project)
    {
        var rule = SliceRuleDefinition.Slices().Matching($"{project}.(**)").Should().BeFreeOfCycles();

        var violations = rule.Evaluate(Platform.Value).Where(result => !result.Passed).Select(result => result.Description).ToList();

        violations.ShouldBeEmpty();
    }
}
