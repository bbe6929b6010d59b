using Mediator;

namespace RecoveryPlatform.Modules.Groups.Contracts;

/// <summary>What other modules may know about a group.</summary>
/// <param name="Id">The group.</param>
/// <param name="OrganisationId">The organisation that owns it.</param>
/// <param name="Name">Its name.</param>
/// <param name="IsPublic">False when the group is closed (its meetings leave public results).</param>
public sealed record GroupSummary(Guid Id, Guid OrganisationId, string Name, bool IsPublic)
{
    /// <summary>When the group last changed: for feeds whose Last-Modified must move when a group they show does.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Summaries of several groups at once; unknown ids are left out.</summary>
public sealed record GetGroupSummariesQuery(IReadOnlyCollection<Guid> GroupIds) : IQuery<IReadOnlyDictionary<Guid, GroupSummary>>;

/// <summary>
/// Every group's summary, closed ones included: for a read model loading a whole directory, one scan
/// instead of a question per few thousand ids.
/// </summary>
public sealed record GetEveryGroupSummaryQuery : IQuery<IReadOnlyDictionary<Guid, GroupSummary>>;

/// <summary>The groups of one organisation (closed ones included, with IsPublic false).</summary>
public sealed record GetGroupsOfOrganisationQuery(Guid OrganisationId) : IQuery<IReadOnlyList<GroupSummary>>;
