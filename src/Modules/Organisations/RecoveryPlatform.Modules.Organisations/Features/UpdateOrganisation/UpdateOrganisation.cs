using RecoveryPlatform.SharedKernel.Messaging;
using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.Modules.Organisations.Features.GetOrganisation;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.UpdateOrganisation;

/// <summary>
/// The writable fields of an organisation. <c>slug</c> and <c>kind</c> are permanent; <c>status</c>
/// may be changed by platform administrators only.
/// </summary>
internal sealed record UpdateOrganisationRequest(
    string? Name,
    string? Website,
    string? ContactEmail,
    string? Description,
    OrganisationStatus? Status)
{
    public static UpdateOrganisationRequest From(OrganisationResponse o) => new(o.Name, o.Website, o.ContactEmail, o.Description, o.Status);
}

internal sealed record UpdateOrganisationCommand(string Slug, IfMatch? ExpectedVersion, UpdateOrganisationRequest Request) : ICommand<VersionedOrganisation>;

internal sealed class UpdateOrganisationValidator : AbstractValidator<UpdateOrganisationCommand>
{
    public UpdateOrganisationValidator()
    {
        RuleFor(c => c.Request.Name).ValidName().OverridePropertyName("name");
        RuleFor(c => c.Request.Website).ValidWebsite().OverridePropertyName("website");
        RuleFor(c => c.Request.ContactEmail).ValidEmail().OverridePropertyName("contactEmail");
        RuleFor(c => c.Request.Description).ValidDescription().OverridePropertyName("description");
    }
}

internal sealed class UpdateOrganisationHandler(OrganisationsDbContext db, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<UpdateOrganisationCommand, VersionedOrganisation>
{
    public async ValueTask<VersionedOrganisation> Handle(UpdateOrganisationCommand command, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var organisation = await OrganisationAccess.LoadAdministeredAsync(db, caller, command.Slug, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, organisation.Version);
        var now = clock.GetUtcNow();
        var (name, status) = (organisation.Name, organisation.Status);
        if (command.Request.Status is { } newStatus && newStatus != organisation.Status)
        {
            if (!caller.IsPlatformAdmin)
            {
                throw new ForbiddenException("Only a platform administrator can change an organisation's status.");
            }

            organisation.ChangeStatus(newStatus, now);
        }

        organisation.Update(command.Request.Name!, new OrganisationDetails(command.Request.Website, command.Request.ContactEmail, command.Request.Description), now);

        // Other modules show the name and act on the status (a suspension hides meetings and stops keys);
        // a new description or website concerns nobody else, and would make search reload every meeting,
        // so it is recorded, for the change feed alone, as an event they do not follow.
        if (organisation.Status != status)
        {
            var action = organisation.Status == OrganisationStatus.Suspended ? ChangeAction.Deleted : ChangeAction.Created;
            db.Outbox.Add(new OrganisationChangedIntegrationEvent(organisation.Id, action));
        }
        else if (organisation.Name != name)
        {
            db.Outbox.Add(new OrganisationChangedIntegrationEvent(organisation.Id, ChangeAction.Updated));
        }
        else
        {
            db.Outbox.Add(new OrganisationDetailsChanged(organisation.Id));
        }

        return VersionedOrganisation.From(organisation);
    }
}

internal static class UpdateOrganisationEndpoints
{
    public static void Map(IEndpointRouteBuilder organisations)
    {
        organisations.MapPut("/{slug}", (string slug, UpdateOrganisationRequest request, HttpContext http) => VersionedResources.ReplaceAsync(slug, request, http, Replace))
            .WithName("ReplaceOrganisation")
            .WithSummary("Replace an organisation's details")
            .WithDescription("Organisation admins of this organisation and platform admins. Requires If-Match with the current ETag.")
            .WithRequestExample(new UpdateOrganisationRequest("SMART Recovery UK", "https://smartrecovery.org.uk", "info@smartrecovery.org.uk", "Self-empowering addiction recovery support.", OrganisationStatus.Active))
            .WithVersionedWriteConventions<OrganisationResponse>(Policies.OrgAdmin);

        organisations.MapPatch("/{slug}", (string slug, JsonObject patch, HttpContext http) => VersionedResources.MergePatchAsync(slug, patch, http, ReadWritable, Replace))
            .AcceptsMergePatch()
            .WithName("PatchOrganisation")
            .WithSummary("Change some of an organisation's details")
            .WithDescription("JSON Merge Patch (RFC 7396): send only the fields to change; null clears an optional field. Same rules as PUT.")
            .WithRequestExample(new { description = "Support groups across the UK, in person and online." })
            .WithVersionedWriteConventions<OrganisationResponse>(Policies.OrgAdmin);
    }

    private static async ValueTask<Tagged<OrganisationResponse>> Replace(string slug, UpdateOrganisationRequest request, IfMatch expected, ISender sender, CancellationToken cancellationToken)
    {
        var updated = await sender.Send(new UpdateOrganisationCommand(slug, expected, request), cancellationToken);
        return new Tagged<OrganisationResponse>(updated.Organisation, ConcurrencyHeaders.ETagFor(updated.Version));
    }

    private static async ValueTask<UpdateOrganisationRequest> ReadWritable(string slug, ISender sender, CancellationToken cancellationToken) =>
        UpdateOrganisationRequest.From((await sender.Send(new GetOrganisationQuery(slug), cancellationToken)).Organisation);
}
