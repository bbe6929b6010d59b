using System.Runtime;

namespace RecoveryPlatform.SharedKernel.Modules;

public static class StartupHeap
{
    /// <summary>
    /// Hands back to the operating system what a start-up step left as garbage in a heap grown to hold it: one blocking,
    /// compacting collection of every generation, the large-object heap included (ADR 0005). Only before the instance
    /// takes traffic: a blocking process-wide collection has no place on the path of a request.
    /// </summary>
    /// <remarks>
    /// Not at once: the caller resumes inline, inside the frames of its work's last continuation (which hold what it
    /// read), and a collection made before that thread has unwound keeps all of it: at 1,000,000 meetings 1.29 GB
    /// survived a collection made straight away after the index's load, 0.72 GB one made 50 ms later.
    /// </remarks>
    public static async Task CompactAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
