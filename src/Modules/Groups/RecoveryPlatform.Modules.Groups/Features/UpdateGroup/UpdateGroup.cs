using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using RecoveryPlatform.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Features.GetGroup;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.UpdateGroup;

/// <summary>
/// The writable fields of a group; a PUT replaces them all (an omitted optional field is cleared,
/// an omitted <c>showContactPublicly</c> is false). The organisation is permanent.
/// </summary>
/// <param name="Name">The group's name.</param>
/// <param name="Description">What the group is and who it welcomes.</param>
/// <param name="Website">Absolute http or https URL.</param>
/// <param name="ContactEmail">Shown publicly only when showContactPublicly is true.</param>
/// <param name="ContactPhone">A UK number; shown publicly only when showContactPublicly is true.</param>
/// <param name="ShowContactPublicly">Whether everyone may see the contact email and phone.</param>
/// <param name="ServiceAreas">Regions the group serves; up to 20.</param>
/// <param name="Status">active, inactive or closed; omitted leaves it unchanged. Closing a group announces it to the Meetings module.</param>
internal sealed record UpdateGroupRequest(
    string? Name,
    string? Description,
    string? Website,
    string? ContactEmail,
    string? ContactPhone,
    bool? ShowContactPublicly,
    IReadOnlyList<string>? ServiceAreas,
    GroupStatus? Status)
{
    public static UpdateGroupRequest From(GroupResponse g) =>
        new(g.Name, g.Description, g.Website, g.ContactEmail, g.ContactPhone, g.ShowContactPublicly, g.ServiceAreas, g.Status);
}

internal sealed record UpdateGroupCommand(
    Guid Id,
    Guid? ExpectedVersion,
    string? Name,
    string? Description,
    string? Website,
    string? ContactEmail,
    string? ContactPhone,
    bool? ShowContactPublicly,
    IReadOnlyList<string>? ServiceAreas,
    GroupStatus? Status) : ICommand<UpdatedGroup>, IGroupFields;

/// <summary>The group after the change, and the closure to announce once the change is saved (null unless this change closed it).</summary>
internal sealed record UpdatedGroup(VersionedGroup Group, GroupClosedIntegrationEvent? Closure);

internal sealed class UpdateGroupValidator : AbstractValidator<UpdateGroupCommand>
{
    public UpdateGroupValidator() => this.ValidateGroupFields();
}

internal sealed class UpdateGroupHandler(GroupsDbContext db, ISender sender, ICallerAccessor callers, IPublisher publisher, AfterCommit afterCommit, TimeProvider clock)
    : ICommandHandler<UpdateGroupCommand, UpdatedGroup>
{
    public async ValueTask<UpdatedGroup> Handle(UpdateGroupCommand command, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var group = await GroupAccess.LoadManagedAsync(db, caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, group.Version);
        var now = clock.GetUtcNow();
        afterCommit.Publish(publisher, new GroupChangedIntegrationEvent(group.Id));
        var closes = group.Update(
            new GroupDetails(command.Name!, command.Description, command.Website, command.ContactEmail, command.ContactPhone, command.ShowContactPublicly ?? false, command.ServiceAreas ?? []),
            command.Status ?? group.Status,
            now);
        var organisation = await GroupAccess.VisibleOrganisationAsync(sender, caller, group, cancellationToken);
        return new UpdatedGroup(
            VersionedGroup.From(group, organisation, caller),
            closes ? new GroupClosedIntegrationEvent(group.Id, group.OrganisationId, now) : null);
    }
}

internal static class UpdateGroupEndpoints
{
    public static void Map(IEndpointRouteBuilder groups)
    {
        groups.MapPut("/{id:guid}", async (Guid id, UpdateGroupRequest request, ISender sender, IPublisher publisher, HttpRequest http, HttpResponse response, CancellationToken cancellationToken) =>
                await Update(id, request, ConcurrencyHeaders.RequireIfMatch(http), sender, publisher, response, cancellationToken))
            .WithName("ReplaceGroup")
            .WithSummary("Replace a group's details")
            .WithDescription(
                "Editors and organisation admins of the group's organisation, and platform admins; another organisation's group is a 404. " +
                "Requires If-Match with the current ETag. Setting status to 'closed' takes the group out of the public list.")
            .WithRequestExample(new UpdateGroupRequest(
                "Leeds Tuesday Night Group",
                "An open AA meeting; newcomers and visitors welcome. Step-free access.",
                "https://leeds-tuesday.example.org",
                "secretary@leeds-tuesday.example.org",
                "0113 496 0000",
                true,
                ["Leeds"],
                GroupStatus.Active))
            .WithWriteConventions();

        groups.MapPatch("/{id:guid}", async (Guid id, JsonObject patch, ISender sender, IPublisher publisher, HttpRequest http, HttpResponse response, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
            {
                var expectedVersion = ConcurrencyHeaders.RequireIfMatch(http);
                var current = await sender.Send(new GetGroupQuery(id, ForEditing: true), cancellationToken);
                var request = MergePatchRequest.Apply(UpdateGroupRequest.From(current.Group), patch, json.Value.SerializerOptions);
                return await Update(id, request, expectedVersion, sender, publisher, response, cancellationToken);
            })
            .Accepts<JsonObject>(JsonMergePatch.MediaType, "application/json")
            .WithName("PatchGroup")
            .WithSummary("Change some of a group's details")
            .WithDescription("JSON Merge Patch (RFC 7396): send only the fields to change; null clears an optional field. Same rules and access as PUT.")
            .WithRequestExample(new { status = "inactive", description = "Paused over the summer; back in September." })
            .WithWriteConventions();
    }

    private static async Task<Ok<GroupResponse>> Update(Guid id, UpdateGroupRequest request, Guid? expectedVersion, ISender sender, IPublisher publisher, HttpResponse response, CancellationToken cancellationToken)
    {
        var updated = await sender.Send(
            new UpdateGroupCommand(id, expectedVersion, request.Name, request.Description, request.Website, request.ContactEmail, request.ContactPhone, request.ShowContactPublicly, request.ServiceAreas, request.Status),
            cancellationToken);

        // The unit-of-work behaviour commits the command's transaction only after the handler returns,
        // so a handler that published would announce a closure that could still roll back (a concurrent
        // write fails the save with 412). Once Send returns the closure is committed, and only then is it
        // announced — in-process, and not cancelled by a client that has gone away, since the change it
        // reports has happened. What this cannot promise is delivery: a crash between commit and publish,
        // or a subscriber that throws, loses the announcement while the group stays closed. When the
        // Meetings module subscribes for real, this becomes an outbox row written in the same transaction.
        if (updated.Closure is { } closure)
        {
            await publisher.Publish(closure, CancellationToken.None);
        }

        ConcurrencyHeaders.SetETag(response, updated.Group.Version);
        return TypedResults.Ok(updated.Group.Group);
    }

    private static RouteHandlerBuilder WithWriteConventions(this RouteHandlerBuilder builder) =>
        builder
            .RequireAuthorization(Policies.Editor)
            .Produces<GroupResponse>()
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConcurrencyProblems()
            .ProducesCommonProblems();
}
