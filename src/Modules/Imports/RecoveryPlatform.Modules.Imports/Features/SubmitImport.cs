using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RecoveryPlatform.Modules.Imports.Domain;
using RecoveryPlatform.Modules.Imports.Persistence;
using RecoveryPlatform.Modules.Imports.Running;
using RecoveryPlatform.Modules.Imports.Sources;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Imports.Features;

internal sealed record SubmitImportCommand(string OrganisationSlug, ImportFormat Format, bool DryRun, bool RemoveMissing, byte[] File) : ICommand<ImportJobResponse>;

internal sealed class SubmitImportHandler(ImportsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<SubmitImportCommand, ImportJobResponse>
{
    public async ValueTask<ImportJobResponse> Handle(SubmitImportCommand command, CancellationToken cancellationToken)
    {
        var organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(command.OrganisationSlug), cancellationToken)
            ?? throw new NotFoundException("Organisation", command.OrganisationSlug);
        // An admin of another organisation is told nothing about this one, as everywhere else.
        var caller = callers.Caller;
        if (!caller.HasRoleIn(organisation.Id, Role.OrgAdmin))
        {
            throw new NotFoundException("Organisation", command.OrganisationSlug);
        }

        if (organisation.Kind != OrganisationKind.Fellowship || organisation.Status != OrganisationStatus.Active)
        {
            throw new BusinessRuleException($"Only an active fellowship has a directory to import into; '{organisation.Slug}' is not one.");
        }

        // Read it now, so a file that is not what it says is refused while the client is still here; rows are judged later.
        int records;
        try
        {
            records = SourceReaders.CountRecords(command.Format, command.File);
        }
        catch (SourceFormatException unreadable)
        {
            throw new ValidationException([new ValidationFailure("body", unreadable.Message)]);
        }

        if (records == 0 && command.RemoveMissing)
        {
            throw new ValidationException([new ValidationFailure("removeMissing", "The file has no meetings: with removeMissing=true it would close every meeting an earlier import brought in. Send the file with its meetings, or leave removeMissing off.")]);
        }

        if (await db.ActiveImports.AsNoTracking().FirstOrDefaultAsync(a => a.OrganisationId == organisation.Id, cancellationToken) is { } active)
        {
            var conflict = new ConflictException($"An import into '{organisation.Slug}' is queued or running; send this one when it has ended.");
            conflict.Extensions["import"] = $"/api/v1/imports/{active.JobId}";
            throw conflict;
        }

        var job = ImportJob.Queue(organisation.Id, command.Format, command.DryRun, command.RemoveMissing, SourceReaders.Compress(command.File), command.File.Length, caller.CredentialId ?? "unknown", clock.GetUtcNow());
        db.Jobs.Add(job);

        // The key of this row makes a second import of the organisation, sent at the same moment to another instance, a 409.
        db.ActiveImports.Add(new ActiveImport { OrganisationId = organisation.Id, JobId = job.Id });
        return ImportJobResponse.From(job, organisation.Slug);
    }
}

internal static class SubmitImportEndpoint
{
    public static void Map(IEndpointRouteBuilder api, long maxFileBytes) =>
        api.MapPost("/organisations/{slug}/imports", SubmitAsync)
            .WithName("SubmitImport")
            .WithSummary("Import a directory file into an organisation")
            .WithDescription(
                "Organisation admins of the organisation, and platform admins. The body is a Meeting Guide JSON feed (application/json), " +
                "a TSML / Meeting Guide spreadsheet (text/csv), or a BMLT GetSearchResults export (application/json, recognised by its fields, " +
                "or format=bmlt). At most 10 MB (Imports:MaxFileBytes). The file is checked at once (400 when it cannot be read); its meetings are imported in the " +
                "background as one transaction: 202 with Location /api/v1/imports/{id}, where the job's status and report are. " +
                "Meetings are matched by the source's slug (or BMLT id); venues by address and postcode or the nearby-duplicates rule; groups by name. " +
                "dryRun=true works out the same report and writes nothing. removeMissing=true closes meetings an earlier import brought in that " +
                "the file no longer has (otherwise they are only reported). An empty file with removeMissing=true is refused. 409 while another import of the organisation is queued or running. " +
                "See docs/imports.md.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Accepts<IReadOnlyList<object>>("application/json", "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(maxFileBytes))
            .Produces<ImportJobResponse>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(ImportExamples.MeetingGuideFeed, "application/json")
            .WithRequestExample(ImportExamples.Spreadsheet, "text/csv")
            .WithResponseExample(ImportExamples.Queued, StatusCodes.Status202Accepted);

