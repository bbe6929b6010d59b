using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// Keeps this process's in-memory read models (<see cref="ILocalReadModel"/>: search, caches) in step with
/// the database, whichever instance made the change: it reads every module's change log (its outbox, in
/// commit order) from where it last stopped, and hands each new batch to every read model. A commit in
/// this process wakes it at once; changes from other instances are seen within one poll interval.
/// </summary>
public sealed partial class ChangeLogFollower(
    IServiceScopeFactory scopes,
    IEnumerable<IModuleDatabase> databases,
    IEnumerable<ILocalReadModel> readModels,
    IntegrationEventTypes eventTypes,
    ChangeLogProgress progress,
    IOptions<OutboxOptions> options,
    ILogger<ChangeLogFollower> logger) : BackgroundService
{
    private readonly IModuleDatabase[] _databases = databases.ToArray();
    private readonly ILocalReadModel[] _readModels = readModels.ToArray();
    /// <summary>Failed attempts at one batch, beyond which it is skipped rather than block every change after it.</summary>
    private const int AttemptsBeforeSkipping = 3;

    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failedAttempts = new(StringComparer.Ordinal);
    private bool _positioned;

    /// <summary>
    /// Takes the end of every change log as the starting point. Called once the databases are migrated and
    /// before the read models load, so a change committed in between is applied again rather than missed.
    /// </summary>
    public async Task StartFromCurrentPositionAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var database in _databases)
        {
            var position = await OutboxStore.LastSequenceAsync(database.ContextIn(scope.ServiceProvider), cancellationToken);
            _positions[database.Schema] = position;
            progress.ReportApplied(database.Schema, position);
        }

        _positioned = true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        progress.StartFollowing();
        try
        {
            var failures = 0;

            // After a local commit, only the modules committed to are read; every poll reads them all, and so does
            // any round a poll interval after the last full one (a steady stream of local commits would otherwise
            // hold back other instances' changes to other modules, and the snapshot would age unseen).
            IReadOnlyCollection<string>? only = null;
            var lastReadAll = ChangeLogProgress.Now();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var roundStarted = ChangeLogProgress.Now();
                    if (only is not null && roundStarted - lastReadAll >= options.Value.PollInterval.TotalMilliseconds)
                    {
                        only = null;
                    }

                    if (!_positioned)
                    {
                        // Start-up could not read the database. Whatever the read models hold may have missed changes.
                        await StartFromCurrentPositionAsync(stoppingToken);
                        foreach (var readModel in _readModels)
                        {
                            await readModel.ResetAsync(stoppingToken);
                        }
                    }

                    var moreWaiting = false;
                    foreach (var database in _databases.Where(d => only is null || only.Contains(d.Schema)))
                    {
                        moreWaiting |= await FollowAsync(database, stoppingToken);
                    }

                    failures = 0;
                    if (only is null && !moreWaiting)
                    {
                        lastReadAll = roundStarted;
                        progress.ReportReadAll(roundStarted);
                    }

                    only = null;
                    if (!moreWaiting)
                    {
                        only = await progress.WaitForFollowWorkAsync(options.Value.PollInterval, stoppingToken);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The host was torn down without being stopped first (a test host, say): nothing left to do.
                    return;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The batch is applied again on the next round: read models apply idempotently.
                    failures++;
                    LogFailed(exception.GetType().Name, failures);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5)) / 2)), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            progress.StopFollowing();
        }
    }

    /// <summary>Applies one module's next batch of changes. True when the batch was full and more may be waiting.</summary>
    private async Task<bool> FollowAsync(IModuleDatabase database, CancellationToken cancellationToken)
    {
        var position = _positions[database.Schema];
        List<OutboxMessage> rows;
        await using (var scope = scopes.CreateAsyncScope())
        {
            rows = await OutboxStore.ReadAfterAsync(database.ContextIn(scope.ServiceProvider), position, options.Value.FollowBatchSize, cancellationToken);
        }

        if (rows.Count == 0)
        {
            return false;
        }

        using var activity = PlatformTelemetry.Outbox.StartActivity("apply changes to read models");
        activity?.SetTag("recoveryplatform.module", database.Schema);
        activity?.SetTag("recoveryplatform.changes", rows.Count);

        // An event type this version does not know (written by a newer one during a rolling deploy) changes nothing here.
        var changes = rows.Select(eventTypes.Read).OfType<IIntegrationEvent>().ToList();
        try
        {
            foreach (var readModel in _readModels)
            {
                await readModel.ApplyAsync(changes, cancellationToken);
            }
        }
        catch (Exception exception) when (IsBatchFault(exception))
        {
            _failedAttempts[database.Schema] = _failedAttempts.GetValueOrDefault(database.Schema) + 1;
            if (_failedAttempts[database.Schema] < AttemptsBeforeSkipping)
            {
                throw;
            }

            // Not the database being away (that is retried for as long as it takes) but something in these changes
            // that fails every time: one bad batch must not freeze every read model here. Start them afresh instead.
            LogSkipped(database.Schema, rows[0].Sequence, rows[^1].Sequence, exception.GetType().Name, AttemptsBeforeSkipping);
            foreach (var readModel in _readModels)
            {
                await readModel.ResetAsync(cancellationToken);
            }
        }

        _failedAttempts.Remove(database.Schema);
        _positions[database.Schema] = rows[^1].Sequence;
        progress.ReportApplied(database.Schema, rows[^1].Sequence);
        return rows.Count == options.Value.FollowBatchSize;
    }

    private static bool IsBatchFault(Exception exception) =>
        exception is not (System.Data.Common.DbException or TimeoutException or OperationCanceledException)
        && exception.InnerException is not System.Data.Common.DbException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Changes #{From} to #{To} of the {Module} outbox failed {Attempts} times ({ExceptionType}); skipped, and this instance's read models start afresh from the database")]
    private partial void LogSkipped(string module, long from, long to, string exceptionType, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the change log failed ({ExceptionType}, {Failures} in a row); the read models keep what they have and catch up when it works again")]
    private partial void LogFailed(string exceptionType, int failures);
}
