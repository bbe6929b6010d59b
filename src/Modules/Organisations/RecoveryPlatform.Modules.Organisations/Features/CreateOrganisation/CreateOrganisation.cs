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

internal sealed record CreateOrganisationCommand(
    string? Slug,
    string? Name,
    OrganisationKind? Kind,
    string? Website,
    string? ContactEmail,
    string? Description) : ICommand<VersionedOrganisation>;

internal sealed class CreateOrganisationValidator : AbstractValidator<CreateOrganisationCommand>
{
    public CreateOrganisationValidator()
    {
        RuleFor(c => c.Slug).ValidSlug();
        RuleFor(c => c.Name).ValidName();
        RuleFor(c => c.Kind).NotNull();
        RuleFor(c => c.Website).ValidWebsite();
        RuleFor(c => c.ContactEmail).ValidEmail();
        RuleFor(c => c.Description).ValidDescription();
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

        if (await db.Organisations.AnyAsync(o => o.Slug == command.Slug, cancellationToken))
        {
            throw new ConflictException($"An organisation with the slug '{command.Slug}' already exists.");
        }

        var organisation = Organisation.Create(
            command.Slug!,
            command.Name!,
            command.Kind!.Value,
            new OrganisationDetails(command.Website, command.ContactEmail, command.Description),
            clock.GetUtcNow());
        db.Organisations.Add(organisation);
        db.Outbox.Add(new OrganisationChangedIntegrationEvent(organisation.Id));
        return VersionedOrganisation.From(organisation);
    }
}

internal static class CreateOrganisationEndpoint
{
    public static void Map(IEndpointRouteBuilder organisations) =>
        organisations.MapPost("/", async (CreateOrganisationRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var created = await sender.Send(
                    new CreateOrganisationCommand(request.Slug, request.Name, request.Kind, request.Website, request.ContactEmail, request.Description),
                    cancellationToken);
                ConcurrencyHeaders.SetETag(response, created.Version);
                return TypedResults.Created($"/api/v1/organisations/{created.Organisation.Slug}", created.Organisation);
            })
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
