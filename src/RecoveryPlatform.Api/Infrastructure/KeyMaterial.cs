using System.Security.Cryptography;
using RecoveryPlatform.Modules.Referrals;
using RecoveryPlatform.Modules.Webhooks;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Secret key material the platform needs. Configured explicitly in production; on the embedded
/// default it is generated once and kept in the data folder beside the database, so a fresh clone
/// runs with nothing to set up.
/// </summary>
internal static class KeyMaterial
{
    private const int MinimumKeyBytes = 32;

    public static byte[]? ApiKeyHashingKey(IConfiguration configuration, DatabaseOptions database, string dataFolder)
    {
        if (configuration["RecoveryPlatform:ApiKeyHashingKey"] is { Length: > 0 } configured)
        {
            try
            {
                var key = Convert.FromBase64String(configured);
                return key.Length >= MinimumKeyBytes ? key : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return UsesDataFolder(configuration, database) ? LoadOrCreate(Path.Combine(dataFolder, "api-key-hashing.key")) : null;
    }

    /// <summary>
    /// The Referrals module's data-encryption keys: as configured (<c>RecoveryPlatform:Referrals:Keys</c> and
    /// <c>ActiveKeyId</c>), else, on the embedded default, one key kept in the data folder (owner-only), so
    /// the API runs with nothing to set up. Elsewhere nothing: the module then refuses to start.
    /// </summary>
    public static void ReferralKeys(IConfiguration configuration, DatabaseOptions database, string dataFolder, ReferralsOptions options)
    {
        configuration.GetSection(ReferralsOptions.SectionName).Bind(options);
        if (options.Keys.Count == 0 && UsesDataFolder(configuration, database))
        {
            options.Keys["local-1"] = Convert.ToBase64String(LoadOrCreate(Path.Combine(dataFolder, "referral-data.key")));
            options.ActiveKeyId ??= "local-1";
        }
    }

    /// <summary>
    /// The keys that seal webhook signing secrets at rest: as configured (<c>RecoveryPlatform:Webhooks:Keys</c> and
    /// <c>ActiveKeyId</c>), else, on the embedded default, one key kept in the data folder (owner-only). Elsewhere
    /// nothing: the module then refuses to start.
    /// </summary>
    public static void WebhookKeys(IConfiguration configuration, DatabaseOptions database, string dataFolder, WebhooksOptions options)
    {
        configuration.GetSection(WebhooksOptions.SectionName).Bind(options);
        if (options.Keys.Count == 0 && UsesDataFolder(configuration, database))
        {
            options.Keys["local-1"] = Convert.ToBase64String(LoadOrCreate(Path.Combine(dataFolder, "webhook-secrets.key")));
            options.ActiveKeyId ??= "local-1";
        }
    }

    /// <summary>The embedded default: SQLite in the data folder, where generated key material may live beside the database.</summary>
    private static bool UsesDataFolder(IConfiguration configuration, DatabaseOptions database) =>
        database.Provider == DatabaseProvider.Sqlite && configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) is null or "";

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (existing.Length >= MinimumKeyBytes)
            {
                return existing;
            }
        }

        var key = RandomNumberGenerator.GetBytes(MinimumKeyBytes);
        File.WriteAllText(path, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
