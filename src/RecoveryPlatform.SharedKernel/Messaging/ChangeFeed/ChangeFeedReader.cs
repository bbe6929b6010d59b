using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>One entry of the change feed: the event, when it was committed, and the cursor just past it.</summary>
public sealed record ChangeFeedEntry(IDirectoryChange Change, DateTimeOffset OccurredAt, ChangeFeedCursor Cursor);

/// <param name="Entries">In feed order.</param>
/// <param name="Next">Where to continue: past every row read, listed or not (the cursor sent, when nothing was read).</param>
/// <param name="HasMore">True when the page stopped before the end of the logs: read again at once.</param>
public sealed record ChangeFeedPage(IReadOnlyList<ChangeFeedEntry> Entries, ChangeFeedCursor Next, bool HasMore);

/// <summary>
/// Reads the public change feed: the change logs (outboxes) of the directory modules merged into one stream
/// (ADR 0013). Each log is read in its own commit order (its sequence, ADR 0006); across logs the next entry
/// is the earliest committed of each log's next one (<see cref="OutboxMessage.OccurredAt"/>, then the module's
/// place in <see cref="ChangeFeedCursor.Modules"/>). The cursor carries every log's position, so a reader that
/// resumes from it gets each committed change exactly once however writes interleave with its reads: a log's
/// rows up to a position have all committed and no row will ever be added below it.
/// </summary>
public sealed class ChangeFeedReader(IServiceScopeFactory scopes, IEnumerable<IModuleDatabase> databases, IntegrationEventTypes eventTypes)
{
    private readonly IModuleDatabase[] _logs = ChangeFeedCursor.Modules
        .Select(schema => databases.SingleOrDefault(d => d.Schema == schema) ?? throw new InvalidOperationException($"The change feed reads the {schema} change log, but no such module is registered."))
        .ToArray();

    /// <summary>
    /// Up to <paramref name="limit"/> entries after <paramref name="after"/>. Rows that are not directory changes
    /// (a revoked key, a group closure's own event) are passed over, so a page may hold fewer entries than the
    /// limit while <see cref="ChangeFeedPage.HasMore"/> says more are waiting. Null when the cursor lies past the
    /// end of a log (it was not made by this database).
    /// </summary>
    public async Task<ChangeFeedPage?> ReadAsync(ChangeFeedCursor after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var scope = scopes.CreateAsyncScope();
        var logs = _logs.Select((database, index) => new LogReader(database.ContextIn(scope.ServiceProvider), after.PositionOf(index), limit, Describe)).ToArray();

        // Rows read in all, listed or passed over: a page over a long stretch of other events stops and says so.
        var budget = Math.Max(4 * limit, 400);
        var entries = new List<ChangeFeedEntry>();
        while (true)
        {
            foreach (var log in logs)
            {
                if (!await log.MoveToNextEntryAsync(cancellationToken))
                {
                    return null;
                }
            }

            var overBudget = logs.Sum(l => l.RowsRead) > budget;
            if (logs.Any(l => l.NeedsReading))
            {
                // A log passed over a whole batch: read on (which entry comes next is not known yet), or stop here.
                if (overBudget)
                {
                    return new ChangeFeedPage(entries, CursorOf(logs), HasMore: true);
                }

                continue;
            }

            var next = NextLog(logs);
            if (next is null)
            {
                return new ChangeFeedPage(entries, CursorOf(logs), HasMore: false);
            }

            if (entries.Count == limit || overBudget)
            {
                return new ChangeFeedPage(entries, CursorOf(logs), HasMore: true);
            }

            var row = next.Take();
            entries.Add(new ChangeFeedEntry(row.Change!, row.OccurredAt, CursorOf(logs)));
        }
    }

    private static ChangeFeedCursor CursorOf(LogReader[] logs) => ChangeFeedCursor.Of(logs.Select(l => l.Position));

    /// <summary>The log whose next entry comes first: the earliest committed, ties to the module listed first. Null when every log is read to its end.</summary>
    private static LogReader? NextLog(LogReader[] logs)
    {
        LogReader? next = null;
        foreach (var log in logs)
        {
            if (log.Head is { } head && (next is null || head.OccurredAt < next.Head!.OccurredAt))
            {
                next = log;
            }
        }

        return next;
    }

    private IDirectoryChange? Describe(OutboxMessage row) => eventTypes.Read(row) as IDirectoryChange;

    /// <summary>A row of a change log as the feed sees it: its entry, or null for an event that is not one.</summary>
    private sealed record LoggedChange(long Sequence, DateTimeOffset OccurredAt, IDirectoryChange? Change);

    /// <summary>One module's change log, read forward in batches from a position.</summary>
    private sealed class LogReader(ModuleDbContext db, long position, int batchSize, Func<OutboxMessage, IDirectoryChange?> describe)
    {
        private readonly Queue<LoggedChange> _rows = new();
        private bool _atEnd;
        private bool _started;

        /// <summary>The last sequence taken or passed over: everything up to it is behind the reader.</summary>
        public long Position { get; private set; } = position;

        /// <summary>The next row, once <see cref="MoveToNextEntryAsync"/> has made it an entry; null at the end of the log.</summary>
        public LoggedChange? Head => _rows.TryPeek(out var row) ? row : null;

        public int RowsRead { get; private set; }

        public LoggedChange Take()
        {
            var row = _rows.Dequeue();
            Position = row.Sequence;
            return row;
        }

        /// <summary>True when every row read has been taken or passed over and the log may hold more: read again.</summary>
        public bool NeedsReading => Head is null && !_atEnd;

        /// <summary>
        /// Passes over rows that are not entries (moving <see cref="Position"/> past them, so a cursor never lingers
        /// before one), reading one more batch if none is left, so that the next row is an entry, or the log has
        /// ended, or <see cref="NeedsReading"/>. False when the starting position lies past the log's end.
        /// </summary>
        public async Task<bool> MoveToNextEntryAsync(CancellationToken cancellationToken)
        {
            PassOver();
            if (!NeedsReading)
            {
                return true;
            }

            var rows = await OutboxStore.ReadAfterAsync(db, Position, batchSize, cancellationToken);
            RowsRead += rows.Count;
            _atEnd = rows.Count < batchSize;
            rows.ForEach(row => _rows.Enqueue(new LoggedChange(row.Sequence, row.OccurredAt, describe(row))));
            if (!_started && rows.Count == 0 && Position > 0 && await OutboxStore.LastSequenceAsync(db, cancellationToken) < Position)
            {
                // Nothing after the starting position, and the log does not even reach it.
                return false;
            }

            _started = true;
            PassOver();
            return true;
        }

        private void PassOver()
        {
            while (Head is { Change: null })
            {
                Take();
            }
        }
    }
}
