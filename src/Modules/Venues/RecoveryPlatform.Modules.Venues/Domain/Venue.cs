using System.Globalization;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Identifiers;

namespace RecoveryPlatform.Modules.Venues.Domain;

/// <summary>A place an organisation lists, often a church hall or a community centre's side room.</summary>
internal sealed class Venue : IAuditable
{
    public const int NameMaxLength = 200;
    public const int AddressLineMaxLength = 200;
    public const int TownMaxLength = 100;
    public const int PostcodeMaxLength = 16;
    public const int NotesMaxLength = 2000;

    private Venue()
    {
    }

    public Guid Id { get; private set; }

    Guid? IAuditable.AuditOrganisationId => OrganisationId;

    public Guid OrganisationId { get; private set; }

    /// <summary>
    /// The name shown for the venue: the one given, else one derived from where it is (<see cref="NameDerived"/>).
    /// Real feeds often list a meeting at an address with no name for the place.
    /// </summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>True when no name was given and <see cref="Name"/> was made from the address, town, postcode or coordinates.</summary>
    public bool NameDerived { get; private set; }

    public string? AddressLine1 { get; private set; }

    public string? AddressLine2 { get; private set; }

    public string? Town { get; private set; }

    public string? Region { get; private set; }

    public string? Postcode { get; private set; }

    public string CountryCode { get; private set; } = "GB";

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    /// <summary>
    /// True when the coordinates only roughly place the venue: taken from its postcode district's centre,
    /// or said to be approximate by whoever gave them (a feed's <c>approximate</c>).
    /// </summary>
    public bool CoordinatesApproximate { get; private set; }

    public string? Directions { get; private set; }

    public AccessibilityFlags Accessibility { get; private set; }

    public string? AccessNotes { get; private set; }

    public DateTimeOffset? ArchivedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public Guid Version { get; private set; }

    public bool IsArchived => ArchivedAt is not null;

    public static Venue Create(Guid organisationId, VenueDetails details, DateTimeOffset now)
    {
        var venue = new Venue { Id = Guids.NewVersion7(now), OrganisationId = organisationId, CreatedAt = now };
        venue.Update(details, now);
        return venue;
    }

    public void Update(VenueDetails details, DateTimeOffset now)
    {
        NameDerived = string.IsNullOrWhiteSpace(details.Name);
        Name = NameDerived ? DerivedName(details) : details.Name!;
        AddressLine1 = details.AddressLine1;
        AddressLine2 = details.AddressLine2;
        Town = details.Town;
        Region = details.Region;
        Postcode = details.Postcode;
        CountryCode = details.CountryCode;
        Latitude = details.Latitude;
        Longitude = details.Longitude;
        CoordinatesApproximate = details.CoordinatesApproximate;
        Directions = details.Directions;
        Accessibility = AccessibilityFlagsOf(details.Accessibility);
        AccessNotes = details.AccessNotes;
        Touch(now);
    }

    public void Archive(DateTimeOffset now)
    {
        if (ArchivedAt is null)
        {
            ArchivedAt = now;
            Touch(now);
        }
    }

    /// <summary>Brings an archived venue back into lists and meeting results.</summary>
    public void Unarchive(DateTimeOffset now)
    {
        if (ArchivedAt is not null)
        {
            ArchivedAt = null;
            Touch(now);
        }
    }

    public IReadOnlyList<AccessibilityFeature> AccessibilityFeatures() => FeaturesOf(Accessibility);

    /// <summary>
    /// A name for a venue given none, from the most particular thing known about where it is: the first
    /// address line, else the town or region, else the postcode, else the coordinates.
    /// </summary>
    public static string DerivedName(VenueDetails details) =>
        new[] { details.AddressLine1, details.Town, details.Region, details.Postcode }.FirstOrDefault(part => !string.IsNullOrWhiteSpace(part))
        ?? string.Create(CultureInfo.InvariantCulture, $"{details.Latitude:0.#####}, {details.Longitude:0.#####}");

    public VenueSummary ToSummary() =>
        new(Id, OrganisationId, Name, Town, Postcode, CountryCode, Latitude, Longitude, AccessibilityFeatures(), IsArchived) { UpdatedAt = UpdatedAt };

    /// <summary>
    /// The features a set of flags stands for. There are only 2^7 sets, each made once and shared: a
    /// directory's hundreds of thousands of summaries would otherwise hold a list each.
    /// </summary>
    public static IReadOnlyList<AccessibilityFeature> FeaturesOf(AccessibilityFlags flags) => FeatureLists[(int)flags & (FeatureLists.Length - 1)];

    private static readonly IReadOnlyList<AccessibilityFeature>[] FeatureLists = [.. Enumerable.Range(0, 1 << Enum.GetValues<AccessibilityFeature>().Length)
        .Select(bits => (IReadOnlyList<AccessibilityFeature>)Enum.GetValues<AccessibilityFeature>().Where(f => ((AccessibilityFlags)bits).HasFlag(ToFlag(f))).ToList().AsReadOnly())];

    private static AccessibilityFlags AccessibilityFlagsOf(IEnumerable<AccessibilityFeature> features) =>
        features.Aggregate(AccessibilityFlags.None, (flags, feature) => flags | ToFlag(feature));

    private static AccessibilityFlags ToFlag(AccessibilityFeature feature) => (AccessibilityFlags)(1 << (int)feature);

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guids.NewVersion4();
    }
}

/// <summary>Accessibility stored as bits of one integer: one column, and a search can test several at once.</summary>
[Flags]
internal enum AccessibilityFlags
{
    None = 0,
}

/// <summary>A venue's details as validated: a null name is derived; the coordinates are resolved (from the postcode district when not given).</summary>
internal sealed record VenueDetails(
    string? Name,
    string? AddressLine1,
    string? AddressLine2,
    string? Town,
    string? Region,
    string? Postcode,
    string CountryCode,
    double Latitude,
    double Longitude,
    string? Directions,
    IReadOnlyCollection<AccessibilityFeature> Accessibility,
    string? AccessNotes,
    bool CoordinatesApproximate = false);
