using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Referrals.Persistence;

namespace RecoveryPlatform.Modules.Referrals.Retention;

/// <summary>
/// Erases the personal data of referrals that reached a final status more than
/// <see cref="ReferralsOptions.RetentionDays"/> days ago, in batches, every
/// <see cref="ReferralsOptions.RetentionInterval"/>. Safe on several instances at once: erasing twice
/// erases nothing more, and a referral changed meanwhile fails its version check and waits for the next round.
/// </summary>
internal sealed partial class PersonalDataRetention(IServiceScopeFactory scopes, IOptions<ReferralsOptions> options, TimeProvider clock, ILogger<PersonalDataRetention> logger)
    : BackgroundService
{
    private const int BatchSize = 200;

    /// <summary>One round: erases every referral due, and says how many.</summary>
    public async Task<int> EraseDueAsync(CancellationToken cancellationToken)
    {
        var erased = 0;
        while (true)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ReferralsDbContext>();
            var now = clock.GetUtcNow();
            var due = now.AddDays(-options.Value.RetentionDays);
            var batch = await db.Referrals.Include(r => r.History)
                .Where(r => r.ClosedAt != null && r.ClosedAt <= due && r.PersonalDataErasedAt == null)
                .OrderBy(r => r.ClosedAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return erased;
            }

            foreach (var referral in batch)
            {
                referral.ErasePersonalData(referral.History, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            erased += batch.Count;
            LogErased(batch.Count, options.Value.RetentionDays);
            if (batch.Count < BatchSize)
            {
                return erased;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first round waits an interval: at start the databases are still being migrated.
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EraseDueAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // One failed round (the database down, another instance's change in the way) must not stop
                // the job, nor the host: the next round tries again. The type only: messages can hold data.
                LogRoundFailed(exception.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased the personal data of {Count} referrals closed more than {Days} days ago.")]
    private partial void LogErased(int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A retention round failed ({Exception}); the next round tries again.")]
    private partial void LogRoundFailed(string exception);
}
