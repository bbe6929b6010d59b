using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
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

    /// <summary>
    /// Loads the public meetings among <paramref name="only"/>, or every one. The meetings' columns and the
    /// details of their organisations, groups and venues are read at the same time, each on its own
    /// connection; a whole directory asks the other modules for everything in one scan each.
    /// </summary>
    private async Task<List<SearchEntry>> LoadAsync(IReadOnlyCollection<Guid>? only, CancellationToken cancellationToken)
    {
        // Past a few thousand ids (an organisation's whole directory) one scan beats a parameter per id,
        // which SQLite would refuse beyond 32,766 anyway.
        var whole = only is not { Count: <= 5_000 };
        var rowsTask = Task.Run(() => ReadRowsAsync(whole ? null : only, cancellationToken), cancellationToken);
        var groupsTask = whole ? Task.Run(() => AskAsync(new GetEveryGroupSummaryQuery(), cancellationToken), cancellationToken) : null;
        var venuesTask = whole ? Task.Run(() => AskAsync(new GetEveryVenueSummaryQuery(), cancellationToken), cancellationToken) : null;
        var (rows, exceptions, formatMasks) = await rowsTask;
        if (only is not null && whole)
        {
            var wanted = only.ToHashSet();
            rows.RemoveAll(m => !wanted.Contains(m.Id));
        }

        if (rows.Count == 0)
        {
            // Let the other reads finish (and their connections close) before answering.
            await Task.WhenAll(new Task?[] { groupsTask, venuesTask }.OfType<Task>());
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var organisations = await InChunksAsync(rows.Select(m => m.OrganisationId), ids => sender.Send(new GetOrganisationSummariesQuery(ids), cancellationToken));
        var groups = groupsTask is not null
            ? await groupsTask
            : await InChunksAsync(rows.Select(m => m.GroupId), ids => sender.Send(new GetGroupSummariesQuery(ids), cancellationToken));
        var venues = venuesTask is not null
            ? await venuesTask
            : await InChunksAsync(rows.Where(m => m.VenueId is not null).Select(m => m.VenueId!.Value), ids => sender.Send(new GetVenueSummariesQuery(ids), cancellationToken));

        return Entries(rows, exceptions, formatMasks, organisations, groups, venues);
    }

    private async Task<IReadOnlyDictionary<Guid, T>> AskAsync<T>(IQuery<IReadOnlyDictionary<Guid, T>> query, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(query, cancellationToken);
    }

    /// <summary>The active meetings of open groups (<paramref name="only"/> these, when given), with their one-off changes and their organisations' format meanings.</summary>
    private async Task<(List<SearchRow> Rows, ILookup<Guid, MeetingException> Exceptions, Dictionary<(Guid, string), long> FormatMasks)> ReadRowsAsync(
        IReadOnlyCollection<Guid>? only, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MeetingsDbContext>();
        var listed = db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Active && m.GroupClosedAt == null);
        if (only is not null)
        {
            listed = listed.Where(m => only.Contains(m.Id));
        }

        var rows = await listed
            .Select(m => new SearchRow(
                m.Id, m.Name, m.OrganisationId, m.GroupId, m.Attendance, m.VenueId, m.OnlineUrl, m.OnlinePhone, m.TimeZoneId, m.LocalStartTime, m.DurationMinutes,
                m.RecurrenceKind, m.Day, m.IntervalWeeks, m.AnchorDate, m.WeekOfMonth, m.ValidFrom, m.ValidUntil, m.Formats, m.Languages, m.UpdatedAt))
            .ToListAsync(cancellationToken);

        // Few meetings have one-off changes: read on their own rather than joined to every row.
        var exceptions = (await listed.SelectMany(m => m.Exceptions, (m, e) => new { m.Id, Exception = e }).ToListAsync(cancellationToken))
            .ToLookup(e => e.Id, e => e.Exception);

        var organisationIds = rows.Select(m => m.OrganisationId).Distinct().ToList();
        var formatMasks = (await db.FormatCodes.AsNoTracking().Where(f => organisationIds.Contains(f.OrganisationId)).Select(f => new { f.OrganisationId, f.Code, f.AttributesMask }).ToListAsync(cancellationToken))
            .ToDictionary(f => (f.OrganisationId, f.Code), f => f.AttributesMask);
        return (rows, exceptions, formatMasks);
    }

    private List<SearchEntry> Entries(
        List<SearchRow> rows, ILookup<Guid, MeetingException> exceptions, Dictionary<(Guid, string), long> formatMasks, IReadOnlyDictionary<Guid, OrganisationSummary> organisations,
        IReadOnlyDictionary<Guid, GroupSummary> groups, IReadOnlyDictionary<Guid, VenueSummary> venues)
    {
        // Rows come back with their own copies of the same few strings (zone ids, format codes,
        // languages): one shared instance of each, and of each distinct list, keeps the index small.
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var lists = new Dictionary<List<string>, string[]>(SameStrings.Instance);
        string Shared(string value) => strings.TryGetValue(value, out var shared) ? shared : strings[value] = value;
        string[] SharedList(List<string> values) => lists.TryGetValue(values, out var shared) ? shared : lists[values] = [.. values.Select(Shared)];

        // Meetings without one-off changes share one schedule per distinct pattern: most meet weekly at one of
        // a few hundred times, and a schedule object each would be a quarter of the index.
        var schedules = new Dictionary<(string, TimeOnly, int, RecurrenceKind, DayOfWeek, int?, DateOnly?, int?, DateOnly?, DateOnly?), MeetingSchedule?>();
        MeetingSchedule? SharedSchedule(SearchRow row, IEnumerable<MeetingException> changes)
        {
            if (changes.Any())
            {
                return MeetingSchedule.TryCreate(row.ScheduleDefinition(changes), out var own, out _) ? own : null;
            }

            var pattern = (row.TimeZoneId, row.LocalStartTime, row.DurationMinutes, row.RecurrenceKind, row.Day, row.IntervalWeeks, row.AnchorDate, row.WeekOfMonth, row.ValidFrom, row.ValidUntil);
            if (!schedules.TryGetValue(pattern, out var schedule))
            {
                schedules[pattern] = schedule = MeetingSchedule.TryCreate(row.ScheduleDefinition([]), out var made, out _) ? made : null;
            }

            return schedule;
        }

        var parts = new ResultParts();
        var entries = new List<SearchEntry>(rows.Count);
        foreach (var meeting in rows)
        {
            // Public means: an active meeting of a group that is not closed, of an active organisation.
            if (!organisations.TryGetValue(meeting.OrganisationId, out var organisation) || organisation.Status != OrganisationStatus.Active
                || !groups.TryGetValue(meeting.GroupId, out var group) || !group.IsPublic)
            {
                continue;
            }

            // Stored schedules were valid when written; one that no longer is (edited by hand, say) must not stop
            // the whole index from loading or following changes: it is left out, and said so.
            var changes = exceptions[meeting.Id];
            if (SharedSchedule(meeting, changes) is not { } schedule)
            {
                LogUnusableSchedule(meeting.Id);
                continue;
            }

            VenueSummary? venue = null;
            if (meeting.VenueId is { } venueId && (!venues.TryGetValue(venueId, out venue) || venue.IsArchived))
            {
                venue = null;
            }

            var localStartMinutes = (meeting.LocalStartTime.Hour * 60) + meeting.LocalStartTime.Minute;
            var timeZoneId = Shared(meeting.TimeZoneId);
            var attributesMask = 0L;
            foreach (var code in meeting.Formats)
            {
                attributesMask |= formatMasks.GetValueOrDefault((meeting.OrganisationId, code));
            }

            entries.Add(new SearchEntry
            {
                Id = meeting.Id,
                Name = meeting.Name,
                OrganisationId = organisation.Id,
                OrganisationSlug = organisation.Slug,
                OrganisationName = organisation.Name,
                GroupId = group.Id,
                GroupName = group.Name,
                Attendance = meeting.Attendance,
                Venue = venue,
                OnlineUrl = meeting.OnlineUrl,
                OnlinePhone = meeting.OnlinePhone,
                Day = meeting.Day,
                LocalStartMinutes = localStartMinutes,
                TimeZoneId = timeZoneId,
                RecurrenceKind = meeting.RecurrenceKind,
                DurationMinutes = meeting.DurationMinutes,
                Formats = SharedList(meeting.Formats),
                AttributesMask = attributesMask,
                Languages = SharedList(meeting.Languages),
                AccessibilityMask = venue is null ? 0 : SearchEntry.AccessibilityMaskOf(venue.Accessibility),
                UpdatedAt = meeting.UpdatedAt,
                Schedule = schedule,
                HasChanges = changes.Any(e => !e.IsCancellation),
                IsPlainWeekly = meeting.RecurrenceKind == RecurrenceKind.Weekly && meeting.ValidFrom is null && meeting.ValidUntil is null && !changes.Any(),
                OrganisationRef = parts.Organisation(organisation.Id, organisation.Slug, organisation.Name),
                GroupRef = parts.Group(group.Id, group.Name),
                VenueRef = parts.Venue(venue),
                ScheduleSummary = parts.Schedule(meeting.Day, localStartMinutes, meeting.DurationMinutes, timeZoneId, meeting.RecurrenceKind),
            });
        }

        return entries;
    }

    /// <summary>Lists equal when they hold the same strings in the same order: format and language lists are shared by value.</summary>
    private sealed class SameStrings : IEqualityComparer<List<string>>
    {
        public static readonly SameStrings Instance = new();

        public bool Equals(List<string>? x, List<string>? y) => x!.SequenceEqual(y!, StringComparer.Ordinal);

        public int GetHashCode(List<string> list)
        {
            var hash = new HashCode();
            foreach (var value in list)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }

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