    /// <param name="slug">The organisation's slug.</param>
    /// <param name="dryRun">true: work out the report, write nothing.</param>
    /// <param name="removeMissing">true: close meetings of an earlier import that the file no longer has.</param>
    /// <param name="format">meeting-guide or bmlt, for a JSON body whose kind should not be guessed.</param>
    /// <param name="http">The request, whose body is the file.</param>
    /// <param name="sender">The mediator.</param>
    /// <param name="options">The import settings (the largest file).</param>
    /// <param name="signal">Wakes this instance's runner.</param>
    /// <param name="cancellationToken">The request's.</param>
    private static async Task<IResult> SubmitAsync(
        string slug, bool? dryRun, bool? removeMissing, string? format, HttpContext http, ISender sender, IOptions<ImportOptions> options, ImportQueueSignal signal, CancellationToken cancellationToken)
    {
        var file = await ReadBodyAsync(http.Request, options.Value.MaxFileBytes, cancellationToken);
        var kind = FormatOf(http.Request.ContentType, format, file);
        var job = await sender.Send(new SubmitImportCommand(slug, kind, dryRun ?? false, removeMissing ?? false, file), cancellationToken);
        signal.JobQueued();
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Accepted($"/api/v1/imports/{job.Id}", job);
    }

    private static ImportFormat FormatOf(string? contentType, string? format, byte[] file)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type))
        {
            throw new UnsupportedMediaTypeException("Send the file as application/json (a Meeting Guide feed or a BMLT export) or text/csv (a spreadsheet).");
        }

        if (type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return ImportFormat.MeetingGuideCsv;
        }

        if (!type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !type.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedMediaTypeException($"'{type.MediaType}' is not a format an import reads: send application/json (a Meeting Guide feed or a BMLT export) or text/csv.");
        }

        return format?.Trim().ToLowerInvariant() switch
        {
            null or "" => SourceReaders.JsonFormatOf(file),
            "meeting-guide" => ImportFormat.MeetingGuideJson,
            "bmlt" => ImportFormat.BmltJson,
            _ => throw new ValidationException([new ValidationFailure("format", "meeting-guide or bmlt.")]),
        };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        // Sized from Content-Length when the client sends one, so a 30 MB file is one array, not a doubling series.
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 and <= int.MaxValue ? (int)Math.Min(length, maxBytes) : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException($"The file is larger than the {maxBytes} bytes an import takes: split it, for example by region.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new ValidationException([new ValidationFailure("body", "The body is empty: send the file to import.")]);
        }

        // The whole buffer when Content-Length was right: no copy.
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}

internal static class ImportExamples
{
    public static readonly object[] MeetingGuideFeed =
    [
        new Dictionary<string, object>
        {
            ["name"] = "Headingley Big Book",
            ["slug"] = "headingley-big-book",
            ["day"] = 2,
            ["time"] = "19:30",
            ["end_time"] = "20:30",
            ["timezone"] = "Europe/London",
            ["types"] = new[] { "O", "B", "X" },
            ["location"] = "St Michael's Church Hall",
            ["address"] = "St Michael's Road",
            ["city"] = "Leeds",
            ["postal_code"] = "LS6 3AW",
            ["country"] = "UK",
            ["latitude"] = 53.8196,
            ["longitude"] = -1.5773,
            ["group"] = "Headingley Group",
            ["regions"] = new[] { "Leeds", "Headingley" },
            ["updated"] = "2026-11-02 18:04:00",
        },
    ];

    public const string Spreadsheet =
        "Day,Time,End Time,Name,Location,Address,City,Postal Code,Types,Slug,Timezone\r\n" +
        "Tuesday,7:30 PM,8:30 PM,Headingley Big Book,St Michael's Church Hall,St Michael's Road,Leeds,LS6 3AW,\"Open, Big Book\",headingley-big-book,Europe/London\r\n";

    public static readonly ImportJobResponse Queued = new(
        Guid.Parse("0193a0b0-0000-7000-8000-0000000000e1"), "aa-great-britain", ImportFormat.MeetingGuideJson, true, false, ImportStatus.Queued, 48213,
        new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero), null, null, 0, null, null);
}
