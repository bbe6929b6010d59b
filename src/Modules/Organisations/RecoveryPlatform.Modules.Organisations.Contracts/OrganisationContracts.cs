using Mediator;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Organisations.Contracts;

/// <summary>What an organisation is: a fellowship publishes a directory; a treatment service refers people.</summary>
public enum OrganisationKind
{
    Fellowship,
    TreatmentService,
}

public enum OrganisationStatus
{
    Active,
    Suspended,
}

/// <summary>The few facts other modules may know about an organisation.</summary>
public sealed record OrganisationSummary(Guid Id, string Slug, string Name, OrganisationKind Kind, OrganisationStatus Status);

/// <summary>Asks the Organisations module about one organisation by id; null when there is none.</summary>
public sealed record GetOrganisationSummaryByIdQuery(Guid OrganisationId) : IQuery<OrganisationSummary?>;

/// <summary>Asks the Organisations module about one organisation by slug; null when there is none.</summary>
public sealed record GetOrganisationSummaryBySlugQuery(string Slug) : IQuery<OrganisationSummary?>;

/// <summary>Summaries of several organisations at once (for lists that show organisation names).</summary>
public sealed record GetOrganisationSummariesQuery(IReadOnlyCollection<Guid> OrganisationIds) : IQuery<IReadOnlyDictionary<Guid, OrganisationSummary>>;

/// <summary>
/// Asks the Organisations module who an API key belongs to. Null when the key is unknown, revoked,
/// expired, or its organisation is suspended: to the caller, all of those are simply "not a key".
/// </summary>
public sealed record AuthenticateApiKeyQuery(string PresentedKey) : IQuery<ApiKeyIdentity?>;

/// <summary>The identity behind a valid API key. <c>OrganisationId</c> is null for platform-wide keys.</summary>
public sealed record ApiKeyIdentity(Guid KeyId, Guid? OrganisationId, RecoveryPlatform.SharedKernel.Security.Role Role);

/// <summary>
/// Maps a person's identity-provider claims to an organisation: the organisation slug from the token.
/// Null when there is no such active organisation.
/// </summary>
public sealed record ResolveTokenOrganisationQuery(string OrganisationSlug) : IQuery<Guid?>;

/// <summary>
/// Issues an API key from the server itself (the command line), not over HTTP. With no organisation
/// slug the key is platform-wide and the role must be platform-admin. Returns the secret key.
/// </summary>
public sealed record MintApiKeyCommand(string? OrganisationSlug, RecoveryPlatform.SharedKernel.Security.Role Role, string Name) : ICommand<string>;

/// <summary>
/// An organisation was created, or its name or status changed (what other modules show or act on; a new
/// description alone is recorded as another event, which they ignore). Recorded in the Organisations outbox with
/// the change; an entry of the public change feed, where a suspension is a <c>deleted</c> (the organisation leaves
/// the public directory) and a reactivation a <c>created</c>. <paramref name="Action"/> is null in rows recorded
/// before the change feed.
/// </summary>
public sealed record OrganisationChangedIntegrationEvent(Guid OrganisationId, ChangeAction? Action) : IDirectoryChange
{
    ChangedEntity IDirectoryChange.Entity => ChangedEntity.Organisation;

    Guid IDirectoryChange.RecordId => OrganisationId;

    Guid? IDirectoryChange.OrganisationId => OrganisationId;
}

/// <summary>What a published listing shows of an organisation: the body responsible for its meetings, and where to find it.</summary>
public sealed record OrganisationListing(Guid Id, string Slug, string Name, string? Website, string? Description, OrganisationStatus Status, DateTimeOffset UpdatedAt);

/// <summary>Listings of several organisations at once; unknown ids are left out of the answer.</summary>
public sealed record GetOrganisationListingsQuery(IReadOnlyCollection<Guid> OrganisationIds) : IQuery<IReadOnlyDictionary<Guid, OrganisationListing>>;
