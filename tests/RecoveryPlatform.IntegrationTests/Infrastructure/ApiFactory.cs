using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The API in-process, on a database of its own. Subclasses choose the provider; every test class
/// that takes an <see cref="ApiFactory"/> runs against each provider (see SqlServerSuite.cs).
/// </summary>
public abstract class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The platform-admin key registered at start-up through RecoveryPlatform:BootstrapAdminKey.</summary>
    public const string PlatformAdminKey = "test-bootstrap-platform-admin-key-0123456789";

    public static readonly string ApiKeyHashingKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>Set when the provider cannot run here; each test then skips with this reason.</summary>
    public string? SkipReason { get; protected set; }

    public TestClock Clock { get; } = new();

    /// <summary>Settings a subclass adds or overrides (database, limits).</summary>
    protected Dictionary<string, string?> Settings { get; } = new()
    {
        ["RecoveryPlatform:BootstrapAdminKey"] = PlatformAdminKey,
        ["RecoveryPlatform:ApiKeyHashingKey"] = ApiKeyHashingKey,
        ["RecoveryPlatform:SeedDemoData"] = "false",
        ["Authentication:Bearer:SigningKey"] = TestTokens.SigningKeyBase64,
        ["Authentication:Bearer:Audience"] = TestTokens.Audience,
        ["Authentication:Bearer:Issuer"] = TestTokens.Issuer,
        ["RateLimits:AnonymousPerMinute"] = "100000",
        ["RateLimits:DefaultPerMinute"] = "100000",
        ["RateLimits:PerMinuteByRole:reader"] = "100000",
        ["RateLimits:PerMinuteByRole:platform-admin"] = "100000",
        ["RateLimits:FailedCredentialsPerMinute"] = "100000",
        ["RecoveryPlatform:Referrals:Keys:test-1"] = ReferralKey(1),
        ["RecoveryPlatform:Referrals:ActiveKeyId"] = "test-1",
        ["RecoveryPlatform:Referrals:SubmissionsPerMinute"] = "100000",
        ["RecoveryPlatform:Webhooks:Keys:test-1"] = ReferralKey(7),
        ["RecoveryPlatform:Webhooks:ActiveKeyId"] = "test-1",

        // Webhook retries and the auto-disable come within a test's patience.
        ["RecoveryPlatform:Webhooks:PollInterval"] = "00:00:00.250",
        ["RecoveryPlatform:Webhooks:AttemptTimeout"] = "00:00:02",
        ["RecoveryPlatform:Webhooks:FirstRetryDelay"] = "00:00:00.300",
        ["RecoveryPlatform:Webhooks:MaxRetryDelay"] = "00:00:00.600",
        ["RecoveryPlatform:Webhooks:DisableAfterConsecutiveFailures"] = "4",

        // The tests run retention rounds themselves (PersonalDataRetention.EraseDueAsync).
        ["RecoveryPlatform:Referrals:RetentionInterval"] = "1.00:00:00",
    };

    /// <summary>A referral data-encryption key for tests: 32 bytes, base64, different for each <paramref name="seed"/>.</summary>
    public static string ReferralKey(int seed) => Convert.ToBase64String([.. Enumerable.Range(seed, 32).Select(i => (byte)i)]);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);

            // Webhooks may go to a receiver the test runs on 127.0.0.1 (honoured only in the Testing environment, ADR 0015).
            services.AddSingleton<Modules.Webhooks.Targets.LoopbackReceiversForTests>();
        });
    }

    /// <summary>A client that sends no credential.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>A client that sends the given API key.</summary>
    public HttpClient WithKey(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public HttpClient PlatformAdmin() => WithKey(PlatformAdminKey);

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>A SQLite data folder of a test's own under the temp folder, removed when the test is done.</summary>
public sealed class TemporaryDataFolder(string purpose = "recoveryplatform-tests") : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), purpose, Guid.NewGuid().ToString("N"));

    public string DatabaseFile => System.IO.Path.Combine(Path, "recoveryplatform.db");

    public void Dispose()
    {
        // Pooled connections keep the file open.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}

/// <summary>The API on the embedded default, a SQLite file in a data folder of its own. Subclasses add settings and services.</summary>
public abstract class DataFolderApiFactory : ApiFactory
{
    private readonly TemporaryDataFolder _folder = new();

    protected DataFolderApiFactory() => Settings["RecoveryPlatform:DataDirectory"] = _folder.Path;

    public string DataDirectory => _folder.Path;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The embedded default, as it ships.</summary>
public sealed class SqliteApiFactory : DataFolderApiFactory;
