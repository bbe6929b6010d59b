using Mediator;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Venues.Contracts;

/// <summary>
/// Structured accessibility of a venue. Wire names are kebab-case (<c>step-free-access</c>). Each value is
/// the position of the feature's bit in stored and indexed masks, so the numbers are fixed: a new feature
/// takes the next free number, and none is ever renumbered or reused (a test pins them).
/// </summary>
public enum AccessibilityFeature
{
    StepFreeAccess = 0,
    AccessibleToilet = 1,
    HearingLoop = 2,
    BritishSignLanguage = 3,
    Parking = 4,
    NearPublicTransport = 5,
    QuietSpace = 6,
}

/// <summary>What other modules may know about a venue: enough to show it and place it on a map.</summary>
public sealed record VenueSummary(
    Guid Id,
    Guid OrganisationId,
    string Name,
    string? Town,
    string? Postcode,
    string CountryCode,
    double Latitude,
    double Longitude,
    IReadOnlyList<AccessibilityFeature> Accessibility,
    bool IsArchived)
{
    /// <summary>When the venue last changed: for feeds whose Last-Modified must move when a venue they show does.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Summaries of several venues at once; unknown ids are left out of the answer.</summary>
public sealed record GetVenueSummariesQuery(IReadOnlyCollection<Guid> VenueIds) : IQuery<IReadOnlyDictionary<Guid, VenueSummary>>;

/// <summary>
/// Every venue's summary, archived ones included: for a read model loading a whole directory, one scan
/// instead of a question per few thousand ids.
/// </summary>
public sealed record GetEveryVenueSummaryQuery : IQuery<IReadOnlyDictionary<Guid, VenueSummary>>;

/// <summary>The venues of one organisation that are not archived.</summary>
public sealed record GetVenuesOfOrganisationQuery(Guid OrganisationId) : IQuery<IReadOnlyList<VenueSummary>>;

/// <summary>
/// A venue was created, changed (details, place, archived or restored) or deleted. Recorded in the Venues outbox
/// with the change; an entry of the public change feed. <paramref name="OrganisationId"/> and <paramref name="Action"/>
/// are null in rows recorded before the change feed.
/// </summary>
public sealed record VenueChangedIntegrationEvent(Guid VenueId, Guid? OrganisationId, ChangeAction? Action) : IDirectoryChange
{
    ChangedEntity IDirectoryChange.Entity => ChangedEntity.Venue;

    Guid IDirectoryChange.RecordId => VenueId;
}

/// <summary>
/// What a published listing (the Meeting Guide and CSV feeds, Open Referral UK) shows of a venue: its address
/// in parts, how to find the room, and when it last changed.
/// </summary>
public sealed record VenueListing(
    Guid Id,
    string Name,
    string? AddressLine1,
    string? AddressLine2,
    string? Town,
    string? Region,
    string? Postcode,
    string CountryCode,
    double Latitude,
    double Longitude,
    string? Directions,
    string? AccessNotes,
    IReadOnlyList<AccessibilityFeature> Accessibility,
    DateTimeOffset UpdatedAt)
{
    /// <summary>True when <see cref="Name"/> was derived from the address (the venue was given none): a feed may leave it out.</summary>
    public bool NameDerived { get; init; }

    /// <summary>True when the coordinates only roughly place the venue (a postcode district's centre, say): Meeting Guide's <c>approximate</c>.</summary>
    public bool CoordinatesApproximate { get; init; }
}

/// <summary>Listings of several venues at once (any number of ids); unknown ids are left out of the answer.</summary>
public sealed record GetVenueListingsQuery(IReadOnlyCollection<Guid> VenueIds) : IQuery<IReadOnlyDictionary<Guid, VenueListing>>;
