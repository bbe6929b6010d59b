using System.Globalization;
using FluentValidation;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Venues.Features;

/// <summary>A venue as the API shows it. All of it is public: it is where meetings happen.</summary>
internal sealed record VenueResponse(
    Guid Id,
    Guid OrganisationId,
    string Name,
    string? AddressLine1,
    string? AddressLine2,
    string Town,
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
    DateTimeOffset UpdatedAt)
{
    public static VenueResponse From(Venue v) =>
        new(v.Id, v.OrganisationId, v.Name, v.AddressLine1, v.AddressLine2, v.Town, v.Region, v.Postcode, v.CountryCode, v.Latitude, v.Longitude, v.Directions, v.AccessibilityFeatures(), v.AccessNotes, v.IsArchived, v.CreatedAt, v.UpdatedAt);
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
}

/// <summary>The writable fields of an existing venue (its organisation never changes).</summary>
/// <param name="Name">What people call the place, e.g. "St Chad's Parish Centre, side room".</param>
/// <param name="AddressLine1">First line of the street address.</param>
/// <param name="AddressLine2">Second line of the address.</param>
/// <param name="Town">Town or city.</param>
/// <param name="Region">County or region.</param>
/// <param name="Postcode">Required in Great Britain and Northern Ireland (countryCode GB, the default), where it must be a real postcode, written the standard way (sw1a1aa → SW1A 1AA); others are kept as given.</param>
/// <param name="CountryCode">ISO 3166 alpha-2, default GB.</param>
/// <param name="Latitude">WGS84 degrees, -90 to 90.</param>
/// <param name="Longitude">WGS84 degrees, -180 to 180.</param>
/// <param name="Directions">How to find the room once there.</param>
/// <param name="Accessibility">Structured accessibility features.</param>
/// <param name="AccessNotes">Anything about access the features do not say.</param>
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
    string? AccessNotes) : IVenueFields
{
    public static VenueRequest From(VenueResponse v) =>
        new(v.Name, v.AddressLine1, v.AddressLine2, v.Town, v.Region, v.Postcode, v.CountryCode, v.Latitude, v.Longitude, v.Directions, v.Accessibility, v.AccessNotes);
}

internal static class VenueFields
{
    public const string DefaultCountry = "GB";

    public static string Country(this IVenueFields fields) => string.IsNullOrWhiteSpace(fields.CountryCode) ? DefaultCountry : fields.CountryCode.Trim().ToUpperInvariant();

    /// <summary>The validated fields as domain details, the postcode normalised for GB.</summary>
    public static VenueDetails ToDetails(this IVenueFields fields)
    {
        var country = fields.Country();
        var postcode = fields.Postcode?.Trim();
        if (country == DefaultCountry && UkPostcode.TryNormalise(postcode, out var normalised))
        {
            postcode = normalised;
        }

        return new VenueDetails(
            fields.Name!.Trim(),
            fields.AddressLine1?.Trim(),
            fields.AddressLine2?.Trim(),
            fields.Town!.Trim(),
            fields.Region?.Trim(),
            string.IsNullOrEmpty(postcode) ? null : postcode,
            country,
            fields.Latitude!.Value,
            fields.Longitude!.Value,
            fields.Directions,
            fields.Accessibility?.Distinct().ToList() ?? [],
            fields.AccessNotes);
    }

    public static void ValidateVenueFields<T>(this AbstractValidator<T> validator)
        where T : IVenueFields
    {
        validator.RuleFor(v => v.Name).NotEmpty().MaximumLength(Venue.NameMaxLength);
        validator.RuleFor(v => v.AddressLine1).MaximumLength(Venue.AddressLineMaxLength);
        validator.RuleFor(v => v.AddressLine2).MaximumLength(Venue.AddressLineMaxLength);
        validator.RuleFor(v => v.Town).NotEmpty().MaximumLength(Venue.TownMaxLength);
        validator.RuleFor(v => v.Region).MaximumLength(Venue.TownMaxLength);
        validator.RuleFor(v => v.CountryCode).MatchesPattern("^[A-Za-z]{2}$", BeACountryCode, "Must be an ISO 3166 alpha-2 country code, e.g. GB or IE.");
        validator.RuleFor(v => v.Postcode).NotEmpty().When(v => v.Country() == DefaultCountry)
            .WithMessage("A venue in Great Britain or Northern Ireland needs its postcode.");
        validator.RuleFor(v => v.Postcode).Must(p => UkPostcode.TryNormalise(p, out _)).When(v => v.Country() == DefaultCountry && !string.IsNullOrWhiteSpace(v.Postcode))
            .WithMessage("Not a valid UK postcode.");
        validator.RuleFor(v => v.Postcode).MaximumLength(Venue.PostcodeMaxLength);
        validator.RuleFor(v => v.Latitude).NotNull().InclusiveBetween(-90, 90);
        validator.RuleFor(v => v.Longitude).NotNull().InclusiveBetween(-180, 180);
        validator.RuleFor(v => v.Directions).MaximumLength(Venue.NotesMaxLength);
        validator.RuleFor(v => v.AccessNotes).MaximumLength(Venue.NotesMaxLength);
        validator.RuleFor(v => v.Accessibility).Must(a => a is null || a.Count <= Enum.GetValues<AccessibilityFeature>().Length)
            .WithMessage("Lists a feature more than once.");
    }

    private static bool BeACountryCode(string code)
    {
        var trimmed = code.Trim();
        if (trimmed.Length != 2 || !trimmed.All(char.IsAsciiLetter))
        {
            return false;
        }

        try
        {
            return new RegionInfo(trimmed.ToUpperInvariant()).TwoLetterISORegionName.Equals(trimmed, StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
