using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Imports.Contracts;
using RecoveryPlatform.Modules.Imports.Domain;
using RecoveryPlatform.Modules.Imports.Persistence;
using RecoveryPlatform.Modules.Imports.Sources;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Imports.Running;

/// <summary>Wakes this instance's runner when a job is queued here, instead of at its next poll.</summary>
internal sealed class ImportQueueSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void JobQueued()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan atMost, CancellationToken cancellationToken) => _signal.WaitAsync(atMost, cancellationToken);
}

/// <summary>
/// Runs queued imports, one at a time per instance. Any instance may run any job: it claims the job for
/// <see cref="ImportOptions.ClaimFor"/>, runs it in one transaction across the modules (ADR 0015), and records the
/// report in that same transaction, so a crash leaves either the whole import and its report, or neither — in which
/// case the job, still claimed by nobody alive, is taken up again when the claim runs out.
/// </summary>
internal sealed partial class ImportRunner(
    IServiceScopeFactory scopes,
    PlatformInstance instance,
    ImportQueueSignal signal,
    ImportTelemetry telemetry,
    IOptions<ImportOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ImportRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the host has started: the databases are migrated then.
        if (!await lifetime.WhenStartedAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested && options.Value.RunJobs)
        {
            try
            {
                while (await TryRunNextAsync(stoppingToken))
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database away, most likely: look again at the next poll.
                LogPollFailed(exception.GetType().Name);
            }

            try
            {
                await signal.WaitAsync(options.Value.PollEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and runs the oldest job that is waiting or whose runner stopped; false when there is none.</summary>
    internal async Task<bool> TryRunNextAsync(CancellationToken cancellationToken)
    {
        Guid jobId;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ImportsDbContext>();
            var now = clock.GetUtcNow();
            var waiting = await db.Jobs.AsNoTracking()
                .Where(j => j.Status == ImportStatus.Queued || (j.Status == ImportStatus.Running && j.ClaimedUntil < now))
                .OrderBy(j => j.SubmittedAt)
                .Select(j => (Guid?)j.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (waiting is not { } id)
            {
                return false;
            }

            var claimedUntil = now + options.Value.ClaimFor;
            var claimed = await db.Jobs
                .Where(j => j.Id == id && (j.Status == ImportStatus.Queued || (j.Status == ImportStatus.Running && j.ClaimedUntil < now)))
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(j => j.Status, ImportStatus.Running)
                        .SetProperty(j => j.Runner, instance.Id)
                        .SetProperty(j => j.ClaimedUntil, claimedUntil)
                        .SetProperty(j => j.StartedAt, now)
                        .SetProperty(j => j.UpdatedAt, now)
                        .SetProperty(j => j.Attempts, j => j.Attempts + 1),
                    cancellationToken);
            if (claimed == 0)
            {
                // Another instance took it first: look for the next.
                return true;
            }

            jobId = id;
        }

        await RunClaimedAsync(jobId, cancellationToken);
        return true;
    }

    private async Task RunClaimedAsync(Guid jobId, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ImportsDbContext>();
        var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, stoppingToken);

        // The submitter's rights were checked when the job was queued; the modules check them again as an admin of the organisation.
        services.GetRequiredService<ICallerOverride>().RunAs(new Caller(job.SubmittedBy, job.OrganisationId, Role.OrgAdmin));
        var unitOfWork = services.GetRequiredKeyedService<IUnitOfWork>(UnitOfWorkKeys.For(typeof(ImportsDbContext)));
        if (job.AppliedAt is not null)
        {
            // Its changes committed before its runner stopped: only the ending is left to do, at any attempt.
            await EndAsync(unitOfWork, db, job, null, null, stoppingToken);
            return;
        }

        if (job.Attempts > options.Value.MaxAttempts)
        {
            await EndAsync(unitOfWork, db, job, $"The import was started {job.Attempts - 1} times and its instance stopped each time before it finished; nothing of it was written. It is not tried again: split the file, or ask the platform's operators.", null, stoppingToken);
            return;
        }

        // Give the run up before the claim runs out, so no other instance can take it while it still runs.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(options.Value.ClaimFor - TimeSpan.FromSeconds(Math.Min(30, options.Value.ClaimFor.TotalSeconds / 10)));
        var cancellationToken = deadline.Token;
        LogStarted(jobId, job.Format, job.DryRun, job.Attempts);
        var formatName = WireNames.Of(job.Format);
        using var activity = ImportTelemetry.StartImport(formatName, job.DryRun);
        var started = clock.GetTimestamp();
        var applied = false;
        try
        {
            var import = new DirectoryImport(services.GetRequiredService<ISender>(), options.Value.MeetingsPerSlice);
            var transaction = services.GetRequiredService<CrossModuleTransaction>();
            var runMemories = services.GetRequiredService<ImportRunMemories>();
            byte[]? dryRunReport = null;
            var totals = await transaction.RunAsync(
                db,
                async ct =>
                {
                    // Still ours, inside the transaction: a runner that lost its claim writes nothing.
                    var stillOurs = await db.Jobs.Where(j => j.Id == jobId && j.Runner == instance.Id && j.FinishedAt == null)
                        .ExecuteUpdateAsync(set => set.SetProperty(j => j.UpdatedAt, clock.GetUtcNow()), ct);
                    if (stillOurs == 0)
                    {
                        return null;
                    }

                    // The file is read, and the report stored, inside the attempt, and the modules' memories of
                    // the run are let go as soon as it is written: neither the parsed file, nor the report's objects
                    // (every row of a 100,000-row file, several times over), nor the places and groups the modules
                    // learnt outlive the work, so they are not held through the commit and the wait for the read
                    // models to catch up, when a large import's memory peaks.
                    var file = SourceReaders.Read(job.Format, SourceReaders.Decompress(job.Source ?? [], job.SourceBytes));
                    var report = await import.RunAsync(job, file, ct);
                    runMemories.ForgetAll();
                    var stored = StoredReport.Write(report);
                    if (job.DryRun)
                    {
                        dryRunReport = stored;
                    }
                    else
                    {
                        var appliedAt = clock.GetUtcNow();
                        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(set => ImportJob.RecordApplied(set, stored, appliedAt), ct);
                    }

                    return report.Totals;
                },
                commit: totals => totals is not null && !job.DryRun,
                cancellationToken);

            if (totals is null)
            {
                LogLostClaim(jobId);
                return;
            }

            // A dry run's work was rolled back and its report is recorded now; a real run's changes committed with
            // the report, and the transaction waited for this instance's search index to have them: it succeeds now.
            // Past this point nothing may call the import failed: should the ending fail, the next claim ends it.
            applied = !job.DryRun;
            await EndAsync(unitOfWork, db, job, null, dryRunReport, CancellationToken.None);

            var elapsed = clock.GetElapsedTime(started);
            LogFinished(jobId, totals.Meetings, totals.Create, totals.Update, totals.Unchanged, totals.Reject, elapsed.TotalSeconds);
            telemetry.Finished(formatName, job.DryRun, totals.Meetings, totals.Create, totals.Update, totals.Unchanged, totals.Reject, elapsed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: nothing was written. Hand the job back so the next instance to look runs it at once.
            await using var handBack = scopes.CreateAsyncScope();
            await handBack.ServiceProvider.GetRequiredService<ImportsDbContext>().Jobs
                .Where(j => j.Id == jobId && j.Runner == instance.Id && j.FinishedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, ImportStatus.Queued).SetProperty(j => j.Runner, (string?)null).SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }
        catch (Exception exception) when (applied)
        {
            LogEndingDeferred(jobId, exception.GetType().Name);
        }
        catch (Exception exception)
        {
            var reason = exception switch
            {
                OperationCanceledException => $"The import took longer than {options.Value.ClaimFor.TotalMinutes:0.#} minutes and was stopped; nothing of it was written. Split the file into smaller ones.",
                SourceFormatException format => format.Message,
                ProblemException problem => $"{problem.Message} Nothing of the import was written.",
                _ => $"The import failed unexpectedly ({exception.GetType().Name}); nothing of it was written. Try again, and tell the platform's operators if it fails again.",
            };

            // The type only: an exception's message can quote the file, which may hold personal details.
            LogFailed(jobId, exception.GetType().Name);
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            await EndAsync(unitOfWork, db, job, reason, null, CancellationToken.None);
        }
    }

    /// <summary>Ends the job: failed with <paramref name="failure"/>, else succeeded, with <paramref name="report"/> or the report it recorded when applied.</summary>
    private async Task EndAsync(IUnitOfWork unitOfWork, ImportsDbContext db, ImportJob job, string? failure, byte[]? report, CancellationToken cancellationToken) =>
        await unitOfWork.ExecuteAsync<bool>(
            async ct =>
            {
                var now = clock.GetUtcNow();
                await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(
                    set =>
                    {
                        if (failure is null)
                        {
                            ImportJob.Finish(set, report, now);
                        }
                        else
                        {
                            ImportJob.Fail(set, failure, now);
                        }
                    },
                    ct);
                await db.ActiveImports.Where(a => a.OrganisationId == job.OrganisationId && a.JobId == job.Id).ExecuteDeleteAsync(ct);
                db.Outbox.Add(new ImportFinishedIntegrationEvent(job.Id, job.OrganisationId, failure is null, job.DryRun));
                return true;
            },
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {JobId} started ({Format}, dry run {DryRun}, attempt {Attempt})")]
    private partial void LogStarted(Guid jobId, ImportFormat format, bool dryRun, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {JobId} finished in {Seconds:0.0} s: {Meetings} meetings, {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected")]
    private partial void LogFinished(Guid jobId, int meetings, int created, int updated, int unchanged, int rejected, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {JobId} failed with {ExceptionType}; nothing of it was written")]
    private partial void LogFailed(Guid jobId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {JobId} was applied but recording its end failed with {ExceptionType}; the next instance to claim it ends it")]
    private partial void LogEndingDeferred(Guid jobId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {JobId} was taken over by another instance before it could be written; this run wrote nothing")]
    private partial void LogLostClaim(Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for imports to run failed with {ExceptionType}; trying again at the next poll")]
    private partial void LogPollFailed(string exceptionType);
}
