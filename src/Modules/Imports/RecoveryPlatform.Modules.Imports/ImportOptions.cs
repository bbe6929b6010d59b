namespace RecoveryPlatform.Modules.Imports;

/// <summary>Bound from the <c>Imports</c> configuration section.</summary>
internal sealed class ImportOptions
{
    public const string SectionName = "Imports";

    /// <summary>The largest file an import takes (10 MB): a larger one is refused with 413.</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// How long a runner holds a job (5 minutes). It cancels its own run before then; after it, an instance that
    /// finds the job still running knows its runner stopped, and runs it again. On SQLite the whole import is one
    /// write transaction, so this also bounds how long an import can keep other writers waiting.
    /// </summary>
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each instance looks for queued imports submitted to another instance (2 seconds).</summary>
    public TimeSpan PollEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether this instance runs imports (true). Any instance takes submissions; one that should only serve
    /// requests (or a test that needs a job to stay queued) sets this to false, and the others run its jobs.
    /// </summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>
    /// How many meetings an import reads, plans and writes at a time (500): what it holds of a file as meetings at
    /// once. The import is still one transaction; this bounds its memory, not what it writes. Smaller slices take no
    /// longer (100,000 meetings: 500, 1,000 and 2,000 within the noise) and less of each survives into the GC's older
    /// generations; see docs/performance.md.
    /// </summary>
    public int MeetingsPerSlice { get; set; } = 500;

    /// <summary>A job started this many times without finishing (3) is given up: something in it stops the instance.</summary>
    public int MaxAttempts { get; set; } = 3;
}
