namespace RecoveryPlatform.SharedKernel.Security;

/// <summary>
/// A role within one organisation. <see cref="PlatformAdmin"/> is the exception: it spans them all.
/// Wire names are kebab-case (<c>org-admin</c>, <c>referral-coordinator</c>).
/// </summary>
public enum Role
{
    Reader,
    Referrer,
    ReferralCoordinator,
    Editor,
    OrgAdmin,
    PlatformAdmin,
}

/// <summary>Who is making the current request, as established by the host's authentication.</summary>
public sealed record Caller(string? CredentialId, Guid? OrganisationId, Role? Role)
{
    public static readonly Caller Anonymous = new(null, null, null);

    /// <summary>The platform itself (start-up seeding, background work).</summary>
    public static readonly Caller System = new("system", null, SharedKernel.Security.Role.PlatformAdmin);

    public bool IsAuthenticated => CredentialId is not null;

    public bool IsPlatformAdmin => Role == SharedKernel.Security.Role.PlatformAdmin;

    /// <summary>True when the caller belongs to <paramref name="organisationId"/> (platform admins belong everywhere).</summary>
    public bool BelongsTo(Guid organisationId) => IsPlatformAdmin || OrganisationId == organisationId;

    /// <summary>True when the caller holds one of <paramref name="roles"/> in <paramref name="organisationId"/>.</summary>
    public bool HasRoleIn(Guid organisationId, params Role[] roles) =>
        IsPlatformAdmin || (OrganisationId == organisationId && Role is { } role && roles.Contains(role));
}

/// <summary>Gives handlers the caller of the current request.</summary>
public interface ICallerAccessor
{
    Caller Caller { get; }
}

/// <summary>Sets who the caller is for work that is not an HTTP request: start-up tasks, delivering events.</summary>
public interface ICallerOverride
{
    void RunAs(Caller caller);
}

/// <summary>Names of the authorisation policies endpoints require; the host defines them.</summary>
public static class Policies
{
    public const string PlatformAdmin = "platform-admin";

    /// <summary>An organisation administrator (or a platform administrator).</summary>
    public const string OrgAdmin = "org-admin";

    /// <summary>Someone who may change directory data: editor, organisation admin or platform admin.</summary>
    public const string Editor = "editor";
}

/// <summary>Names of the rate-limiting policies endpoints may add to the platform's fair-use limit; the host defines them.</summary>
public static class RateLimitPolicies
{
    /// <summary>Referral submissions per credential: a burst of them is throttled well below the general limit.</summary>
    public const string ReferralSubmissions = "referral-submissions";
}
