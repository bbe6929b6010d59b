using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Auditing;

namespace RecoveryPlatform.Modules.Organisations.Domain;

internal sealed class Organisation : IAuditable
{
    public const int SlugMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int WebsiteMaxLength = 2048;
    public const int EmailMaxLength = 254;

    private Organisation()
    {
    }

    public Guid Id { get; private set; }

    Guid? IAuditable.AuditOrganisationId => Id;

    public string Slug { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public OrganisationKind Kind { get; private set; }

    public string? Website { get; private set; }

    public string? ContactEmail { get; private set; }

    public string? Description { get; private set; }

    public OrganisationStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Changes on every update; the ETag is derived from it and EF Core checks it on save.</summary>
    public Guid Version { get; private set; }

    public static Organisation Create(string slug, string name, OrganisationKind kind, OrganisationDetails details, DateTimeOffset now)
    {
        var organisation = new Organisation
        {
            Id = Guid.CreateVersion7(now),
            Slug = slug,
            Kind = kind,
            Status = OrganisationStatus.Active,
            CreatedAt = now,
        };
        organisation.Update(name, details, now);
        return organisation;
    }

    public void Update(string name, OrganisationDetails details, DateTimeOffset now)
    {
        Name = name;
        Website = details.Website;
        ContactEmail = details.ContactEmail;
        Description = details.Description;
        Touch(now);
    }

    public void ChangeStatus(OrganisationStatus status, DateTimeOffset now)
    {
        Status = status;
        Touch(now);
    }

    public OrganisationSummary ToSummary() => new(Id, Slug, Name, Kind, Status);

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}

internal sealed record OrganisationDetails(string? Website, string? ContactEmail, string? Description);
