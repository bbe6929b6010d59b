using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Domain;

/// <summary>
/// A machine credential. The secret is shown once at creation; only its keyed hash is kept.
/// The prefix is public: it identifies the key in lists and finds its row without a scan.
/// </summary>
internal sealed class ApiKey : IAuditable
{
    public const int NameMaxLength = 100;

    private ApiKey()
    {
    }

    public Guid Id { get; private set; }

    Guid? IAuditable.AuditOrganisationId => OrganisationId;

    /// <summary>Null for platform-wide keys (platform administrators).</summary>
    public Guid? OrganisationId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public Role Role { get; private set; }

    public string Prefix { get; private set; } = string.Empty;

    public string SecretHash { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public static ApiKey Issue(Guid? organisationId, string name, Role role, string prefix, string secretHash, DateTimeOffset? expiresAt, string createdBy, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            OrganisationId = organisationId,
            Name = name,
            Role = role,
            Prefix = prefix,
            SecretHash = secretHash,
            ExpiresAt = expiresAt,
            CreatedBy = createdBy,
            CreatedAt = now,
        };

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
