using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

// Where a meeting in search results meets in person.
internal sealed record VenueRef(Guid Id, string Name, string? Town, string? Postcode, double Latitude, double Longitude, IReadOnlyList<AccessibilityFeature> Accessibility);
