using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Referrals.Features;
using RecoveryPlatform.Modules.Referrals.Features.Destinations;
using RecoveryPlatform.Modules.Referrals.Features.Fhir;
using RecoveryPlatform.Modules.Referrals.Features.GetReferral;
using RecoveryPlatform.Modules.Referrals.Features.ListReferrals;
using RecoveryPlatform.Modules.Referrals.Features.PersonalData;
using RecoveryPlatform.Modules.Referrals.Features.Settings;
using RecoveryPlatform.Modules.Referrals.Features.Statistics;
using RecoveryPlatform.Modules.Referrals.Features.SubmitReferral;
using RecoveryPlatform.Modules.Referrals.Features.TransitionReferral;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.Modules.Referrals.Protection;
using RecoveryPlatform.Modules.Referrals.Retention;
using RecoveryPlatform.Modules.Referrals.Startup;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.Modules.Referrals;

/// <summary>
/// The Referrals module: treatment services refer people to fellowships with consent, both follow the
/// referral to its outcome, and the person's data is sealed, logged on every read, and erased on time.
/// </summary>
public static class ReferralsModule
{
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets <see cref="ReferralsOptions"/> (keys, retention); the host binds them from configuration.</param>
    public static IServiceCollection AddReferralsModule(this IServiceCollection services, Action<ReferralsOptions> configure)
    {
        services.AddModuleDbContext<ReferralsDbContext, ReferralsSqliteDbContext, ReferralsSqlServerDbContext>(ReferralsDbContext.SchemaName);
        services.AddOptions<ReferralsOptions>().Configure(configure)
            .Validate(o => o.RetentionDays is >= 1 and <= 3650, $"{ReferralsOptions.SectionName}:RetentionDays must be 1 to 3650.")
            .Validate(o => o.RetentionInterval >= TimeSpan.FromSeconds(1), $"{ReferralsOptions.SectionName}:RetentionInterval must be at least a second.")
            .Validate(o => o.ActiveKeyId is { } active && o.Keys.ContainsKey(active), $"{ReferralsOptions.SectionName}: configure Keys (id: 32 random bytes, base64) and an ActiveKeyId among them; referrals cannot be stored without.")
            .Validate(o => o.Keys.All(k => PersonalDataProtector.IsKeyId(k.Key) && PersonalDataProtector.IsUsableKey(k.Value)), $"{ReferralsOptions.SectionName}:Keys: each id is 1 to 32 letters, digits, '-' or '_', and each key 32 random bytes in base64.")
            .ValidateOnStart();

        // Built at start, so a missing or malformed key stops the host there rather than at the first referral.
        services.AddSingleton<PersonalDataProtector>();
        services.AddScoped<ReferralAccess>();
        services.AddSingleton<PersonalDataRetention>();
        services.AddSingleton<IMetricsSampler, ReferralMetrics>();
        services.AddHostedService(provider => provider.GetRequiredService<PersonalDataRetention>());
        services.AddSingleton<IModuleStartupTask, DemoReferralSettingsTask>();
        return services;
    }

    public static IEndpointRouteBuilder MapReferralsEndpoints(this IEndpointRouteBuilder api)
    {
        var referrals = api.MapGroup("/referrals").WithTags("Referrals");
        SubmitReferralEndpoint.Map(referrals);
        ListReferralsEndpoint.Map(referrals);
        ReferralStatisticsEndpoint.Map(referrals);
        GetReferralEndpoints.Map(referrals);
        TransitionReferralEndpoint.Map(referrals);
        PersonalDataEndpoints.Map(referrals);
        ReferralFhirEndpoint.Map(referrals);
        ReferralSettingsEndpoints.Map(api);
        ReferralDestinationsEndpoint.Map(api);
        return api;
    }
}
