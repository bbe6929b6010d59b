using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Domain;

namespace RecoveryPlatform.Modules.Organisations.Features;

/// <summary>An organisation as the API shows it.</summary>
internal sealed record OrganisationResponse(
    Guid Id,
    string Slug,
    string Name,
    OrganisationKind Kind,
    string? Website,
    string? ContactEmail,
    string? Description,
    OrganisationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static OrganisationResponse From(Organisation o) =>
        new(o.Id, o.Slug, o.Name, o.Kind, o.Website, o.ContactEmail, o.Description, o.Status, o.CreatedAt, o.UpdatedAt);
}

/// <summary>A single organisation with the version its ETag is made from.</summary>
internal sealed record VersionedOrganisation(OrganisationResponse Organisation, Guid Version)
{
    public static VersionedOrganisation From(Organisation o) => new(OrganisationResponse.From(o), o.Version);
}
