using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Api.Security;

/// <summary>Authenticates machines by the <c>X-Api-Key</c> header, asking the Organisations module who the key belongs to.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ISender sender) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        // One key per request: of two, which would speak for the caller? Neither; the request fails.
        if (values.Count != 1)
        {
            return AuthenticateResult.Fail("More than one API key.");
        }

        var presented = values.ToString().Trim();
        var identity = presented.Length == 0 ? null : await sender.Send(new AuthenticateApiKeyQuery(presented), Context.RequestAborted);
        if (identity is null)
        {
            // Unknown, revoked, expired and malformed keys all fail alike; the key itself is never logged.
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var claims = new List<Claim>
        {
            new(PlatformClaims.CredentialId, $"key:{identity.KeyId}"),
            new(PlatformClaims.Role, WireNames.Of(identity.Role)),
        };
        if (identity.OrganisationId is { } organisationId)
        {
            claims.Add(new Claim(PlatformClaims.OrganisationId, organisationId.ToString()));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
