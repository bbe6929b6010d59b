using Microsoft.AspNetCore.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

/// <summary>
/// Keeps Open Referral answers in the output cache under their version tag (<see cref="OpenReferralEndpoints"/>: the
/// URL, this instance's index generation and organisations' details version): an unchanged directory answers a
/// repeated request from the store.
/// </summary>
internal sealed class OpenReferralCache : VersionKeyedOutputCache
{
    public static readonly OpenReferralCache Instance = new();

    protected override TimeSpan KeptFor => TimeSpan.FromMinutes(10);

    protected override async ValueTask<string?> VersionAsync(HttpContext http, CancellationToken cancellationToken) =>
        OpenReferralEndpoints.ListOf(http) is { } list ? "openreferral " + (await OpenReferralEndpoints.VersionOfAsync(http, list, cancellationToken)).Tag : null;
}
