using System.Buffers;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>
/// A write-only stream that keeps what is written in blocks of 64 KiB, read back as one sequence. A built feed is kept
/// this way rather than in one array: a whole directory's compressed feed is over 10 MB, and arrays that large go to the
/// large-object heap, which the GC does not compact by default. Rebuilt after every edit, such arrays left the heap
/// fragmented and the process's memory climbing under a stream of edits (docs/performance.md); blocks are ordinary
/// objects, compacted like any other.
/// </summary>
internal sealed class BlockBuffer : Stream
{
    // Under the 85,000 bytes from which an array goes to the large-object heap.
    public const int BlockSize = 64 * 1024;

    private readonly List<byte[]> _blocks = [];
    private int _usedOfLast = BlockSize;
    private long _length;

    /// <summary>Everything written so far, as one sequence over the blocks (which later writes do not change).</summary>
    public ReadOnlySequence<byte> ToSequence()
    {
        if (_blocks.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(_blocks[0].AsMemory(0, _blocks.Count == 1 ? _usedOfLast : BlockSize), 0);
        var last = first;
        for (var i = 1; i < _blocks.Count; i++)
        {
            last = last.Append(_blocks[i].AsMemory(0, i == _blocks.Count - 1 ? _usedOfLast : BlockSize));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_usedOfLast == BlockSize)
            {
                _blocks.Add(new byte[BlockSize]);
                _usedOfLast = 0;
            }

            var copied = Math.Min(buffer.Length, BlockSize - _usedOfLast);
            buffer[..copied].CopyTo(_blocks[^1].AsSpan(_usedOfLast));
            _usedOfLast += copied;
            _length += copied;
            buffer = buffer[copied..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
