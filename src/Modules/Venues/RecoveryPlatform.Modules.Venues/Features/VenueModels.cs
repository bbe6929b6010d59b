using FluentValidation;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Venues.Features;

/// <summary>A venue as the API shows it. All of it is public: it is where meetings happen.</summary>
/// <param name="Id">The venue's permanent id.</param>
/// <param name="OrganisationId">Id of the organisation that lists it.</param>
/// <param name="Name">The name to show: the one given, else one derived from the first address line, town, region, postcode or coordinates (then nameDerived is true).</param>
/// <param name="AddressLine1">First line of the street address.</param>
/// <param name="AddressLine2">Second line of the address.</param>
/// <param name="Town">Town or city; null when not known.</param>
/// <param name="Region">County, state or region.</param>
/// <param name="Postcode">Postcode (UK ones in the standard form) or other postal code.</param>
/// <param name="CountryCode">ISO 3166 alpha-2.</param>
/// <param name="Latitude">WGS84 degrees.</param>
/// <param name="Longitude">WGS84 degrees.</param>
/// <param name="Directions">How to find the room once there.</param>
/// <param name="Accessibility">Structured accessibility features.</param>
/// <param name="AccessNotes">Anything about access the features do not say.</param>
/// <param name="Archived">True when the venue is archived (kept, but out of lists).</param>
/// <param name="CreatedAt">When the venue was listed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="NameDerived">True when no name was given and name was derived from where the venue is.</param>
/// <param name="CoordinatesApproximate">True when latitude and longitude only roughly place the venue: its postcode district's centre, or given as approximate.</param>
internal sealed record VenueResponse(
    Guid Id,
    Guid OrganisationId,
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
    IReadOnlyList<AccessibilityFeature> Accessibility,
    string? AccessNotes,
    bool Archived,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool NameDerived,
    bool CoordinatesApproximate)
{
    public static VenueResponse From(Venue v) =>
        new(v.Id, v.OrganisationId, v.Name, v.AddressLine1, v.AddressLine2, v.Town, v.Region, v.Postcode, v.CountryCode, v.Latitude, v.Longitude, v.Directions, v.AccessibilityFeatures(), v.AccessNotes, v.IsArchived, v.CreatedAt, v.UpdatedAt,
            v.NameDerived, v.CoordinatesApproximate);
}

internal sealed record VersionedVenue(VenueResponse Venue, Guid Version)
{
    public static VersionedVenue From(Venue v) => new(VenueResponse.From(v), v.Version);
}

/// <summary>The writable fields of a venue, shared by create, replace and patch.</summary>
internal interface IVenueFields
{
    string? Name { get; }

    string? AddressLine1 { get; }

    string? AddressLine2 { get; }

    string? Town { get; }

    string? Region { get; }

    string? Postcode { get; }

    string? CountryCode { get; }

    double? Latitude { get; }

    double? Longitude { get; }

    string? Directions { get; }

    IReadOnlyList<AccessibilityFeature>? Accessibility { get; }

    string? AccessNotes { get; }

    bool? CoordinatesApproximate { get; }
}

/// <summary>
/// A command carrying venue fields: validated by the same rules whichever command it is, and with
/// error names that match the JSON body (<c>postcode</c>, not <c>request.postcode</c>).
/// </summary>
internal abstract record VenueFieldsMessage(IVenueFields Fields) : IVenueFields
{
    public string? Name => Fields.Name;

    public string? AddressLine1 => Fields.AddressLine1;

    public string? AddressLine2 => Fields.AddressLine2;

    public string? Town => Fields.Town;

    public string? Region => Fields.Region;

    public string? Postcode => Fields.Postcode;

    public string? CountryCode => Fields.CountryCode;

    public double? Latitude => Fields.Latitude;

    public double? Longitude => Fields.Longitude;

    public string? Directions => Fields.Directions;

