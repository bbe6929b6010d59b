using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.VerifyGroup;

/// <summary>Records that someone confirmed the listing is still right. <c>ExpectedVersion</c> is checked only when given.</summary>
internal sealed record VerifyGroupCommand(Guid Id, IfMatch? ExpectedVersion) : ICommand<VersionedGroup>;

internal sealed class VerifyGroupHandler(GroupsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<VerifyGroupCommand, VersionedGroup>
{
    public async ValueTask<VersionedGroup> Handle(VerifyGroupCommand command, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var group = await GroupAccess.LoadManagedAsync(db, caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, group.Version);
        group.Verify(caller.CredentialId ?? "system", clock.GetUtcNow());
        var organisation = await GroupAccess.VisibleOrganisationAsync(sender, caller, group, cancellationToken);
        return VersionedGroup.From(group, organisation, caller);
    }
}

internal static class VerifyGroupEndpoint
{
    public static void Map(IEndpointRouteBuilder groups) =>
        groups.MapPost("/{id:guid}/verify", async (Guid id, ISender sender, HttpRequest http, HttpResponse response, CancellationToken cancellationToken) =>
            {
                // Verifying changes no details, so If-Match is optional here; when sent, a stale one is still a 412.
                var expectedVersion = http.Headers.IfMatch.Count > 0 ? ConcurrencyHeaders.RequireIfMatch(http) : null;
                var verified = await sender.Send(new VerifyGroupCommand(id, expectedVersion), cancellationToken);
                ConcurrencyHeaders.SetETag(response, verified.ETag);
                return TypedResults.Ok(verified.Group);
            })
            .WithName("VerifyGroup")
            .WithSummary("Confirm a group's listing is still right")
            .WithDescription(
                "Stamps lastVerifiedAt with the current time and lastVerifiedBy with the caller's credential, and returns the group with its new ETag. " +
                "Find listings nobody has confirmed lately with GET /api/v1/groups?verifiedBefore=…. Editors and organisation admins of its " +
                "organisation, and platform admins. If-Match is optional; a stale one is a 412.")
            .RequireAuthorization(Policies.Editor)
            .Produces<GroupResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesCommonProblems();
}
