using System.Diagnostics;
using System.Linq.Expressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// The read side of the Meetings module: every public meeting, in memory, kept current by following the
/// change logs of this module and of the modules whose details it shows (<see cref="SearchIndexFollower"/>),
/// whichever instance committed the change. Searches read the current snapshot without locks or database
/// round trips; writers build a new snapshot and swap it in.
/// </summary>
internal sealed partial class MeetingSearchIndex(IServiceScopeFactory scopes, MeetingCache cache, ILogger<MeetingSearchIndex> logger)
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _loadGate = new();
    private volatile SearchSnapshot? _snapshot;
    private volatile bool _stale;
    private Task? _load;

    // Guarded by _writer. A compaction folds the overlay of the snapshot it started from; the changes
    // applied meanwhile are noted, to be applied again to its result. A full load or an inline compaction
    // starts a new lineage, and a compaction of an older one is thrown away.
    private long _lineage;
    private bool _compacting;
    private HashSet<Guid> _changedDuringCompaction = [];

    /// <summary>
    /// The current snapshot. Only when none was ever loaded (the database was down at start-up) does a
    /// request wait for one, and then every waiting request shares the one load under way; a failed load
    /// throws the database's exception, which the API answers with 503.
    /// </summary>
    public async ValueTask<SearchSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } loaded)
        {
            return loaded;
        }

        await LoadInBackground().WaitAsync(cancellationToken);
        return _snapshot ?? SearchSnapshot.Empty;
    }

    /// <summary>True when the meeting is public as of the loaded snapshot; false when it is not, or nothing is loaded yet.</summary>
    public bool IsListed(Guid meetingId) => _snapshot is { } snapshot && snapshot.Contains(meetingId);

    /// <summary>What readiness reports: whether a snapshot is loaded, and whether a rebuild is due because changes were missed.</summary>
    public (bool Loaded, bool Stale, int Meetings, int Overlay) State =>
        _snapshot is { } snapshot ? (true, _stale, snapshot.Count, snapshot.Overlay.Count) : (false, _stale, 0, 0);

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            // Marked current before the load reads: a reset that arrives meanwhile marks it stale again.
            _stale = false;
            var started = Stopwatch.GetTimestamp();
            var entries = await LoadAsync(null, cancellationToken);
            var read = Stopwatch.GetElapsedTime(started);
            _snapshot = new SearchSnapshot(entries);
            _lineage++;
            LogLoaded(_snapshot.Count, read.TotalSeconds, (Stopwatch.GetElapsedTime(started) - read).TotalSeconds);
        }
        catch
        {
            _stale = true;
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// The change log could not be followed (a batch skipped, the database away at start-up): what the
    /// snapshot holds may have missed changes. It is rebuilt in the background, while searches go on
    /// reading the old one; readiness says so meanwhile.
    /// </summary>
    public Task ResetAsync(CancellationToken cancellationToken)
    {
        _stale = true;
        cache.Clear();
        _ = LoadInBackground();
        return Task.CompletedTask;
    }

    /// <summary>Starts a full load unless one is under way, and returns it: there is never more than one.</summary>
    private Task LoadInBackground()
    {
        lock (_loadGate)
        {
            if (_load is { IsCompleted: false } running)
            {
                return running;
            }

            _load = Task.Run(async () =>
            {
                try
                {
                    // A reset during the load (stale again) asks for another: the load may have read too early.
                    do
                    {
                        await RebuildAsync(CancellationToken.None);
                    }
                    while (_stale);
                }
                catch (Exception exception)
                {
                    LogRebuildFailed(exception.GetType().Name);
                    throw;
                }
            });

            // A reset does not wait for the load; its failure is logged above and retried by the next reset or search.
            _load.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            return _load;
        }
    }

    /// <summary>Reloads the given meetings (dropping those no longer public or gone).</summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> meetingIds, CancellationToken cancellationToken)
    {
        if (meetingIds.Count == 0)
        {
            return;
        }

        cache.Invalidate(meetingIds);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is null)
            {
                // Never loaded: the next search loads everything, this change included.
                return;
            }

            var reloaded = await LoadAsync(meetingIds, cancellationToken);
            var changed = meetingIds.ToHashSet();
            _snapshot = _snapshot.With(changed, reloaded);
            if (_compacting)
            {
                _changedDuringCompaction.UnionWith(changed);
            }

            if (!_snapshot.IsDueForCompaction)
            {
                return;
            }

            if (changed.Count > _snapshot.OverlayLimit)
            {
                // A batch this size (an import, an organisation suspended) is one compaction, here and now:
                // searches never scan an overlay past its limit, and the batch's own reload cost more anyway.
                _snapshot = _snapshot.Compact();
                _lineage++;
            }
            else if (!_compacting)
            {
                CompactInBackground(_snapshot);
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Compacts <paramref name="basis"/> off the write path (so no edit waits for it), then swaps the result in
    /// with the changes made since applied again. Called under the writer lock.
    /// </summary>
    private void CompactInBackground(SearchSnapshot basis)
    {
        var lineage = _lineage;
        _compacting = true;
        _changedDuringCompaction = [];
        _ = Task.Run(async () =>
        {
            SearchSnapshot? compacted = null;
            try
            {
                var started = Stopwatch.GetTimestamp();
                compacted = basis.Compact();
                LogCompacted(basis.Overlay.Count, compacted.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception exception)
            {
                // The overlay stays and searches stay right; the next change past the limit tries again.
                LogCompactionFailed(exception.GetType().Name);
            }

            await _writer.WaitAsync();
            try
            {
                if (compacted is not null && lineage == _lineage && _snapshot is { } current)
                {
                    _snapshot = compacted.CaughtUpWith(current, _changedDuringCompaction);
                }
            }
            finally
            {
                _compacting = false;
                _changedDuringCompaction = [];
                _writer.Release();
            }
        });
    }

    /// <summary>The ids of the meetings that match <paramref name="selector"/> in the database (a venue's, a group's, an organisation's).</summary>
    public async Task<List<Guid>> MeetingIdsWhereAsync(System.Linq.Expressions.Expression<Func<Meeting, bool>> selector, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MeetingsDbContext>().Meetings.Where(selector).Select(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Asks another module about many ids a slice at a time: a whole directory has hundreds of thousands
    /// of groups and venues, and SQLite refuses a statement with more than 32,766 parameters.
    /// </summary>
    private static async Task<Dictionary<Guid, T>> InChunksAsync<T>(IEnumerable<Guid> ids, Func<IReadOnlyCollection<Guid>, ValueTask<IReadOnlyDictionary<Guid, T>>> ask)
    {
        const int ChunkSize = 10_000;
        var result = new Dictionary<Guid, T>();
        foreach (var chunk in ids.Distinct().Chunk(ChunkSize))
        {
            foreach (var (id, value) in await ask(chunk))
            {
                result[id] = value;
            }
        }

        return result;
    }

    /// <summary>Loads the public meetings among <paramref name="only"/>, or every one.</summary>
    private Task<List<SearchEntry>> LoadAsync(IReadOnlyCollection<Guid>? only, CancellationToken cancellationToken) =>
        // Past a few thousand ids (an organisation's whole directory) one scan beats a parameter per id,
        // which SQLite would refuse beyond 32,766 anyway.
        only is { Count: <= 5_000 } ? LoadFewAsync(only, cancellationToken) : LoadWholeAsync(only?.ToHashSet(), cancellationToken);

    /// <summary>
    /// Reads the whole directory (keeping the meetings in <paramref name="wanted"/>, when given): first the
    /// details of every organisation, group and venue, then the meetings a weekday at a time, as many weekdays
    /// at once as there are processors, each on its own connection.
    /// </summary>
    /// <remarks>
    /// At a million meetings the load is bound by the processor, not the database: one reader turning rows into
    /// objects kept one core busy and left the other idle. Each row becomes an entry as soon as it is read, so
    /// rows die young instead of surviving, all of them at once, into the older generations of the heap (which
    /// made the load's peak 1.9 GB, and its collections a third of its time).
    /// </remarks>
    private async Task<List<SearchEntry>> LoadWholeAsync(HashSet<Guid>? wanted, CancellationToken cancellationToken)
    {
        var builder = await WholeDirectoryBuilderAsync(cancellationToken);
        var days = new List<SearchEntry>[7];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enum.GetValues<DayOfWeek>(), parallel, async (day, token) =>
        {
            var entries = new List<SearchEntry>();
            await using var scope = scopes.CreateAsyncScope();
            await foreach (var row in RowsOf(scope, m => m.Day == day).AsAsyncEnumerable().WithCancellation(token))
            {
                if ((wanted is null || wanted.Contains(row.Id)) && builder.EntryOf(row) is { } entry)
                {
                    entries.Add(entry);
                }
            }

            days[(int)day] = entries;
        });

        return [.. days.SelectMany(entries => entries)];
    }

    /// <summary>Every group's and venue's details (each read on its own connection), the organisations with meetings, every one-off change and format meaning.</summary>
    private async Task<SearchEntryBuilder> WholeDirectoryBuilderAsync(CancellationToken cancellationToken)
    {
        var groupsTask = Task.Run(() => AskAsync(new GetEveryGroupSummaryQuery(), cancellationToken), cancellationToken);
        var venuesTask = Task.Run(() => AskAsync(new GetEveryVenueSummaryQuery(), cancellationToken), cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            var organisationIds = await db.Meetings.Select(m => m.OrganisationId).Distinct().ToListAsync(cancellationToken);
            var organisations = await InChunksAsync(organisationIds, ids => sender.Send(new GetOrganisationSummariesQuery(ids), cancellationToken));
            var exceptions = await ReadExceptionsAsync(db, m => true, cancellationToken);
            var formatMasks = await ReadFormatMasksAsync(db.FormatCodes, cancellationToken);
            return new SearchEntryBuilder(organisations, await groupsTask, await venuesTask, exceptions, formatMasks, LogUnusableSchedule);
        }
        finally
        {
            await Task.WhenAll(groupsTask, venuesTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Loads a few meetings: their rows, then the details of just their organisations, groups and venues.</summary>
    private async Task<List<SearchEntry>> LoadFewAsync(IReadOnlyCollection<Guid> only, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rows = await RowsOf(scope, m => only.Contains(m.Id)).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var organisationIds = rows.Select(m => m.OrganisationId).Distinct().ToList();
        var exceptions = await ReadExceptionsAsync(db, m => only.Contains(m.Id), cancellationToken);
        var formatMasks = await ReadFormatMasksAsync(db.FormatCodes.Where(f => organisationIds.Contains(f.OrganisationId)), cancellationToken);
        var organisations = await InChunksAsync(organisationIds, ids => sender.Send(new GetOrganisationSummariesQuery(ids), cancellationToken));
        var groups = await InChunksAsync(rows.Select(m => m.GroupId), ids => sender.Send(new GetGroupSummariesQuery(ids), cancellationToken));
        var venues = await InChunksAsync(rows.Where(m => m.VenueId is not null).Select(m => m.VenueId!.Value), ids => sender.Send(new GetVenueSummariesQuery(ids), cancellationToken));
        return new SearchEntryBuilder(organisations, groups, venues, exceptions, formatMasks, LogUnusableSchedule).Entries(rows);
    }

    private async Task<IReadOnlyDictionary<Guid, T>> AskAsync<T>(IQuery<IReadOnlyDictionary<Guid, T>> query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }

    /// <summary>Meetings search may list: active, of a group that is not closed (whether the group and its organisation are public is theirs to say).</summary>
    /// <summary>The meetings that may be public (active, their group open); the organisation's status is the index's to apply.</summary>
    internal static IQueryable<Meeting> Listed(MeetingsDbContext db) =>
        db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Active && m.GroupClosedAt == null);

    /// <summary>The search columns of the listed meetings that match <paramref name="which"/>.</summary>
    private static IQueryable<SearchRow> RowsOf(AsyncServiceScope scope, Expression<Func<Meeting, bool>> which) =>
        Listed(scope.ServiceProvider.GetRequiredService<MeetingsDbContext>())
            .Where(which)
            .Select(m => new SearchRow(
                m.Id, m.Name, m.OrganisationId, m.GroupId, m.Attendance, m.VenueId, m.OnlineUrl, m.OnlinePhone, m.TimeZoneId, m.LocalStartTime, m.DurationMinutes,
                m.RecurrenceKind, m.Day, m.IntervalWeeks, m.AnchorDate, m.WeekOfMonth, m.ExceptWeeksOfMonth, m.FormatsByWeekOfMonth, m.ValidFrom, m.ValidUntil, m.Formats, m.Languages, m.UpdatedAt));

    /// <summary>What each of these format codes means in shared attributes, by organisation and code (their labels are not read).</summary>
    private static async Task<Dictionary<(Guid OrganisationId, string Code), long>> ReadFormatMasksAsync(IQueryable<FormatCode> codes, CancellationToken cancellationToken) =>
        (await codes.Select(f => new { f.OrganisationId, f.Code, f.AttributesMask }).ToListAsync(cancellationToken))
            .ToDictionary(f => (f.OrganisationId, f.Code), f => f.AttributesMask);

    /// <summary>The one-off changes of the listed meetings that match <paramref name="which"/>: few meetings have any, so they are read on their own rather than joined to every row.</summary>
    private static async Task<ILookup<Guid, MeetingException>> ReadExceptionsAsync(
        MeetingsDbContext db, Expression<Func<Meeting, bool>> which, CancellationToken cancellationToken) =>
        (await Listed(db).Where(which).SelectMany(m => m.Exceptions, (m, e) => new { m.Id, Exception = e }).ToListAsync(cancellationToken))
            .ToLookup(e => e.Id, e => e.Exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the meeting search index failed ({ExceptionType}); searches go on with the last snapshot, and the next reset or search tries again.")]
    private partial void LogRebuildFailed(string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the meeting search index: {Meetings} meetings, read in {ReadSeconds:F1} s, indexed in {IndexSeconds:F1} s.")]
    private partial void LogLoaded(int meetings, double readSeconds, double indexSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compacted the meeting search index: {Changes} changed meetings folded into {Meetings} in {ElapsedMilliseconds:F0} ms.")]
    private partial void LogCompacted(int changes, int meetings, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compacting the meeting search index failed ({ExceptionType}); searches go on over the snapshot with its changes overlaid.")]
    private partial void LogCompactionFailed(string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId} is left out of search: its stored schedule is no longer valid. Correct it with PUT.")]
    private partial void LogUnusableSchedule(Guid meetingId);
}
