using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// Connects a committed write to the background work that delivers it: a commit wakes this process's
/// dispatcher and change-log follower at once (instead of at their next poll), and waits until the
/// follower has applied the commit to this process's read models and, where this process dispatches the
/// module's outbox, until the dispatcher has delivered it (or tried to), so a client reads its own write
/// and its effects in other modules from the instance that took it.
/// </summary>
public sealed partial class ChangeLogProgress(IOptions<OutboxOptions> options, ILogger<ChangeLogProgress> logger)
{
    private readonly ConcurrentDictionary<string, long> _applied = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _dispatchReached = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _dispatching = new(StringComparer.Ordinal);
    private readonly WakeUp _dispatcherWakeUp = new();
    private readonly WakeUp _followerWakeUp = new();
    private readonly ConcurrentDictionary<string, byte> _committedModules = new(StringComparer.Ordinal);
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _following;

    // Environment.TickCount64 values (monotonic, unlike a TimeProvider a test may move): 0 until the first time.
    private long _followerReadAllAt;
    private long _dispatcherRoundEndedAt;
    private volatile bool _dispatcherRunning;

    /// <summary>
    /// Called by a unit of work after it committed events up to <paramref name="sequence"/> in <paramref name="module"/>'s
    /// outbox, <paramref name="toDeliver"/> when a handler waits for some of them. Waits, within
    /// <see cref="OutboxOptions.ReadYourWritesTimeout"/>, for this process's read models and, with
    /// <paramref name="waitForDelivery"/>, for its dispatcher. Never throws: the write has committed whatever happens next.
    /// </summary>
    public async Task CommittedAsync(string module, long sequence, bool toDeliver, bool waitForDelivery)
    {
        // Each wake-up costs a round of queries on a busy server: the dispatcher only when it has work,
        // the follower only for the module that committed (it finds other instances' changes at its poll).
        if (toDeliver)
        {
            _dispatcherWakeUp.Set();
        }

        _committedModules.TryAdd(module, 0);
        _followerWakeUp.Set();
        waitForDelivery &= toDeliver;
        if (!_following)
        {
            // Nothing follows the change log in this process (start-up tasks, the command line): nothing to wait for.
            return;
        }

        using var timeout = new CancellationTokenSource(options.Value.ReadYourWritesTimeout);
        while (!HasCaughtUp(module, sequence, waitForDelivery) && !timeout.IsCancellationRequested)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (HasCaughtUp(module, sequence, waitForDelivery))
            {
                break;
            }

            try
            {
                await progress.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The write has committed; a read model that is slow or failing catches up on its own.
                LogNotYetVisible(module, sequence, options.Value.ReadYourWritesTimeout.TotalSeconds, AppliedThrough(module), _dispatchReached.GetValueOrDefault(module));
            }
        }
    }

    /// <summary>The last sequence of <paramref name="module"/>'s change log this process's read models have applied.</summary>
    public long AppliedThrough(string module) => _applied.GetValueOrDefault(module);

    private bool HasCaughtUp(string module, long sequence, bool waitForDelivery) =>
        AppliedThrough(module) >= sequence
        && (!waitForDelivery || !_dispatching.GetValueOrDefault(module) || _dispatchReached.GetValueOrDefault(module) >= sequence);

    /// <summary>
    /// How old this instance's read models are: the time since the follower last read every module's change log to its
    /// end and applied what it found. Null until it first has.
    /// </summary>
    public TimeSpan? SnapshotAge => Since(Volatile.Read(ref _followerReadAllAt));

    /// <summary>Whether this instance's outbox dispatcher loop is running (false when switched off, or once it has ended).</summary>
    public bool DispatcherRunning => _dispatcherRunning;

    /// <summary>The time since this instance's dispatcher last finished a round over every module's outbox. Null until it first has.</summary>
    public TimeSpan? SinceDispatcherRound => Since(Volatile.Read(ref _dispatcherRoundEndedAt));

    private static TimeSpan? Since(long ticks) => ticks == 0 ? null : TimeSpan.FromMilliseconds(Environment.TickCount64 - ticks);

    internal static long Now() => Environment.TickCount64;

    /// <summary>The follower read every module's change log to the end, starting at <paramref name="startedAt"/> (<see cref="Now"/>), and applied it.</summary>
    internal void ReportReadAll(long startedAt) => Volatile.Write(ref _followerReadAllAt, startedAt);

    internal void ReportDispatcherRunning(bool running) => _dispatcherRunning = running;

    internal void ReportDispatcherRound() => Volatile.Write(ref _dispatcherRoundEndedAt, Now());

    internal void StartFollowing() => _following = true;

    internal void StopFollowing() => _following = false;

    internal void ReportApplied(string module, long sequence)
    {
        _applied[module] = sequence;
        Signal();
    }

    private void Signal() =>
        Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Whether this process holds the lease to dispatch <paramref name="module"/>'s outbox (so its writers wait for delivery too).</summary>
    internal void ReportDispatching(string module, bool dispatching)
    {
        _dispatching[module] = dispatching;
        Signal();
    }

    /// <summary>
    /// This process's dispatcher has dealt with every event of <paramref name="module"/> through <paramref name="sequence"/>:
    /// delivered it, or found it must wait for a retry (a failing handler never holds up the write that raised the event).
    /// </summary>
    internal void ReportDispatchReached(string module, long sequence)
    {
        _dispatchReached.AddOrUpdate(module, sequence, (_, reached) => Math.Max(reached, sequence));
        Signal();
    }

    internal Task<bool> WaitForDispatchWorkAsync(TimeSpan atMost, CancellationToken cancellationToken) => _dispatcherWakeUp.WaitAsync(atMost, cancellationToken);

    /// <summary>
    /// Waits for a local commit or the poll interval. Returns the modules committed in this process since the last
    /// call, or null when the poll came first (then every module's log is read, for other instances' changes).
    /// </summary>
    internal async Task<IReadOnlyCollection<string>?> WaitForFollowWorkAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        if (!await _followerWakeUp.WaitAsync(atMost, cancellationToken))
        {
            return null;
        }

        var committed = new List<string>();
        foreach (var module in _committedModules.Keys)
        {
            if (_committedModules.TryRemove(module, out _))
            {
                committed.Add(module);
            }
        }

        return committed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change #{Sequence} of the {Module} outbox was committed but not yet applied here after {Seconds} s (read models at #{Applied}, dispatch at #{Dispatched}); answering anyway")]
    private partial void LogNotYetVisible(string module, long sequence, double seconds, long applied, long dispatched);

    /// <summary>A wake-up call that is remembered until the sleeper next looks, and never queued twice.</summary>
    private sealed class WakeUp
    {
        private readonly Channel<bool> _calls = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public void Set() => _calls.Writer.TryWrite(true);

        /// <summary>True when woken, false when <paramref name="atMost"/> passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan atMost, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(atMost);
            try
            {
                await _calls.Reader.ReadAsync(timeout.Token);
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Time to poll.
                return false;
            }
        }
    }
}
