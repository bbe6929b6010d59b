using RecoveryPlatform.SharedKernel.Messaging;
using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
/// <param name="ContactPhone">A phone number of the group's country (or with + and its country code), stored in E.164; shown publicly only when showContactPublicly is true.</param>
/// <param name="ShowContactPublicly">Whether everyone may see the contact email and phone.</param>
/// <param name="ServiceAreas">Regions the group serves; up to 20.</param>
/// <param name="Status">active, inactive or closed; omitted leaves it unchanged. Closing a group takes its meetings out of public results; reopening it brings them back.</param>
/// <param name="CountryCode">ISO 3166 alpha-2 country the group is in (default GB): the country of a phone number written without +.</param>
/// <param name="ServiceBody">The area service body (intergroup, district, area) the group belongs to; omitted or null clears it.</param>
internal sealed record UpdateGroupRequest(
    string? Name,
    string? Description,
    string? Website,
    string? ContactEmail,
    string? ContactPhone,
    bool? ShowContactPublicly,
    IReadOnlyList<string>? ServiceAreas,
    GroupStatus? Status,
    string? CountryCode = null,
    ServiceBody? ServiceBody = null) : IGroupFields
{
    public static UpdateGroupRequest From(GroupResponse g) =>
        new(g.Name, g.Description, g.Website, g.ContactEmail, g.ContactPhone, g.ShowContactPublicly, g.ServiceAreas, g.Status, g.CountryCode, g.ServiceBody);
}

internal sealed record UpdateGroupCommand(Guid Id, IfMatch? ExpectedVersion, UpdateGroupRequest Request) : GroupFieldsMessage(Request), ICommand<VersionedGroup>;

internal sealed class UpdateGroupValidator : AbstractValidator<UpdateGroupCommand>
{
    public UpdateGroupValidator() => this.ValidateGroupFields();
}

internal sealed class UpdateGroupHandler(GroupsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<UpdateGroupCommand, VersionedGroup>
{
    public async ValueTask<VersionedGroup> Handle(UpdateGroupCommand command, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var group = await GroupAccess.LoadManagedAsync(db, caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, group.Version);
        var now = clock.GetUtcNow();
        var closure = group.Update(
            command.ToDetails(command.Request.ShowContactPublicly ?? false),
            command.Request.Status ?? group.Status,
            now);

        // Recorded with the change and delivered after it commits, whoever sent this command.
        db.Outbox.Add(new GroupChangedIntegrationEvent(group.Id, group.OrganisationId, ChangeAction.Updated));
        switch (closure)
        {
            case GroupClosure.Closed:
                db.Outbox.Add(new GroupClosedIntegrationEvent(group.Id, group.OrganisationId, now));
                break;
            case GroupClosure.Reopened:
                db.Outbox.Add(new GroupReopenedIntegrationEvent(group.Id, group.OrganisationId, now));
                break;
        }

        var organisation = await GroupAccess.VisibleOrganisationAsync(sender, caller, group, cancellationToken);
        return VersionedGroup.From(group, organisation, caller);
    }
}

internal static class UpdateGroupEndpoints
{
    public static void Map(IEndpointRouteBuilder groups)
    {
        groups.MapPut("/{id:guid}", (Guid id, UpdateGroupRequest request, HttpContext http) => VersionedResources.ReplaceAsync(id, request, http, Replace))
            .WithName("ReplaceGroup")
            .WithSummary("Replace a group's details")
            .WithDescription(
                "Editors and organisation admins of the group's organisation, and platform admins; another organisation's group is a 404. " +
                "Requires If-Match with the current ETag. Setting status to 'closed' takes the group out of the public list and its meetings out of " +
                "public results; setting it back to 'active' or 'inactive' brings them back.")
            .WithRequestExample(new UpdateGroupRequest(
                "Leeds Tuesday Night Group",
                "An open AA meeting; newcomers and visitors welcome. Step-free access.",
                "https://leeds-tuesday.example.org",
                "secretary@leeds-tuesday.example.org",
                "0113 496 0000",
                true,
                ["Leeds"],
                GroupStatus.Active))
            .WithVersionedWriteConventions<GroupResponse>(Policies.Editor);

        groups.MapPatch("/{id:guid}", (Guid id, JsonObject patch, HttpContext http) => VersionedResources.MergePatchAsync(id, patch, http, ReadWritable, Replace))
            .AcceptsMergePatch()
            .WithName("PatchGroup")
            .WithSummary("Change some of a group's details")
            .WithDescription("JSON Merge Patch (RFC 7396): send only the fields to change; null clears an optional field. Same rules and access as PUT.")
            .WithRequestExample(new { status = "inactive", description = "Paused over the summer; back in September." })
            .WithVersionedWriteConventions<GroupResponse>(Policies.Editor);
    }

    private static async ValueTask<Tagged<GroupResponse>> Replace(Guid id, UpdateGroupRequest request, IfMatch expected, ISender sender, CancellationToken cancellationToken)
    {
        var updated = await sender.Send(new UpdateGroupCommand(id, expected, request), cancellationToken);
        return new Tagged<GroupResponse>(updated.Group, updated.ETag);
    }

    private static async ValueTask<UpdateGroupRequest> ReadWritable(Guid id, ISender sender, CancellationToken cancellationToken) =>
        UpdateGroupRequest.From((await sender.Send(new GetGroupQuery(id, ForEditing: true), cancellationToken)).Group);
}
