using Microsoft.EntityFrameworkCore.Query;
using RecoveryPlatform.SharedKernel.Auditing;

namespace RecoveryPlatform.Modules.Imports.Domain;

/// <summary>The kinds of file an import reads, told apart by the request's Content-Type.</summary>
internal enum ImportFormat
{
    MeetingGuideJson,
    MeetingGuideCsv,
    BmltJson,
}

internal enum ImportStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One import of a directory file into an organisation: queued by the request, run in the background by whichever
/// instance claims it, and kept with its report. The file itself is kept only until the job ends.
/// </summary>
internal sealed class ImportJob : IAuditable
{
    public const int FailureMaxLength = 1000;

    private ImportJob()
    {
    }

    public Guid Id { get; private set; }

    Guid? IAuditable.AuditOrganisationId => OrganisationId;

    public Guid OrganisationId { get; private set; }

    public ImportFormat Format { get; private set; }

    public bool DryRun { get; private set; }

    public bool RemoveMissing { get; private set; }

    public ImportStatus Status { get; private set; }

    /// <summary>The file as sent, gzip-compressed; dropped when the job ends (it may hold contact details).</summary>
    public byte[]? Source { get; private set; }

    public int SourceBytes { get; private set; }

    /// <summary>The credential that submitted it (an API key's id), whose rights the job runs with.</summary>
    public string SubmittedBy { get; private set; } = string.Empty;

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>How many times an instance started it: more than one means a runner stopped (a crash) and another took over.</summary>
    public int Attempts { get; private set; }

    /// <summary>The instance running it.</summary>
    public string? Runner { get; private set; }

    /// <summary>
    /// Until when the runner has it. A runner gives up its own run before then, so a job still running after it was
    /// left by an instance that stopped (a crash): another instance takes it and runs it again from the start.
    /// </summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>The report once it has run: <c>ImportReport</c> as gzip-compressed JSON (see <c>StoredReport</c>).</summary>
    public byte[]? Report { get; private set; }

    /// <summary>
    /// The report of a job that ended before reports were stored compressed, as JSON text; null for every job since.
    /// A 100,000-meeting report is 12.7 MB of JSON (25 MB as a string): written as one string and read back as one, it
    /// was held three times over (UTF-16, and UTF-8 on its way to and from the database) when an import's memory peaks.
    /// </summary>
    public string? ReportJson { get; private set; }

    public string? Failure { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static ImportJob Queue(Guid organisationId, ImportFormat format, bool dryRun, bool removeMissing, byte[] compressedSource, int sourceBytes, string submittedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganisationId = organisationId,
        Format = format,
        DryRun = dryRun,
        RemoveMissing = removeMissing,
        Status = ImportStatus.Queued,
        Source = compressedSource,
        SourceBytes = sourceBytes,
        SubmittedBy = submittedBy,
        SubmittedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// When the import's changes committed (with the report, in their transaction). The job succeeds a moment later,
    /// once this instance's search index has them, so a client told "succeeded" finds the meetings.
    /// </summary>
    public DateTimeOffset? AppliedAt { get; private set; }

    /// <summary>Records that the import's changes are committed, with its report (in their transaction).</summary>
    /// <remarks>
    /// Set-based, as are the endings below: a job loaded to be changed reads back its file and its report (tens of
    /// megabytes for a large import) only to write them again.
    /// </remarks>
    public static void RecordApplied(UpdateSettersBuilder<ImportJob> set, byte[] report, DateTimeOffset now) =>
        set.SetProperty(j => j.Report, report).SetProperty(j => j.AppliedAt, now).SetProperty(j => j.UpdatedAt, now);

    /// <summary>Ends the job as succeeded: with <paramref name="report"/>, or the report it recorded when applied.</summary>
    public static void Finish(UpdateSettersBuilder<ImportJob> set, byte[]? report, DateTimeOffset now)
    {
        set.SetProperty(j => j.Status, ImportStatus.Succeeded);
        if (report is not null)
        {
            set.SetProperty(j => j.Report, report);
        }

        End(set, now);
    }

    public static void Fail(UpdateSettersBuilder<ImportJob> set, string failure, DateTimeOffset now)
    {
        var shown = failure.Length <= FailureMaxLength ? failure : failure[..FailureMaxLength];
        set.SetProperty(j => j.Status, ImportStatus.Failed).SetProperty(j => j.Failure, shown);
        End(set, now);
    }

    /// <summary>An ended job keeps its report, not its file.</summary>
    private static void End(UpdateSettersBuilder<ImportJob> set, DateTimeOffset now) =>
        set.SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Source, (byte[]?)null)
            .SetProperty(j => j.Runner, (string?)null)
            .SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.UpdatedAt, now);
}

/// <summary>The organisation's import that has not ended: at most one, which the primary key guarantees across instances.</summary>
internal sealed class ActiveImport
{
    public Guid OrganisationId { get; set; }

    public Guid JobId { get; set; }
}
