using Mediator;

namespace RecoveryPlatform.Modules.Venues.Contracts;

/// <summary>Structured accessibility of a venue. Wire names are kebab-case (<c>step-free-access</c>).</summary>
public enum AccessibilityFeature
{
    StepFreeAccess,
    AccessibleToilet,
    HearingLoop,
    BritishSignLanguage,
    Parking,
    NearPublicTransport,
    QuietSpace,
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
    bool IsArchived);

/// <summary>Summaries of several venues at once; unknown ids are left out of the answer.</summary>
public sealed record GetVenueSummariesQuery(IReadOnlyCollection<Guid> VenueIds) : IQuery<IReadOnlyDictionary<Guid, VenueSummary>>;

/// <summary>The venues of one organisation that are not archived.</summary>
public sealed record GetVenuesOfOrganisationQuery(Guid OrganisationId) : IQuery<IReadOnlyList<VenueSummary>>;

/// <summary>A venue changed (details, place, archive) or was deleted; published after the change is saved.</summary>
public sealed record VenueChangedIntegrationEvent(Guid VenueId) : INotification;
