using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace RecoveryPlatform.Modules.Webhooks.Targets;

/// <summary>
/// The test suite's permission to deliver to a receiver on this machine (<c>http://127.0.0.1:port</c>). It is a
/// service, not a setting: only code that builds the host can add it (the integration tests' factory does), and it
/// is honoured only when the host environment is <c>Testing</c>, so no configuration file, variable or argument
/// can turn it on in production (ADR 0015).
/// </summary>
internal sealed class LoopbackReceiversForTests;

/// <summary>The rules a webhook URL must meet, at subscription and again, by address, at every delivery (ADR 0015).</summary>
internal sealed class WebhookTargets(IHostEnvironment environment, IEnumerable<LoopbackReceiversForTests> allowance)
{
    public const string HttpsOnly = "Must be an https URL.";
    public const string AbsoluteOnly = "Must be an absolute URL.";
    public const string TooLong = "At most 2000 characters.";
    public const string NoCredentials = "Must not carry a user name or password.";
    public const string DoesNotResolve = "The host does not resolve to an address.";

    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>True only in a test host that asked for it.</summary>
    public bool AllowsLoopback { get; } = environment.IsEnvironment("Testing") && allowance.Any();

    /// <summary>What is wrong with the URL's form (checked before anything is looked up), or null.</summary>
    public string? FormRefusal(string url) =>
        !IsWithinLength(url) ? TooLong
        : !IsAbsolute(url) ? AbsoluteOnly
        : !IsHttps(url) ? HttpsOnly
        : !HasNoCredentials(url) ? NoCredentials
        : null;

    public static bool IsWithinLength(string url) => url.Length <= Domain.WebhookSubscription.UrlMaxLength;

    public static bool IsAbsolute(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) && !uri.IsFile && !uri.IsUnc;

    /// <summary>https; or, where the test-only allowance holds, plain http to a loopback address (a local receiver has no certificate).</summary>
    public bool IsHttps(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (AllowsLoopback && uri.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(uri.DnsSafeHost, out var address) && AddressRules.IsLoopback(address)));

    public static bool HasNoCredentials(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0;

    /// <summary>Why the URL's host may not receive webhooks (it resolves to a non-public address, or to nothing), or null.</summary>
    public async Task<string?> AddressRefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.DnsSafeHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ResolveTimeout);
                addresses = await Dns.GetHostAddressesAsync(url.DnsSafeHost, timeout.Token);
            }
            catch (Exception exception) when (exception is SocketException or ArgumentException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return DoesNotResolve;
            }
        }

        if (addresses.Length == 0)
        {
            return DoesNotResolve;
        }

        // Every address the name has must be public: a receiver's DNS could otherwise hand out a private one next time.
        return addresses.Select(Refusal).FirstOrDefault(refusal => refusal is not null) is { } refused
            ? $"Must resolve only to public addresses; the host resolves to {refused}."
            : null;
    }

    /// <summary>Why <paramref name="address"/> may not be connected to, or null.</summary>
    public string? Refusal(IPAddress address) =>
        AllowsLoopback && AddressRules.IsLoopback(address) ? null : AddressRules.Refusal(address);
}

/// <summary>A delivery's connection was refused because of where it would have gone.</summary>
internal sealed class RefusedTargetException(string reason) : Exception(reason);
