using System.Security.Claims;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Api.Security;

internal static class SecuritySetup
{
    private const string PlatformScheme = "Platform";
    private const string BearerPrefix = "Bearer ";

    public static IServiceCollection AddPlatformSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var bearer = configuration.GetSection(BearerTokenOptions.SectionName).Get<BearerTokenOptions>() ?? new BearerTokenOptions();
        services.AddSingleton(bearer);

        services.AddAuthentication(PlatformScheme)
            .AddPolicyScheme(PlatformScheme, "API key or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                        ? JwtBearerDefaults.AuthenticationScheme
                        : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(options => ConfigureBearer(options, bearer));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.PlatformAdmin, policy => policy.RequireClaim(PlatformClaims.Role, WireNames.Of(Role.PlatformAdmin)))
            .AddPolicy(Policies.OrgAdmin, policy => policy.RequireClaim(PlatformClaims.Role, WireNames.Of(Role.OrgAdmin), WireNames.Of(Role.PlatformAdmin)))
            .AddPolicy(Policies.Editor, policy => policy.RequireClaim(PlatformClaims.Role, WireNames.Of(Role.Editor), WireNames.Of(Role.OrgAdmin), WireNames.Of(Role.PlatformAdmin)));

        services.AddHttpContextAccessor();
        services.AddScoped<CallerAccessor>();
        services.AddScoped<ICallerAccessor>(sp => sp.GetRequiredService<CallerAccessor>());
        services.AddScoped<ICallerOverride>(sp => sp.GetRequiredService<CallerAccessor>());
        return services;
    }

    /// <summary>
    /// Goes before authentication: an address that has spent its allowance of failed credentials gets 429
    /// for any request that presents one, before the credential is checked (see <see cref="FailedCredentialThrottle"/>).
    /// </summary>
    public static IApplicationBuilder ThrottleFailedCredentials(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (PresentsCredential(context.Request)
                && await context.RequestServices.GetRequiredService<FailedCredentialThrottle>().RefuseIfSpentAsync(context))
            {
                return;
            }

            await next(context);
        });

    /// <summary>
    /// A request that presents a credential which fails (unknown, revoked or expired key; bad or non-bearer token)
    /// is refused with 401 even on public endpoints: silently treating it as anonymous would hide the
    /// client's mistake and give it the anonymous quota. Each refusal counts against the client address.
    /// </summary>
    public static IApplicationBuilder RejectFailedCredentials(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (PresentsCredential(context.Request) && !await EveryCredentialAuthenticatesAsync(context))
            {
                context.RequestServices.GetRequiredService<FailedCredentialThrottle>().RecordFailure(context);
                await context.ChallengeAsync();
                return;
            }

            await next(context);
        });

    private static bool PresentsCredential(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || request.Headers.ContainsKey(HeaderNames.Authorization);

    /// <summary>
    /// Each credential presented must authenticate on its own: the default scheme looks at only one of
    /// them, and a valid key must not carry a bad token past us (or the reverse). Handlers remember their
    /// result per request, so asking again costs nothing.
    /// </summary>
    private static async Task<bool> EveryCredentialAuthenticatesAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
            && !(await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Succeeded)
        {
            return false;
        }

        // An Authorization header that is not one bearer token (Basic, a bare "Bearer", two headers)
        // authenticates nobody, which is as wrong as a bad key.
        return !headers.ContainsKey(HeaderNames.Authorization)
            || (IsOneBearerToken(headers.Authorization) && (await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme)).Succeeded);
    }

    private static bool IsOneBearerToken(StringValues authorization) =>
        authorization is [{ } value] && value.Length > BearerPrefix.Length && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    private static void ConfigureBearer(JwtBearerOptions options, BearerTokenOptions bearer)
    {
        options.MapInboundClaims = false;
        options.Audience = bearer.Audience;
        if (!string.IsNullOrWhiteSpace(bearer.Authority))
        {
            options.Authority = bearer.Authority;
        }

        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = true,
            ValidAudience = bearer.Audience,
            ValidateIssuer = !string.IsNullOrWhiteSpace(bearer.Issuer) || !string.IsNullOrWhiteSpace(bearer.Authority),
            ValidIssuer = bearer.Issuer,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireSignedTokens = true,
            IssuerSigningKey = string.IsNullOrWhiteSpace(bearer.SigningKey) ? null : new SymmetricSecurityKey(Convert.FromBase64String(bearer.SigningKey)),
        };

        // Keep the default handler from writing its own 401 body; the status-code page writes problem details.
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var principal = context.Principal!;
                var slug = principal.FindFirstValue(bearer.OrganisationClaim);
                var role = WireNames.ParseOrNull<Role>(principal.FindFirstValue(bearer.RoleClaim));

                // An organisation's identity provider speaks for its own organisation only: it cannot make anyone a platform admin.
                if (slug is null || role is null or Role.PlatformAdmin)
                {
                    context.Fail("The token does not name an organisation and a role.");
                    return;
                }

                var sender = context.HttpContext.RequestServices.GetRequiredService<ISender>();
                if (await sender.Send(new ResolveTokenOrganisationQuery(slug), context.HttpContext.RequestAborted) is not { } organisationId)
                {
                    context.Fail("The token's organisation is unknown or suspended.");
                    return;
                }

                var subject = principal.FindFirstValue("sub") ?? "unknown";
                principal.AddIdentity(new ClaimsIdentity(
                    [
                        // Subjects are unique only within one identity provider, so the organisation is part of the id.
                        new Claim(PlatformClaims.CredentialId, $"token:{slug}:{subject}"),
                        new Claim(PlatformClaims.OrganisationId, organisationId.ToString()),
                        new Claim(PlatformClaims.Role, WireNames.Of(role.Value)),
                    ],
                    JwtBearerDefaults.AuthenticationScheme));
            },
        };

        if (string.IsNullOrWhiteSpace(bearer.Authority) && string.IsNullOrWhiteSpace(bearer.SigningKey))
        {
            // No identity provider configured: every token is refused rather than trusted.
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")));
        }
    }
}
