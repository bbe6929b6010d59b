using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.CreateGroup;

/// <summary>
/// A new group. It belongs to the caller's organisation; only a platform administrator, who has
/// none, names it with <c>organisation</c> (ignored for everyone else).
/// </summary>
/// <param name="Organisation">Slug of the fellowship the group belongs to. Platform administrators only, and required for them.</param>
/// <param name="Name">The group's name, e.g. "Leeds Tuesday Night Group".</param>
/// <param name="Description">What the group is and who it welcomes.</param>
/// <param name="Website">Absolute http or https URL.</param>
/// <param name="ContactEmail">Shown publicly only when showContactPublicly is true.</param>
/// <param name="ContactPhone">A phone number of the group's country (or with + and its country code), stored in E.164; shown publicly only when showContactPublicly is true.</param>
/// <param name="ShowContactPublicly">Whether everyone may see the contact email and phone (default false).</param>
/// <param name="ServiceAreas">Regions the group serves, e.g. "Leeds"; up to 20.</param>
/// <param name="Status">active (default) or inactive; a new group cannot be closed.</param>
/// <param name="CountryCode">ISO 3166 alpha-2 country the group is in (default GB): the country of a phone number written without +.</param>
/// <param name="ServiceBody">The area service body (intergroup, district, area) the group belongs to.</param>
internal sealed record CreateGroupRequest(
    string? Organisation,
    string? Name,
    string? Description,
    string? Website,
    string? ContactEmail,
    string? ContactPhone,
    bool? ShowContactPublicly,
    IReadOnlyList<string>? ServiceAreas,
    GroupStatus? Status,
    string? CountryCode = null,
    ServiceBody? ServiceBody = null) : IGroupFields;

internal sealed record CreateGroupCommand(CreateGroupRequest Request) : GroupFieldsMessage(Request), ICommand<VersionedGroup>;

internal sealed class CreateGroupValidator : AbstractValidator<CreateGroupCommand>
{
    public CreateGroupValidator()
    {
        RuleFor(c => c.Request.Organisation).MaximumLength(64).OverridePropertyName("organisation");
        this.ValidateGroupFields();
        RuleFor(c => c.Request.Status).NotEqual(GroupStatus.Closed).OverridePropertyName("status").WithMessage("A new group cannot be closed.");
    }
}

internal sealed class CreateGroupHandler(GroupsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<CreateGroupCommand, VersionedGroup>
{
    public async ValueTask<VersionedGroup> Handle(CreateGroupCommand command, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var organisation = await OwningOrganisation.ForNewRecordAsync(sender, caller, command.Request.Organisation, OrganisationKind.Fellowship, "groups", cancellationToken);
        var group = Group.Create(
            organisation.Id,
            command.ToDetails(command.Request.ShowContactPublicly ?? false),
            command.Request.Status ?? GroupStatus.Active,
            clock.GetUtcNow());
        db.Groups.Add(group);
        db.Outbox.Add(new GroupChangedIntegrationEvent(group.Id, group.OrganisationId, ChangeAction.Created));
        return VersionedGroup.From(group, organisation, caller);
    }
}

internal static class CreateGroupEndpoint
{
    public static void Map(IEndpointRouteBuilder groups) =>
        groups.MapPost("/", (CreateGroupRequest request, HttpContext http) => VersionedResources.CreateAsync(
                request,
                http,
                static async (request, sender, cancellationToken) =>
                {
                    var created = await sender.Send(new CreateGroupCommand(request), cancellationToken);
                    return new Tagged<GroupResponse>(created.Group, created.ETag);
                },
                static created => $"/api/v1/groups/{created.Id}"))
            .WithName("CreateGroup")
            .WithSummary("Create a group")
            .WithDescription(
                "Editors and organisation admins add a group to their own organisation, which must be an active fellowship. " +
                "Platform admins name the organisation with 'organisation' (its slug). 'id' and 'organisationId' in the body are ignored. " +
                "422 when the organisation does not exist, is suspended or is not a fellowship.")
            .RequireAuthorization(Policies.Editor)
            .Produces<GroupResponse>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(new CreateGroupRequest(
                null,
                "Leeds Tuesday Night Group",
                "An open AA meeting; newcomers and visitors welcome.",
                "https://leeds-tuesday.example.org",
                "secretary@leeds-tuesday.example.org",
                "0113 496 0000",
                false,
                ["Leeds", "West Yorkshire"],
                GroupStatus.Active,
                "GB",
                new ServiceBody("Leeds Intergroup", "https://leeds-intergroup.example.org")));
}
