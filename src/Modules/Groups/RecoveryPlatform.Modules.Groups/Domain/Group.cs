using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Identifiers;

namespace RecoveryPlatform.Modules.Groups.Domain;

/// <summary>Whether a group meets. Wire names: <c>active</c>, <c>inactive</c> (paused), <c>closed</c> (no longer meets).</summary>
internal enum GroupStatus
{
    Active,
    Inactive,
    Closed,
}

/// <summary>What a change did to whether the group meets at all (its meetings leave, or return to, public results).</summary>
internal enum GroupClosure
{
    Unchanged,
    Closed,
    Reopened,
}

/// <summary>
/// The community that holds one or more meetings: an AA or NA group, the host of a SMART meeting.
/// It belongs to one fellowship; its contact details are private unless the group opts in.
/// </summary>
internal sealed class Group : IAuditable
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int WebsiteMaxLength = 2048;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 32;
    public const int MaxServiceAreas = 20;
    public const int ServiceAreaMaxLength = 100;
    public const int VerifiedByMaxLength = 200;
    public const int ServiceBodyNameMaxLength = 200;
    public const string DefaultCountry = "GB";

    private Group()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrganisationId { get; private set; }

    Guid? IAuditable.AuditOrganisationId => OrganisationId;

    public string Name { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public string? Website { get; private set; }

    public string? ContactEmail { get; private set; }

    /// <summary>In E.164 (<c>+441134960000</c>); a number written nationally was read as one of <see cref="CountryCode"/>.</summary>
    public string? ContactPhone { get; private set; }

    /// <summary>
    /// ISO 3166 alpha-2 country the group is in (default GB). A group has no address of its own: this is the
    /// country its nationally written phone numbers belong to.
    /// </summary>
    public string CountryCode { get; private set; } = DefaultCountry;

    /// <summary>
    /// The area service body the group belongs to, between the fellowship and the group (an AA intergroup or
    /// district, an NA area: Meeting Guide's <c>entity</c> / <c>district</c>); null when none is recorded.
    /// </summary>
    public string? ServiceBodyName { get; private set; }

    /// <summary>The service body's website (Meeting Guide's <c>entity_url</c>); only with a name.</summary>
    public string? ServiceBodyUrl { get; private set; }

    /// <summary>When false, only the owning organisation's editors and admins (and platform admins) see the contact details.</summary>
    public bool ShowContactPublicly { get; private set; }

    /// <summary>Free-text names of the regions the group serves, e.g. "Leeds", "West Yorkshire".</summary>
    public IReadOnlyList<string> ServiceAreas { get; private set; } = [];

    public GroupStatus Status { get; private set; }

    /// <summary>When someone last confirmed the listing is still right; null when never.</summary>
    public DateTimeOffset? LastVerifiedAt { get; private set; }

    /// <summary>The credential that last confirmed the listing (e.g. <c>key:0193…</c>).</summary>
    public string? LastVerifiedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Changes on every update; the ETag is derived from it and EF Core checks it on save.</summary>
    public Guid Version { get; private set; }

    public static Group Create(Guid organisationId, GroupDetails details, GroupStatus status, DateTimeOffset now)
    {
        var group = new Group
        {
            Id = Guids.NewVersion7(now),
            OrganisationId = organisationId,
            Status = status,
            CreatedAt = now,
        };
        group.Update(details, status, now);
        return group;
    }

    /// <summary>Replaces the group's details and status. Returns whether this change closed the group, reopened it, or neither.</summary>
    public GroupClosure Update(GroupDetails details, GroupStatus status, DateTimeOffset now)
    {
        var closure = (Status == GroupStatus.Closed, status == GroupStatus.Closed) switch
        {
            (false, true) => GroupClosure.Closed,
            (true, false) => GroupClosure.Reopened,
            _ => GroupClosure.Unchanged,
        };
        Name = details.Name.Trim();
        Description = details.Description;
        Website = details.Website;
        ContactEmail = details.ContactEmail?.Trim();
        ContactPhone = details.ContactPhone;
        CountryCode = details.CountryCode;
        ServiceBodyName = details.ServiceBody?.Name;
        ServiceBodyUrl = details.ServiceBody?.Url;
        ShowContactPublicly = details.ShowContactPublicly;
        ServiceAreas = NormaliseServiceAreas(details.ServiceAreas);
        Status = status;
        Touch(now);
        return closure;
    }

    /// <summary>Someone confirmed the listing is still right.</summary>
    public void Verify(string verifiedBy, DateTimeOffset now)
    {
        LastVerifiedAt = now;
        LastVerifiedBy = verifiedBy;
        Touch(now);
    }

    /// <summary>
    /// Rewrites a phone stored before numbers were kept in E.164 into E.164. The number is the same, so the
    /// listing did not change (<see cref="UpdatedAt"/> stays); its representation did, so the version moves.
    /// </summary>
    public void RewriteContactPhone(string e164)
    {
        ContactPhone = e164;
        Version = Guids.NewVersion4();
    }

    /// <summary>Trimmed, without blanks, and each region once whatever its capitalisation (the first spelling wins).</summary>
    public static List<string> NormaliseServiceAreas(IEnumerable<string> areas) =>
        areas.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guids.NewVersion4();
    }
}

/// <summary>The details an editor writes; validated (and the phone normalised to E.164) before they reach the domain.</summary>
internal sealed record GroupDetails(
    string Name,
    string? Description,
    string? Website,
    string? ContactEmail,
    string? ContactPhone,
    bool ShowContactPublicly,
    IReadOnlyList<string> ServiceAreas)
{
    /// <summary>ISO 3166 alpha-2, upper case.</summary>
    public string CountryCode { get; init; } = Group.DefaultCountry;

    public GroupServiceBody? ServiceBody { get; init; }
}

/// <summary>An area service body as a group's details name it: trimmed, the name present.</summary>
internal sealed record GroupServiceBody(string Name, string? Url);
