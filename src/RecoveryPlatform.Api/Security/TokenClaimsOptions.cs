namespace RecoveryPlatform.Api.Security;

/// <summary>
/// Bearer tokens for people, from each organisation's own identity provider. Bound from
/// <c>Authentication:Bearer</c>. Give either an authority (OpenID Connect discovery) or, for
/// development and tests, a symmetric signing key.
/// </summary>
internal sealed class BearerTokenOptions
{
    public const string SectionName = "Authentication:Bearer";

    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public string? Issuer { get; set; }

    /// <summary>Base64 symmetric key for HS256 tokens (development and tests only).</summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim that carries the organisation's slug.</summary>
    public string OrganisationClaim { get; set; } = "org";

    /// <summary>The claim that carries the person's role in that organisation (kebab-case, e.g. <c>editor</c>).</summary>
    public string RoleClaim { get; set; } = "role";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
