using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.Modules.Organisations.Features.ApiKeys;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Startup;

/// <summary>Registers <c>RecoveryPlatform:BootstrapAdminKey</c> as a platform-admin key when no platform-admin key exists yet.</summary>
internal sealed partial class BootstrapAdminKeyTask(IConfiguration configuration, ILogger<BootstrapAdminKeyTask> logger) : IModuleStartupTask
{
    public int Order => 0;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        if (configuration["RecoveryPlatform:BootstrapAdminKey"] is not { Length: > 0 } bootstrapKey)
        {
            return;
        }

        var db = scopedServices.GetRequiredService<OrganisationsDbContext>();
        if (await db.ApiKeys.AnyAsync(k => k.Role == Role.PlatformAdmin && k.OrganisationId == null && k.RevokedAt == null, cancellationToken))
        {
            return;
        }

        await scopedServices.GetRequiredService<ISender>().Send(new IssuePlatformKeyCommand("Bootstrap administrator", bootstrapKey), cancellationToken);
        LogRegistered();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registered the bootstrap platform-admin key from configuration. Issue named keys and revoke it when set up.")]
    private partial void LogRegistered();
}

/// <summary>
/// Seeds the demo organisations into an empty database, and in Development writes demo API keys
/// (one per useful role) to a file whose path is logged — never the keys themselves.
/// </summary>
internal sealed partial class DemoOrganisationsTask(IOptions<DemoDataOptions> options, TimeProvider clock, ILogger<DemoOrganisationsTask> logger) : IModuleStartupTask
{
    public int Order => 10;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<OrganisationsDbContext>();
        if (!options.Value.Enabled || await db.Organisations.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var demo in DemoOrganisations.All)
        {
            db.Organisations.Add(Organisation.Create(demo.Slug, demo.Name, demo.Kind, new OrganisationDetails(demo.Website, demo.Email, demo.Description), now));
        }

        await db.SaveChangesAsync(cancellationToken);

        if (options.Value.KeysFilePath is { } keysFile)
        {
            await WriteDemoKeysAsync(scopedServices, keysFile, cancellationToken);
        }
    }

    private async Task WriteDemoKeysAsync(IServiceProvider services, string keysFile, CancellationToken cancellationToken)
    {
        var sender = services.GetRequiredService<ISender>();
        var lines = new List<string> { "# Demo API keys (Development only). Send one as the X-Api-Key header.", string.Empty };
        var platform = await sender.Send(new IssuePlatformKeyCommand("Demo platform admin", null), cancellationToken);
        lines.Add($"platform-admin                     {platform!.Key}");
        foreach (var (slug, role) in DemoOrganisations.DemoKeys)
        {
            var created = await sender.Send(new CreateApiKeyCommand(slug, new CreateApiKeyRequest($"Demo {role.ToString().ToLowerInvariant()}", role, ExpiresAt: null)), cancellationToken);
            lines.Add($"{slug,-22} {SharedKernel.Http.WireNames.Of(role),-20} {created.Key}");
        }

        await File.WriteAllLinesAsync(keysFile, lines, cancellationToken);
        LogDemoKeys(keysFile);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeded the demo directory. Demo API keys are in {KeysFile}")]
    private partial void LogDemoKeys(string keysFile);
}

internal static class DemoOrganisations
{
    public sealed record Demo(string Slug, string Name, OrganisationKind Kind, string Website, string Email, string Description);

    public static readonly Demo[] All =
    [
        new("aa-great-britain", "Alcoholics Anonymous Great Britain", OrganisationKind.Fellowship, "https://www.alcoholics-anonymous.org.uk", "help@example.org", "A fellowship of people who share their experience to recover from alcoholism."),
        new("na-uk", "Narcotics Anonymous UK", OrganisationKind.Fellowship, "https://ukna.org", "info@example.org", "A fellowship of recovering addicts who meet regularly to help each other stay clean."),
        new("smart-recovery-uk", "SMART Recovery UK", OrganisationKind.Fellowship, "https://smartrecovery.org.uk", "info@example.com", "Self-management and recovery training: science-based mutual aid meetings."),
        new("leeds-recovery-service", "Leeds Community Recovery Service (demo)", OrganisationKind.TreatmentService, "https://example.nhs.uk", "referrals@example.nhs.uk", "A community drug and alcohol service that refers people to mutual aid."),
    ];

    public static readonly (string Slug, Role Role)[] DemoKeys =
    [
        ("aa-great-britain", Role.OrgAdmin),
        ("aa-great-britain", Role.Editor),
        ("aa-great-britain", Role.ReferralCoordinator),
        ("na-uk", Role.Editor),
        ("smart-recovery-uk", Role.Editor),
        ("smart-recovery-uk", Role.Reader),
        ("leeds-recovery-service", Role.Referrer),
    ];
}