    public IReadOnlyList<AccessibilityFeature>? Accessibility => Fields.Accessibility;

    public string? AccessNotes => Fields.AccessNotes;

    public bool? CoordinatesApproximate => Fields.CoordinatesApproximate;
}

/// <summary>The writable fields of an existing venue (its organisation never changes).</summary>
/// <param name="Name">What people call the place, e.g. "St Chad's Parish Centre, side room". Optional: without one the venue is shown by its first address line, town, region, postcode or coordinates.</param>
/// <param name="AddressLine1">First line of the street address.</param>
/// <param name="AddressLine2">Second line of the address.</param>
/// <param name="Town">Town or city (optional).</param>
/// <param name="Region">County or region.</param>
/// <param name="Postcode">Required in Great Britain and Northern Ireland (countryCode GB, the default), where it must be a real postcode, written the standard way (sw1a1aa → SW1A 1AA); others are kept as given.</param>
/// <param name="CountryCode">ISO 3166 alpha-2, default GB.</param>
/// <param name="Latitude">WGS84 degrees, -90 to 90, given with longitude. Both may be left out only for a venue in GB whose postcode's district the platform knows: the district's centre is used, and coordinatesApproximate is true.</param>
/// <param name="Longitude">WGS84 degrees, -180 to 180, given with latitude.</param>
/// <param name="Directions">How to find the room once there.</param>
/// <param name="Accessibility">Structured accessibility features.</param>
/// <param name="AccessNotes">Anything about access the features do not say.</param>
/// <param name="CoordinatesApproximate">True when the coordinates given only roughly place the venue (default false; always true for coordinates taken from a postcode district).</param>
internal sealed record VenueRequest(
    string? Name,
    string? AddressLine1,
    string? AddressLine2,
    string? Town,
    string? Region,
    string? Postcode,
    string? CountryCode,
    double? Latitude,
    double? Longitude,
    string? Directions,
    IReadOnlyList<AccessibilityFeature>? Accessibility,
    string? AccessNotes,
    bool? CoordinatesApproximate = null) : IVenueFields
{
    /// <summary>
    /// The venue's writable fields as they stand, for a merge patch to change: a derived name and coordinates
    /// taken from the postcode district are left out, so they follow the address or postcode a patch changes.
    /// </summary>
    public static VenueRequest From(VenueResponse v)
    {
        var fromPostcode = v.CoordinatesApproximate && VenueFields.DistrictCentre(v.Postcode, v.CountryCode) == (v.Latitude, v.Longitude);
        return new(
            v.NameDerived ? null : v.Name, v.AddressLine1, v.AddressLine2, v.Town, v.Region, v.Postcode, v.CountryCode,
            fromPostcode ? null : v.Latitude, fromPostcode ? null : v.Longitude, v.Directions, v.Accessibility, v.AccessNotes,
            fromPostcode ? null : v.CoordinatesApproximate);
    }
}

internal static class VenueFields
{
    public const string DefaultCountry = "GB";

    public static string Country(this IVenueFields fields) => string.IsNullOrWhiteSpace(fields.CountryCode) ? DefaultCountry : fields.CountryCode.Trim().ToUpperInvariant();

    /// <summary>The words of the rule that a venue must be placed, as the API and its document state them.</summary>
    public const string PlacementRule =
        "A venue must be placed: give latitude and longitude, or (in GB) a postcode whose district the platform knows, whose centre is then used and marked approximate.";

