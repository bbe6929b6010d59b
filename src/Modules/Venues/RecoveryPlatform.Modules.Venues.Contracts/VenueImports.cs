using Mediator;
using RecoveryPlatform.SharedKernel.Imports;

namespace RecoveryPlatform.Modules.Venues.Contracts;

/// <summary>A place an import names: matched to a venue of the organisation, or created.</summary>
/// <param name="Key">The importer's key for it (its normalised address and postcode), returned with its outcome.</param>
/// <param name="Name">The place's name, when the source gives one.</param>
/// <param name="AddressLine1">The street address.</param>
/// <param name="Town">Town or city.</param>
/// <param name="Region">State, county or region.</param>
/// <param name="Postcode">Postcode or ZIP code.</param>
/// <param name="CountryCode">ISO 3166 alpha-2; null for GB.</param>
/// <param name="Latitude">WGS84 degrees.</param>
/// <param name="Longitude">WGS84 degrees.</param>
/// <param name="CoordinatesApproximate">True when the coordinates were not in the source but taken from the postcode district's centre.</param>
/// <param name="Directions">How to find the place once there.</param>
/// <param name="Accessibility">Features the source states (Meeting Guide X and XB).</param>
public sealed record ImportedVenue(
    string Key,
    string? Name,
    string? AddressLine1,
    string? Town,
    string? Region,
    string? Postcode,
    string? CountryCode,
    double Latitude,
    double Longitude,
    bool CoordinatesApproximate,
    string? Directions,
    IReadOnlyList<AccessibilityFeature> Accessibility);

/// <param name="Key">The importer's key.</param>
/// <param name="VenueId">The venue the key stands for; null when rejected.</param>
/// <param name="Action">Created, unchanged (an existing venue matched), or rejected.</param>
/// <param name="Problems">Why it was rejected.</param>
public sealed record ImportedVenueOutcome(string Key, Guid? VenueId, ImportAction Action, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Finds or creates the venues of an import. A place matches a venue of the organisation with the same address and
/// postcode (letters and digits only, without regard to case), or one the nearby-duplicates rule would call the same
/// place (within about 50 m, with a similar name); anything else is created. Existing venues are not changed: their
/// details are the data steward's. Bulk: sent once per slice of an import, inside its transaction; a place also matches
/// a venue an earlier slice of the same run created.
/// </summary>
/// <param name="OrganisationId">The organisation importing.</param>
/// <param name="Run">One run of the import: its slices share the venues read and created so far.</param>
/// <param name="Venues">This slice's places.</param>
public sealed record ImportVenuesCommand(Guid OrganisationId, Guid Run, IReadOnlyList<ImportedVenue> Venues) : ICommand<IReadOnlyList<ImportedVenueOutcome>>;
