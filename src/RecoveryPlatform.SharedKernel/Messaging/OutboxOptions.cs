namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>How committed events are delivered. Bound from the <c>Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How often each instance looks for changes committed by other instances (its own are signalled at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a dispatcher's claim on a module's outbox lasts without renewal; a crashed holder is replaced after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delivery attempts before an event is abandoned (logged as an error, left in the outbox for an operator).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The longest wait between two attempts; waits double from one second up to it.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether this instance dispatches events to handlers at all (every instance still follows the change log).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>
    /// How long a write waits, after its commit, for this instance's read models (search, caches) to show it,
    /// so a client reads its own write from the instance that took it. The write succeeds either way.
    /// </summary>
    public TimeSpan ReadYourWritesTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events read from one module's outbox at a time by its dispatcher.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Events each instance's read models (search index, caches) take from one module's change log at a time. Large,
    /// so an instance that is far behind (after an import of 100,000 meetings) catches up in one batch — one reload and
    /// one compaction of the search index — instead of hundreds; a normal batch is a handful of rows whatever this is.
    /// </summary>
    public int FollowBatchSize { get; set; } = 100_000;

    /// <summary>
    /// How old this instance's read models (search index, caches) may be, counted from the last time it read every
    /// module's change log to the end, before readiness fails: past it, the instance is answering from data it cannot
    /// confirm is current (the database is away, or the follower is stuck).
    /// </summary>
    public TimeSpan SnapshotAgeBound { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the outbox dispatcher may go without finishing a round before readiness calls it stalled.</summary>
    public TimeSpan DispatcherStallBound { get; set; } = TimeSpan.FromMinutes(2);
}
