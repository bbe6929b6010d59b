using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>Mints the bearer tokens an organisation's identity provider would issue.</summary>
public static class TestTokens
{
    public const string Audience = "recoveryplatform-tests";
    public const string Issuer = "https://idp.test.example";

    public static readonly string SigningKeyBase64 = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    public static string For(string organisationSlug, string role, string subject = "person-1", string audience = Audience, string? signingKeyBase64 = null, DateTime? expires = null)
    {
        var key = new SymmetricSecurityKey(Convert.FromBase64String(signingKeyBase64 ?? SigningKeyBase64));
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("org", organisationSlug), new Claim("role", role)]),
            NotBefore = (expires ?? now.AddHours(1)).AddHours(-2),
            IssuedAt = (expires ?? now.AddHours(1)).AddHours(-2),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
