using System.Net;
using System.Net.Sockets;

namespace RecoveryPlatform.Modules.Webhooks.Targets;

/// <summary>
/// Which IP addresses a webhook may be delivered to: public unicast only. Everything that reaches the platform's own
/// network, the host itself or a cloud metadata service is refused, in IPv4 and IPv6 and in the IPv6 forms that
/// carry an IPv4 address inside (mapped, compatible, NAT64, 6to4), so no spelling slips a private address through.
/// </summary>
internal static class AddressRules
{
    private static readonly (IPNetwork Network, string Name)[] RefusedV4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared carrier-grade NAT address (RFC 6598)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (cloud metadata lives here)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.88.99.0/24"), "a 6to4 relay address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
    ];

    private static readonly (IPNetwork Network, string Name)[] RefusedV6 =
    [
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("100::/64"), "a discard-only address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("2001::/32"), "a Teredo tunnel address"),
        (IPNetwork.Parse("fc00::/7"), "a unique local address (IPv6 private)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");

    /// <summary>Why <paramref name="address"/> may not receive webhooks, or null when it is a public address.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return RefusedV4.FirstOrDefault(r => r.Network.Contains(address)).Name;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        // An IPv4 address dressed as IPv6 is judged as the IPv4 address it reaches.
        if (address.IsIPv4MappedToIPv6)
        {
            return Refusal(address.MapToIPv4());
        }

        if (RefusedV6.FirstOrDefault(r => r.Network.Contains(address)).Name is { } refused)
        {
            return refused;
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || Compatible.Contains(address))
        {
            return Refusal(new IPAddress(bytes.AsSpan(12, 4)));
        }

        return SixToFour.Contains(address) ? Refusal(new IPAddress(bytes.AsSpan(2, 4))) : null;
    }

    /// <summary>True for 127.0.0.0/8 and ::1 (and their IPv6-mapped forms): what the test-only allowance lets through.</summary>
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
