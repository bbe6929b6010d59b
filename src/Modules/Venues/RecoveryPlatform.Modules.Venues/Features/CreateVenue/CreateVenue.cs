using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features.CreateVenue;

/// <summary>A new venue. The owning organisation is the caller's; platform admins name it with <c>organisation</c>.</summary>
internal sealed record CreateVenueRequest(
    string? Organisation,
    string? Name,
    string? AddressLine1,
    string? AddressLine2,
    string? Town,
    string? Region,
    string? Postcode,
    string? CountryCode,
    double? Latitude,
    double? Longitude,
    string? Directions,
    IReadOnlyList<AccessibilityFeature>? Accessibility,
    string? AccessNotes,
    bool? CoordinatesApproximate = null) : IVenueFields;

internal sealed record CreateVenueCommand(CreateVenueRequest Request) : VenueFieldsMessage(Request), ICommand<VersionedVenue>;

internal sealed class CreateVenueValidator : AbstractValidator<CreateVenueCommand>
{
    public CreateVenueValidator()
    {
        this.ValidateVenueFields();
        RuleFor(c => c.Request.Organisation).MaximumLength(64).OverridePropertyName("organisation");
    }
}

internal sealed class CreateVenueHandler(VenuesDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock) : ICommandHandler<CreateVenueCommand, VersionedVenue>
{
    public async ValueTask<VersionedVenue> Handle(CreateVenueCommand command, CancellationToken cancellationToken)
    {
        var owner = await OwningOrganisation.ForNewRecordAsync(sender, callers.Caller, command.Request.Organisation, OrganisationKind.Fellowship, "venues", cancellationToken);
        var venue = Venue.Create(owner.Id, command.ToDetails(), clock.GetUtcNow());
        db.Venues.Add(venue);
        db.Outbox.Add(new VenueChangedIntegrationEvent(venue.Id, venue.OrganisationId, ChangeAction.Created));
        return VersionedVenue.From(venue);
    }
}

internal static class CreateVenueEndpoint
{
    public static void Map(IEndpointRouteBuilder venues) =>
        venues.MapPost("/", (CreateVenueRequest request, HttpContext http) => VersionedResources.CreateAsync(
                request,
                http,
                static async (request, sender, cancellationToken) =>
                {
                    var created = await sender.Send(new CreateVenueCommand(request), cancellationToken);
                    return new Tagged<VenueResponse>(created.Venue, ConcurrencyHeaders.ETagFor(created.Version));
                },
                static created => $"/api/v1/venues/{created.Id}"))
            .WithName("CreateVenue")
            .WithSummary("Create a venue")
            .WithDescription("Editors and organisation admins of a fellowship, and platform admins (who name the organisation). Name and town are optional (a venue without a name is shown by its first address line, town, region, postcode or coordinates, with nameDerived true). " +
                "Latitude and longitude are required unless the venue is in GB and its postcode's district is known: then the district's centre is used and coordinatesApproximate is true. UK postcodes are checked and normalised.")
            .RequireAuthorization(Policies.Editor)
            .Produces<VenueResponse>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(VenueExamples.Create)
            .WithResponseExample(VenueExamples.Response, StatusCodes.Status201Created);
}

internal static class VenueExamples
{
    public static readonly CreateVenueRequest Create = new(
        null,
        "St Chad's Parish Centre (side room)",
        "Otley Road",
        null,
        "Leeds",
        "West Yorkshire",
        "ls16 5jt",
        "GB",
        53.8326,
        -1.5776,
        "Side door on the car park; the room is on the ground floor.",
        [AccessibilityFeature.StepFreeAccess, AccessibilityFeature.AccessibleToilet, AccessibilityFeature.Parking],
        "Ramp at the side entrance.");

    public static readonly VenueResponse Response = new(
        Guid.Parse("0193a0b0-0000-7000-8000-000000000002"), Guid.Parse("0193a0b0-0000-7000-8000-0000000000a1"), Create.Name!, Create.AddressLine1, null, Create.Town!, Create.Region, "LS16 5JT", "GB", 53.8326, -1.5776,
        Create.Directions, Create.Accessibility!, Create.AccessNotes, false, new DateTimeOffset(2026, 11, 26, 18, 40, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 18, 40, 0, TimeSpan.Zero), false, false);
}
