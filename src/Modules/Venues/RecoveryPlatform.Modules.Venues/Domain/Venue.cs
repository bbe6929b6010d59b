using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Auditing;

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

    public string Name { get; private set; } = string.Empty;

    public string? AddressLine1 { get; private set; }

    public string? AddressLine2 { get; private set; }

    public string Town { get; private set; } = string.Empty;

    public string? Region { get; private set; }

    public string? Postcode { get; private set; }

    public string CountryCode { get; private set; } = "GB";

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

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
        var venue = new Venue { Id = Guid.CreateVersion7(now), OrganisationId = organisationId, CreatedAt = now };
        venue.Update(details, now);
        return venue;
    }

    public void Update(VenueDetails details, DateTimeOffset now)
    {
        Name = details.Name;
        AddressLine1 = details.AddressLine1;
        AddressLine2 = details.AddressLine2;
        Town = details.Town;
        Region = details.Region;
        Postcode = details.Postcode;
        CountryCode = details.CountryCode;
        Latitude = details.Latitude;
        Longitude = details.Longitude;
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
        Version = Guid.NewGuid();
    }
}

/// <summary>Accessibility stored as bits of one integer: one column, and a search can test several at once.</summary>
[Flags]
internal enum AccessibilityFlags
{
    None = 0,
}

internal sealed record VenueDetails(
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
    IReadOnlyCollection<AccessibilityFeature> Accessibility,
    string? AccessNotes);
