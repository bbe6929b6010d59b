using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Referrals.Startup;

/// <summary>On the demo directory, AA Great Britain accepts referrals nationwide, so the README's referral example works.</summary>
internal sealed class DemoReferralSettingsTask(IOptions<DemoDataOptions> options, TimeProvider clock) : IModuleStartupTask
{
    public int Order => 50;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<ReferralsDbContext>();
        if (!options.Value.Enabled || await db.Settings.AnyAsync(cancellationToken))
        {
            return;
        }

        var sender = scopedServices.GetRequiredService<ISender>();
        if (await sender.Send(new GetOrganisationSummaryBySlugQuery("aa-great-britain"), cancellationToken) is not { } fellowship)
        {
            return;
        }

        var settings = ReferralSettings.For(fellowship.Id);
        settings.Update(acceptsReferrals: true, nationwide: true, [], "bridging-the-gap@example.org", clock.GetUtcNow());
        db.Settings.Add(settings);
        await db.SaveChangesAsync(cancellationToken);
    }
}
