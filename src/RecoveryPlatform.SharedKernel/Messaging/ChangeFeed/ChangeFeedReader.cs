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
        var logs = _logs.Select((database, index) => new LogReader(database.ContextIn(scope.ServiceProvider), after.PositionOf(index), limit)).ToArray();

        // Rows read in all, listed or passed over: a page over a long stretch of other events stops and says so.
        var budget = Math.Max(4 * limit, 400);
        var cursor = after;
        var entries = new List<ChangeFeedEntry>();
        while (true)
        {
            for (var module = 0; module < logs.Length; module++)
            {
                var log = logs[module];
                if (!await log.FillAsync(cancellationToken))
                {
                    return null;
                }
                while (log.Head is { } head && Describe(head) is null)
                {
                    // Not an entry of the feed: moved past at once, so the cursor never lingers before it.
                    cursor = cursor.After(module, log.Take().Sequence);
                    if (log.Head is null && !await log.FillAsync(cancellationToken))
                    {
                        return null;
                    }
                }
            }

            var next = NextModule(logs);
            if (next < 0)
            {
                return new ChangeFeedPage(entries, cursor, HasMore: false);
            }

            if (entries.Count == limit || logs.Sum(l => l.RowsRead) > budget)
            {
                return new ChangeFeedPage(entries, cursor, HasMore: true);
            }

            var row = logs[next].Take();
            cursor = cursor.After(next, row.Sequence);
            entries.Add(new ChangeFeedEntry(Describe(row)!, row.OccurredAt, cursor));
        }
    }

    /// <summary>The log whose next entry comes first: the earliest committed, ties to the module listed first. -1 when every log is read to its end.</summary>
    private static int NextModule(LogReader[] logs)
    {
        var next = -1;
        for (var module = 0; module < logs.Length; module++)
        {
            if (logs[module].Head is { } head && (next < 0 || head.OccurredAt < logs[next].Head!.OccurredAt))
            {
                next = module;
            }
        }

        return next;
    }

    private IDirectoryChange? Describe(OutboxMessage row) => eventTypes.Read(row) as IDirectoryChange;

    /// <summary>One module's change log, read forward in batches from a position.</summary>
    private sealed class LogReader(ModuleDbContext db, long position, int batchSize)
    {
        private readonly Queue<OutboxMessage> _rows = new();
        private long _position = position;
        private bool _atEnd;
        private bool _checkedEnd;

        public OutboxMessage? Head => _rows.TryPeek(out var row) ? row : null;

        public int RowsRead { get; private set; }

        public OutboxMessage Take()
        {
            var row = _rows.Dequeue();
            _position = row.Sequence;
            return row;
        }

        /// <summary>Reads the next batch when the last one is used up. False when the starting position lies past the log's end.</summary>
        public async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_rows.Count > 0 || _atEnd)
            {
                return true;
            }

            var rows = await OutboxStore.ReadAfterAsync(db, _position, batchSize, cancellationToken);
            RowsRead += rows.Count;
            rows.ForEach(_rows.Enqueue);
            _atEnd = rows.Count < batchSize;
            if (rows.Count == 0 && !_checkedEnd && _position > 0)
            {
                // Nothing after the position: it must be the end (or before it), never beyond.
                _checkedEnd = true;
                return await OutboxStore.LastSequenceAsync(db, cancellationToken) >= _position;
            }

            _checkedEnd = true;
            return true;
        }
    }
}
