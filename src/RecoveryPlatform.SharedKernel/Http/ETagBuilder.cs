using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using RecoveryPlatform.SharedKernel.Paging;

namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// A strong entity tag computed from what a response is made of (the versions of its items, the total,
/// the page, how the caller sees them), not from its rendered body: a conditional GET can be answered 304
/// before anything is serialised. Everything the body depends on must be added, or a changed body would
/// keep its tag.
/// </summary>
/// <remarks>XxHash128: not a cryptographic hash, but its inputs are the API's own data, and a tag only has
/// to tell this resource's representations apart.</remarks>
public sealed class ETagBuilder
{
    private readonly XxHash128 _hash = new();

    public ETagBuilder Add(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        _hash.Append(bytes);
        return this;
    }

    public ETagBuilder Add(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _hash.Append(bytes);
        return this;
    }

    public ETagBuilder Add(int value) => Add((long)value);

    public ETagBuilder Add(bool value) => Add(value ? 1L : 0L);

    public ETagBuilder Add(Guid? value) => value is { } present ? Add(true).Add(present) : Add(false);

    /// <summary>An instant, to the tick, with its offset (the body shows both).</summary>
    public ETagBuilder Add(DateTimeOffset value) => Add(value.UtcTicks).Add(value.Offset.Ticks);

    public ETagBuilder Add(DateTimeOffset? value) => value is { } present ? Add(true).Add(present) : Add(false);

    /// <summary>A string, its length first so that ("ab", "c") and ("a", "bc") differ; null differs from empty.</summary>
    public ETagBuilder Add(string? value)
    {
        if (value is null)
        {
            return Add(-1L);
        }

        Add(value.Length);
        _hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
        return this;
    }

    /// <summary>The page's own fields (page, size, total); the items are the caller's to add.</summary>
    public ETagBuilder AddPage<T>(PagedList<T> page) => Add(page.Page).Add(page.PageSize).Add(page.TotalItems).Add(page.Items.Count);

    /// <summary>The quoted tag: 32 lower-case hex digits.</summary>
    public string Build()
    {
        Span<byte> digest = stackalloc byte[16];
        _hash.GetCurrentHash(digest);
        return $"\"{Convert.ToHexStringLower(digest)}\"";
    }
}
