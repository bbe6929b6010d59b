using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features;

/// <summary>
/// A group as the API shows it. <c>contactEmail</c> and <c>contactPhone</c> are null unless the group
/// shows them publicly or the caller manages the group; <c>lastVerifiedBy</c> is shown only to those who manage it.
/// </summary>
/// <param name="Id">The group's permanent id.</param>
/// <param name="OrganisationId">Id of the fellowship the group belongs to.</param>
/// <param name="Organisation">Slug of the fellowship the group belongs to.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Description">What the group is and who it welcomes.</param>
/// <param name="Website">The group's own website.</param>
/// <param name="ContactEmail">Null unless shown publicly or the caller manages the group.</param>
/// <param name="ContactPhone">In E.164 (+441134960000). Null unless shown publicly or the caller manages the group.</param>
/// <param name="ShowContactPublicly">Whether everyone sees the contact email and phone.</param>
/// <param name="ServiceAreas">Regions the group serves (boroughs, neighbourhoods); meeting text search finds the group's meetings by them.</param>
/// <param name="Status">active, inactive (paused) or closed (no longer meets).</param>
/// <param name="LastVerifiedAt">When someone last confirmed the listing is right; null when never.</param>
/// <param name="LastVerifiedBy">The credential that did (e.g. key:0193…); shown only to those who manage the group.</param>
/// <param name="CreatedAt">When the group was listed.</param>
/// <param name="UpdatedAt">When the listing last changed (verification included).</param>
/// <param name="CountryCode">ISO 3166 alpha-2 country the group is in.</param>
/// <param name="ServiceBody">The area service body the group belongs to; null when none is recorded.</param>
internal sealed record GroupResponse(
    Guid Id,
    Guid OrganisationId,
    string Organisation,
    string Name,
    string? Description,
    string? Website,
    string? ContactEmail,
    string? ContactPhone,
    bool ShowContactPublicly,
    IReadOnlyList<string> ServiceAreas,
    GroupStatus Status,
    DateTimeOffset? LastVerifiedAt,
    string? LastVerifiedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CountryCode,
    ServiceBody? ServiceBody)
{
    public static GroupResponse From(Group g, OrganisationSummary organisation, Caller caller)
    {
        var manages = GroupAccess.CanManage(caller, g.OrganisationId);
        var showContact = manages || g.ShowContactPublicly;
        return new GroupResponse(
            g.Id,
            g.OrganisationId,
            organisation.Slug,
            g.Name,
            g.Description,
            g.Website,
            showContact ? g.ContactEmail : null,
            showContact ? g.ContactPhone : null,
            g.ShowContactPublicly,
            g.ServiceAreas,
            g.Status,
            g.LastVerifiedAt,
            manages ? g.LastVerifiedBy : null,
            g.CreatedAt,
            g.UpdatedAt,
            g.CountryCode,
            g.ServiceBodyName is { } serviceBody ? new ServiceBody(serviceBody, g.ServiceBodyUrl) : null);
    }
}

/// <summary>A single group with the version its ETag is made from, and whether it is shown as to those who manage it.</summary>
internal sealed record VersionedGroup(GroupResponse Group, Guid Version, bool ManagersView)
{
    /// <summary>
    /// Those who manage a group see its contact details and who last verified it; everyone else may not,
    /// so the two views of one version are different representations, with different tags.
    /// </summary>
    public string ETag => ConcurrencyHeaders.ETagFor(Version, ManagersView ? "managed" : null);

    public static VersionedGroup From(Group g, OrganisationSummary organisation, Caller caller) =>
        new(GroupResponse.From(g, organisation, caller), g.Version, GroupAccess.CanManage(caller, g.OrganisationId));
}
