using System.Net;
using System.Net.Sockets;

namespace RecoveryPlatform.Modules.Webhooks.Targets;

/// <summary>
/// The only way webhook deliveries open connections: the host is resolved here, every address is checked, and the
/// address actually connected to is checked again, so a name that resolved to a public address at subscription and
/// to a private one now (DNS rebinding) is refused at the socket, not trusted from an earlier look-up.
/// </summary>
internal static class GuardedConnections
{
    public static SocketsHttpHandler Handler(WebhookTargets targets) => new()
    {
        // A redirect could point anywhere, the platform's own network included: a 3xx is reported as a failure.
        AllowAutoRedirect = false,

        // A proxy would make the connection for us, to an address this callback never sees.
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(targets, context.DnsEndPoint, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(WebhookTargets targets, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new RefusedTargetException("the host does not resolve");
        }

        if (addresses.Select(targets.Refusal).FirstOrDefault(r => r is not null) is { } refused)
        {
            throw new RefusedTargetException($"the host resolves to {refused}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            if (socket.RemoteEndPoint is not IPEndPoint remote || targets.Refusal(remote.Address) is not null)
            {
                throw new RefusedTargetException("the connection reached a non-public address");
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
