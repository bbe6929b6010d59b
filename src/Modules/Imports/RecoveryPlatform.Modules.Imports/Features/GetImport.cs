using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Imports.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Imports.Features;

internal sealed record GetImportQuery(Guid Id) : IQuery<ImportJobResponse>;

internal sealed class GetImportHandler(ImportsDbContext db, ISender sender, ICallerAccessor callers) : IQueryHandler<GetImportQuery, ImportJobResponse>
{
    public async ValueTask<ImportJobResponse> Handle(GetImportQuery query, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().Where(j => j.Id == query.Id).Select(ImportJobState.Projection).SingleOrDefaultAsync(cancellationToken);

        // Another organisation's import is not there, as far as the caller can tell.
        if (job is null || !callers.Caller.HasRoleIn(job.OrganisationId, Role.OrgAdmin))
        {
            throw new NotFoundException("Import", query.Id);
        }

        var organisation = await sender.Send(new GetOrganisationSummaryByIdQuery(job.OrganisationId), cancellationToken);
        return ImportJobResponse.From(job, organisation?.Slug ?? string.Empty);
    }
}

internal static class GetImportEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/imports/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var job = await sender.Send(new GetImportQuery(id), cancellationToken);
                if (!job.HasEnded)
                {
                    response.Headers.RetryAfter = "1";
                }

                response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(job);
            })
            .WithName("GetImport")
            .WithSummary("An import job's status and report")
            .WithDescription(
                "Organisation admins of the job's organisation, and platform admins (404 for anyone else). Poll until status is succeeded " +
                "or failed (Retry-After says how soon to ask again). The report lists every meeting of the file with create, update, " +
                "unchanged or reject and the reasons, the meetings an earlier import brought in that the file no longer has, unknown type codes, " +
                "fields the platform keeps nowhere, and likely duplicates. A failed import wrote nothing.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<ImportJobResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems()
            .WithResponseExample(ImportExamples.Queued);
}
