using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.CreateOrganisation;

/// <summary>A new organisation. <c>slug</c> is its permanent, URL-safe identifier.</summary>
internal sealed record CreateOrganisationRequest(
    string? Slug,
    string? Name,
    OrganisationKind? Kind,
    string? Website,
    string? ContactEmail,
    string? Description);

internal sealed record CreateOrganisationCommand(CreateOrganisationRequest Request) : ICommand<VersionedOrganisation>;

internal sealed class CreateOrganisationValidator : AbstractValidator<CreateOrganisationCommand>
{
    public CreateOrganisationValidator()
    {
        RuleFor(c => c.Request.Slug).ValidSlug().OverridePropertyName("slug");
        RuleFor(c => c.Request.Name).ValidName().OverridePropertyName("name");
        RuleFor(c => c.Request.Kind).NotNull().OverridePropertyName("kind");
        RuleFor(c => c.Request.Website).ValidWebsite().OverridePropertyName("website");
        RuleFor(c => c.Request.ContactEmail).ValidEmail().OverridePropertyName("contactEmail");
        RuleFor(c => c.Request.Description).ValidDescription().OverridePropertyName("description");
    }
}

internal sealed class CreateOrganisationHandler(OrganisationsDbContext db, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<CreateOrganisationCommand, VersionedOrganisation>
{
    public async ValueTask<VersionedOrganisation> Handle(CreateOrganisationCommand command, CancellationToken cancellationToken)
    {
        if (!callers.Caller.IsPlatformAdmin)
        {
            throw new ForbiddenException("Only a platform administrator can create organisations.");
        }

        if (await db.Organisations.AnyAsync(o => o.Slug == command.Request.Slug, cancellationToken))
        {
            throw new ConflictException($"An organisation with the slug '{command.Request.Slug}' already exists.");
        }

        var organisation = Organisation.Create(
            command.Request.Slug!,
            command.Request.Name!,
            command.Request.Kind!.Value,
            new OrganisationDetails(command.Request.Website, command.Request.ContactEmail, command.Request.Description),
            clock.GetUtcNow());
        db.Organisations.Add(organisation);
        db.Outbox.Add(new OrganisationChangedIntegrationEvent(organisation.Id, ChangeAction.Created));
        return VersionedOrganisation.From(organisation);
    }
}

internal static class CreateOrganisationEndpoint
{
    public static void Map(IEndpointRouteBuilder organisations) =>
        organisations.MapPost("/", (CreateOrganisationRequest request, HttpContext http) => VersionedResources.CreateAsync(
                request,
                http,
                static async (request, sender, cancellationToken) =>
                {
                    var created = await sender.Send(new CreateOrganisationCommand(request), cancellationToken);
                    return new Tagged<OrganisationResponse>(created.Organisation, ConcurrencyHeaders.ETagFor(created.Version));
                },
                static created => $"/api/v1/organisations/{created.Slug}"))
            .WithName("CreateOrganisation")
            .WithSummary("Create an organisation")
            .WithDescription("Registers a fellowship or a treatment service. Platform administrators only.")
            .RequireAuthorization(Policies.PlatformAdmin)
            .Produces<OrganisationResponse>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesCommonProblems()
            .WithRequestExample(new CreateOrganisationRequest(
                "smart-recovery-uk",
                "SMART Recovery UK",
                OrganisationKind.Fellowship,
                "https://smartrecovery.org.uk",
                "info@smartrecovery.org.uk",
                "Self-empowering addiction recovery support groups."));
}
