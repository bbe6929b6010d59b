using System.Security.Claims;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>Claim types the platform puts on an authenticated principal, whatever the credential.</summary>
internal static class PlatformClaims
{
    public const string CredentialId = "rp:credential";
    public const string OrganisationId = "rp:organisation";
    public const string Role = "rp:role";
}

/// <summary>The caller of this scope: the HTTP request's principal, or an explicit caller for work outside a request.</summary>
internal sealed class CallerAccessor(IHttpContextAccessor httpContextAccessor) : ICallerAccessor, ICallerOverride
{
    private Caller? _explicitCaller;

    public Caller Caller => _explicitCaller ?? FromPrincipal(httpContextAccessor.HttpContext?.User);

    public void RunAs(Caller caller) => _explicitCaller = caller;

    public static Caller FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true || principal.FindFirstValue(PlatformClaims.CredentialId) is not { } credentialId)
        {
            return Caller.Anonymous;
        }

        var organisationId = Guid.TryParse(principal.FindFirstValue(PlatformClaims.OrganisationId), out var id) ? id : (Guid?)null;
        var role = WireNames.ParseOrNull<Role>(principal.FindFirstValue(PlatformClaims.Role));
        return new Caller(credentialId, organisationId, role);
    }
}