    /// <summary>
    /// The validated fields as domain details: the postcode normalised for GB, blank text as none, and
    /// coordinates not given taken from the postcode district's centre (approximate).
    /// </summary>
    public static VenueDetails ToDetails(this IVenueFields fields)
    {
        var country = fields.Country();
        var postcode = fields.Postcode?.Trim();
        if (country == DefaultCountry && UkPostcode.TryNormalise(postcode, out var normalised))
        {
            postcode = normalised;
        }

        var (latitude, longitude, approximate) = fields.Latitude is { } givenLatitude && fields.Longitude is { } givenLongitude
            ? (givenLatitude, givenLongitude, fields.CoordinatesApproximate ?? false)
            : DistrictCentre(postcode, country) is { } centre
                ? (centre.Latitude, centre.Longitude, true)
                : throw new InvalidOperationException("The validator lets through only venues that can be placed.");

        return new VenueDetails(
            Blank(fields.Name),
            Blank(fields.AddressLine1),
            Blank(fields.AddressLine2),
            Blank(fields.Town),
            Blank(fields.Region),
            string.IsNullOrEmpty(postcode) ? null : postcode,
            country,
            latitude,
            longitude,
            fields.Directions,
            fields.Accessibility?.Distinct().ToList() ?? [],
            fields.AccessNotes,
            approximate);
    }

    /// <summary>The centre of a GB postcode's district, when the platform knows the district; null elsewhere.</summary>
    public static (double Latitude, double Longitude)? DistrictCentre(string? postcode, string? countryCode) =>
        (countryCode ?? DefaultCountry) == DefaultCountry && UkPostcodeDistricts.TryResolve(postcode, out var latitude, out var longitude) ? (latitude, longitude) : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static void ValidateVenueFields<T>(this AbstractValidator<T> validator)
        where T : IVenueFields
    {
        validator.RuleFor(v => v.Name).MaximumLength(Venue.NameMaxLength);
        validator.RuleFor(v => v.AddressLine1).MaximumLength(Venue.AddressLineMaxLength);
        validator.RuleFor(v => v.AddressLine2).MaximumLength(Venue.AddressLineMaxLength);
        validator.RuleFor(v => v.Town).MaximumLength(Venue.TownMaxLength);
        validator.RuleFor(v => v.Region).MaximumLength(Venue.TownMaxLength);
        validator.RuleFor(v => v.CountryCode).MatchesPattern("^[A-Za-z]{2}$", CountryCodes.IsAlpha2, "Must be an ISO 3166 alpha-2 country code, e.g. GB or IE.");
        validator.RuleFor(v => v.Postcode).NotEmpty().When(v => v.Country() == DefaultCountry)
            .WithMessage("A venue in Great Britain or Northern Ireland needs its postcode.");
        validator.RuleFor(v => v.Postcode).Must(p => UkPostcode.TryNormalise(p, out _)).When(v => v.Country() == DefaultCountry && !string.IsNullOrWhiteSpace(v.Postcode))
            .WithMessage("Not a valid UK postcode.");
        validator.RuleFor(v => v.Postcode).MaximumLength(Venue.PostcodeMaxLength);
        validator.RuleFor(v => v.Latitude).InclusiveBetween(-90, 90);
        validator.RuleFor(v => v.Longitude).InclusiveBetween(-180, 180);
        validator.RuleFor(v => v.Longitude).NotNull().When(v => v.Latitude is not null).WithMessage("Give longitude with latitude.");
        validator.RuleFor(v => v.Latitude).NotNull().When(v => v.Longitude is not null).WithMessage("Give latitude with longitude.");

        // Without coordinates a venue must still be placeable: offline, only a known UK postcode district places one.
        validator.RuleFor(v => v.Latitude)
            .Must((fields, _) => DistrictCentre(fields.Postcode, fields.Country()) is not null)
            .When(v => v.Latitude is null && v.Longitude is null)
            .WithMessage(PlacementRule);
        validator.RuleFor(v => v.Directions).MaximumLength(Venue.NotesMaxLength);
        validator.RuleFor(v => v.AccessNotes).MaximumLength(Venue.NotesMaxLength);
        validator.RuleFor(v => v.Accessibility).Must(a => a is null || a.Count <= Enum.GetValues<AccessibilityFeature>().Length)
            .WithMessage("Lists a feature more than once.");
    }
}
