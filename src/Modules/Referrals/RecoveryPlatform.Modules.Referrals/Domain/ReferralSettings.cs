namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>
/// Whether a fellowship accepts referrals, where, and how its coordinators can be reached. A fellowship
/// without settings accepts none.
/// </summary>
internal sealed class ReferralSettings
{
    public const int ContactMaxLength = 254;
    public const int MaxDistricts = 3000;

    private ReferralSettings()
    {
    }

    public Guid OrganisationId { get; private set; }

    public bool AcceptsReferrals { get; private set; }

    /// <summary>Accepts referrals from anywhere; otherwise only for <see cref="Districts"/>.</summary>
    public bool Nationwide { get; private set; }

    /// <summary>Postcode districts (LS6), in capitals.</summary>
    public List<string> Districts { get; private set; } = [];

    /// <summary>A role mailbox or phone line for the coordinators (never a volunteer's own).</summary>
    public string? CoordinatorContact { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public Guid Version { get; private set; }

    public static ReferralSettings For(Guid organisationId) => new() { OrganisationId = organisationId, Version = Guid.Empty };

    public void Update(bool acceptsReferrals, bool nationwide, IEnumerable<string> districts, string? coordinatorContact, DateTimeOffset now)
    {
        AcceptsReferrals = acceptsReferrals;
        Nationwide = nationwide;
        Districts = [.. districts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        CoordinatorContact = coordinatorContact;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    public bool Covers(string district) => Nationwide || Districts.Contains(district, StringComparer.Ordinal);
}
