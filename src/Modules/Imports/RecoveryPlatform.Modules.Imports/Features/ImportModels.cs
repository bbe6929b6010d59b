using System.Linq.Expressions;
using RecoveryPlatform.Modules.Imports.Domain;
using RecoveryPlatform.Modules.Imports.Running;

namespace RecoveryPlatform.Modules.Imports.Features;

/// <summary>An import job: where it stands and, once it has run, its report.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Organisation">The slug of the organisation whose directory it imports into.</param>
/// <param name="Format">meeting-guide-json, meeting-guide-csv or bmlt-json.</param>
/// <param name="DryRun">True when it only works out what an import would do, and writes nothing.</param>
/// <param name="RemoveMissing">True when meetings of an earlier import that the file no longer has are closed.</param>
/// <param name="Status">queued, running, succeeded or failed.</param>
/// <param name="SourceBytes">The size of the file as sent.</param>
/// <param name="SubmittedAt">When it was sent.</param>
/// <param name="StartedAt">When an instance last started it.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Attempts">How many times an instance started it (more than one: an instance stopped while running it, and another took over).</param>
/// <param name="Failure">Why it failed, when it did; a failed import wrote nothing.</param>
/// <param name="Report">What it did (or would do): per meeting, create, update, unchanged or reject with the reasons.</param>
internal sealed record ImportJobResponse(
    Guid Id,
    string Organisation,
    ImportFormat Format,
    bool DryRun,
    bool RemoveMissing,
    ImportStatus Status,
    int SourceBytes,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    string? Failure,
    ImportReport? Report)
{
    public static ImportJobResponse From(ImportJob job, string organisationSlug) => From(ImportJobState.OfJob(job), organisationSlug);

    public static ImportJobResponse From(ImportJobState job, string organisationSlug) => new(
        job.Id,
        organisationSlug,
        job.Format,
        job.DryRun,
        job.RemoveMissing,
        job.Status,
        job.SourceBytes,
        job.SubmittedAt,
        job.StartedAt,
        job.FinishedAt,
        job.Attempts,
        job.Failure,
        StoredReport.Read(job.Report, job.ReportJson));

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasEnded => Status is ImportStatus.Succeeded or ImportStatus.Failed;
}

/// <summary>
/// A job as its status is told, without the file it holds: a client polls the status several times a second, and
/// loading a 30 MB file's compressed copy for every poll filled the large object heap while the import ran.
/// </summary>
internal sealed record ImportJobState(
    Guid Id,
    Guid OrganisationId,
    ImportFormat Format,
    bool DryRun,
    bool RemoveMissing,
    ImportStatus Status,
    int SourceBytes,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    string? Failure,
    byte[]? Report,
    string? ReportJson)
{
    /// <summary>
    /// The columns a query reads (the file is not one of them), and the report only once the job has ended: a real
    /// run's report is written with its changes, seconds before the job is marked succeeded (once this instance's
    /// search index has them), and parsing a 100,000-row report for every poll in between churned gigabytes.
    /// </summary>
    public static readonly Expression<Func<ImportJob, ImportJobState>> Projection = job => new ImportJobState(
        job.Id, job.OrganisationId, job.Format, job.DryRun, job.RemoveMissing, job.Status, job.SourceBytes,
        job.SubmittedAt, job.StartedAt, job.FinishedAt, job.Attempts, job.Failure,
        job.Status == ImportStatus.Succeeded || job.Status == ImportStatus.Failed ? job.Report : null,
        job.Status == ImportStatus.Succeeded || job.Status == ImportStatus.Failed ? job.ReportJson : null);

    public static readonly Func<ImportJob, ImportJobState> OfJob = Projection.Compile();
}
