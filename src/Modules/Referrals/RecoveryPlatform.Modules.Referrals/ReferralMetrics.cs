using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.Modules.Referrals;

/// <summary>
/// Referrals by status across the platform, sampled from the database (counts only: nothing about a referral or a
/// person), so an operator sees referrals waiting to be accepted pile up or a fellowship stop answering.
/// </summary>
internal sealed class ReferralMetrics : IMetricsSampler
{
    public const string MeterName = $"{PlatformTelemetry.NamePrefix}.Referrals";

    private volatile IReadOnlyDictionary<ReferralStatus, int> _byStatus = new Dictionary<ReferralStatus, int>();

    public ReferralMetrics(IMeterFactory meters) =>
        meters.Create(MeterName).CreateObservableGauge(
            "recoveryplatform.referrals", ByStatus, "{referral}", "Referrals held, by status (every status reported, 0 included).");

    public async Task SampleAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var counts = await scopedServices.GetRequiredService<ReferralsDbContext>().Referrals.AsNoTracking()
            .GroupBy(referral => referral.Status)
            .Select(group => new { Status = group.Key, Count = group.Count() })
            .ToDictionaryAsync(row => row.Status, row => row.Count, cancellationToken);
        _byStatus = Enum.GetValues<ReferralStatus>().ToDictionary(status => status, status => counts.GetValueOrDefault(status));
    }

    private IEnumerable<Measurement<int>> ByStatus() =>
        _byStatus.Select(pair => new Measurement<int>(pair.Value, new KeyValuePair<string, object?>("status", WireNames.Of(pair.Key))));
}
