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

    /// <summary>The regions the group serves (boroughs, neighbourhoods): meeting text search finds its meetings by them.</summary>
    public IReadOnlyList<string> ServiceAreas { get; init; } = [];

    /// <summary>The name of the area service body the group belongs to, when one is recorded: text search finds its meetings by it too.</summary>
    public string? ServiceBodyName { get; init; }
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

/// <summary>
/// What a published listing shows of a group: its public description and website, the areas it serves, and
/// when it last changed. Never its contacts, which may be a person's.
/// </summary>
public sealed record GroupListing(Guid Id, string Name, string? Description, string? Website, IReadOnlyList<string> ServiceAreas, DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The area service body the group belongs to (Meeting Guide's <c>entity</c> / <c>district</c> and
    /// <c>entity_url</c>); null when none is recorded.
    /// </summary>
    public ServiceBodyListing? ServiceBody { get; init; }
}

/// <summary>An area service body as listings show it: its name, and its website when known.</summary>
public sealed record ServiceBodyListing(string Name, string? Url);

/// <summary>Listings of several groups at once (any number of ids); unknown ids are left out of the answer.</summary>
public sealed record GetGroupListingsQuery(IReadOnlyCollection<Guid> GroupIds) : IQuery<IReadOnlyDictionary<Guid, GroupListing>>;
