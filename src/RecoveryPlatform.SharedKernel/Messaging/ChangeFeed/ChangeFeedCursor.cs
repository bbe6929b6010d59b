using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Hashing;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// A position in the public change feed: how far it has been read in each directory module's change log
/// (its outbox sequence). Everything after it in every log is still to come, everything up to it has been
/// listed, so resuming from a cursor can neither skip nor repeat an entry (ADR 0013). On the wire it is
/// opaque: base64url of a format version, the positions, and a checksum that turns a damaged or edited
/// cursor into a 400 rather than a silent jump.
/// </summary>
public sealed record ChangeFeedCursor
{
    /// <summary>
    /// The modules whose change logs make the feed, in the order that breaks ties between entries of the
    /// same instant. Their schema names; the order is part of the cursor format and never changes (a new
    /// module is appended, with a new format version). Referrals are not directory data and never appear.
    /// </summary>
    public static readonly IReadOnlyList<string> Modules = ["organisations", "venues", "groups", "meetings"];

    private const byte FormatVersion = 1;
    private const int ChecksumLength = 4;
    private static readonly int EncodedLength = 1 + (8 * Modules.Count) + ChecksumLength;

    private readonly long[] _positions;

    private ChangeFeedCursor(long[] positions) => _positions = positions;

    /// <summary>Before the first entry of every log.</summary>
    public static ChangeFeedCursor Start { get; } = new(new long[Modules.Count]);

    /// <summary>The cursor at these positions, one for each of <see cref="Modules"/>, in that order.</summary>
    internal static ChangeFeedCursor Of(IEnumerable<long> positions)
    {
        var array = positions.ToArray();
        return array.Length == Modules.Count ? new ChangeFeedCursor(array) : throw new ArgumentException($"A position for each of the {Modules.Count} modules.", nameof(positions));
    }

    /// <summary>The last sequence listed of each module's log, in <see cref="Modules"/> order.</summary>
    public IReadOnlyList<long> Positions => _positions;

    public long PositionOf(int module) => _positions[module];

    /// <summary>This cursor moved past entry <paramref name="sequence"/> of <paramref name="module"/>.</summary>
    public ChangeFeedCursor After(int module, long sequence)
    {
        var positions = (long[])_positions.Clone();
        positions[module] = sequence;
        return new ChangeFeedCursor(positions);
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[EncodedLength];
        bytes[0] = FormatVersion;
        for (var i = 0; i < _positions.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.Slice(1 + (8 * i), 8), _positions[i]);
        }

        WriteChecksum(bytes[..^ChecksumLength], bytes[^ChecksumLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a cursor this API wrote; false for anything else (malformed, another format, edited).</summary>
    public static bool TryParse(string? text, out ChangeFeedCursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrEmpty(text) || text.Length > 2 * EncodedLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[EncodedLength + 3];
        if (Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length || written != EncodedLength || bytes[0] != FormatVersion)
        {
            return false;
        }

        bytes = bytes[..EncodedLength];
        Span<byte> expected = stackalloc byte[ChecksumLength];
        WriteChecksum(bytes[..^ChecksumLength], expected);
        if (!expected.SequenceEqual(bytes[^ChecksumLength..]))
        {
            return false;
        }

        var positions = new long[Modules.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(1 + (8 * i), 8));
            if (positions[i] < 0)
            {
                return false;
            }
        }

        cursor = new ChangeFeedCursor(positions);
        return true;
    }

    public static bool IsValid(string? text) => TryParse(text, out _);

    // A checksum, not a signature: a cursor only says how far a public log has been read, so a forged one can
    // reach nothing a client could not read anyway. It catches damage and hand edits; positions past the end
    // of a log are refused separately, when the log is read.
    private static void WriteChecksum(ReadOnlySpan<byte> content, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[8];
        XxHash64.Hash(content, hash, seed: 0x436861_6E6765);
        hash[..ChecksumLength].CopyTo(destination);
    }

    public bool Equals(ChangeFeedCursor? other) => other is not null && _positions.AsSpan().SequenceEqual(other._positions);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var position in _positions)
        {
            hash.Add(position);
        }

        return hash.ToHashCode();
    }
}
