using System.Buffers;
using RecoveryPlatform.Modules.Meetings.Features.Feeds;

namespace RecoveryPlatform.UnitTests.Meetings.Feeds;

public sealed class BlockBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(BlockBuffer.BlockSize)]
    [InlineData(BlockBuffer.BlockSize + 1)]
    [InlineData((3 * BlockBuffer.BlockSize) + 12_345)]
    public async Task What_is_written_in_pieces_of_any_size_reads_back_the_same_in_order(int length)
    {
        var written = new byte[length];
        new Random(length).NextBytes(written);
        var buffer = new BlockBuffer();

        // Writes of awkward sizes, across block edges, through both ways of writing.
        var offset = 0;
        var sizes = new[] { 1, 7, 65_535, 3, 100_000, 4_096 };
        for (var i = 0; offset < length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], length - offset);
            if (i % 2 == 0)
            {
                buffer.Write(written, offset, size);
            }
            else
            {
                await buffer.WriteAsync(written.AsMemory(offset, size), TestContext.Current.CancellationToken);
            }

            offset += size;
        }

        var sequence = buffer.ToSequence();
        buffer.Length.ShouldBe(length);
        sequence.Length.ShouldBe(length);
        sequence.ToArray().ShouldBe(written);
    }

    [Fact]
    public void No_block_is_large_enough_for_the_large_object_heap()
    {
        var buffer = new BlockBuffer();
        buffer.Write(new byte[(5 * BlockBuffer.BlockSize) + 1]);

        var blocks = 0;
        foreach (var block in buffer.ToSequence())
        {
            block.Length.ShouldBeLessThanOrEqualTo(BlockBuffer.BlockSize);
            blocks++;
        }

        blocks.ShouldBe(6);
        BlockBuffer.BlockSize.ShouldBeLessThan(85_000, "arrays from 85,000 bytes go to the large-object heap");
    }

    [Fact]
    public void A_sequence_taken_earlier_is_not_changed_by_later_writes()
    {
        var buffer = new BlockBuffer();
        buffer.Write([1, 2, 3]);
        var earlier = buffer.ToSequence();

        buffer.Write([4, 5]);

        earlier.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
        buffer.ToSequence().ToArray().ShouldBe(new byte[] { 1, 2, 3, 4, 5 });
    }
}
