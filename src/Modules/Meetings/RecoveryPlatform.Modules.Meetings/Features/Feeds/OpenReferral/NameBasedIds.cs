using System.Security.Cryptography;
using System.Text;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5): the same namespace and name always give the same id, on every instance
/// and after every restart. Open Referral wants a UUID for records the directory keeps no row for (a meeting's
/// schedule, its place at a location, a virtual location, a taxonomy term).
/// </summary>
internal static class NameBasedIds
{
    public static Guid Of(Guid @namespace, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..length], hash);

        // SHA-1 is what version 5 is defined with; the id only has to be stable and unique, not secret.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
